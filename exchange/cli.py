"""`flask --app app import KIND FILE --user USERNAME [--rejects PATH] [--dry-run] [--no-progress]`."""
import os
import sys
import time
from dataclasses import dataclass

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy import func, select

from exchange import KINDS, ExchangeError
from exchange.importer import ImportResult, import_table
from exchange.parse import read_table
from extensions import db
from models import User


@dataclass
class FileImport:
    result: ImportResult
    summary: str               # the counts, in the user's language
    rejects_path: str | None   # where the rejected rows were written, if any
    seconds: float             # the whole command: reading the file to writing the rejects


def import_file(kind: str, path: str, username: str, rejects: str | None = None,
                dry_run: bool = False, progress: bool = True) -> FileImport:
    """What `flask import` does, without printing: read the file, import it acting
    as the account (its role, jurisdiction and language), write the rejected rows.
    Raises click.ClickException for a user or file that cannot be used
    (benchmarks/import.py calls this too)."""
    started = time.perf_counter()
    user = db.session.scalar(select(User).where(func.lower(User.username) == username.lower()))
    if user is None or not user.is_enabled:
        raise click.ClickException(f"No enabled account {username!r}.")
    with open(path, "rb") as fh:
        data = fh.read()
    language = user.language or "en"
    with current_app.test_request_context(), force_locale(language):
        try:
            table = read_table(data, os.path.basename(path))
            rows = sum(1 for r in table.rows if r is not None)
            if progress:
                with click.progressbar(length=rows, label=f"Importing {rows} rows",
                                       show_pos=True, file=sys.stderr) as bar:
                    result = import_table(kind, table, user, dry_run=dry_run, progress=bar.update)
            else:
                result = import_table(kind, table, user, dry_run=dry_run)
        except ExchangeError as exc:
            raise click.ClickException(str(exc)) from None
        rejects_path = None
        if result.rejected:
            rejects_path = rejects or f"{path}.rejects.csv"
            with open(rejects_path, "wb") as fh:
                fh.write(result.rejects_csv())
        summary = result.summary()
    return FileImport(result, summary, rejects_path, time.perf_counter() - started)


@click.command("import")
@with_appcontext
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--user", "username", required=True,
              help="The account to act as: its role, jurisdiction and language apply.")
@click.option("--rejects", type=click.Path(dir_okay=False),
              help="Where to write the rejected rows (default: FILE.rejects.csv).")
@click.option("--dry-run", is_flag=True, help="Check every row and write nothing.")
@click.option("--progress/--no-progress", default=True, show_default=True,
              help="Show a progress bar on standard error.")
def import_command(kind, file, username, rejects, dry_run, progress):
    """Import missing reports, found-child reports or children from CSV or XLSX."""
    done = import_file(kind, file, username, rejects=rejects, dry_run=dry_run, progress=progress)
    result = done.result
    click.echo(("Dry run, nothing written. " if dry_run else "") + done.summary)
    click.echo(f"{result.total / max(done.seconds, 1e-9):,.0f} rows per second; "
               f"{result.proposals} possible matches proposed.")
    if result.present:
        shown = ", ".join(str(line) for line, _pk in result.present[:20])
        more = "…" if len(result.present) > 20 else ""
        click.echo(f"Already present (lines): {shown}{more}")
    if done.rejects_path:
        click.echo(f"Rejected rows, with the reason for each: {done.rejects_path}")
