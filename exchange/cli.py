"""`flask --app app import KIND FILE --user USERNAME [--rejects PATH] [--dry-run]`."""
import os
import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy import func, select

from exchange import KINDS, ExchangeError
from exchange.importer import import_table
from exchange.parse import read_table
from extensions import db
from models import User


@click.command("import")
@with_appcontext
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--user", "username", required=True,
              help="The account to act as: its role, jurisdiction and language apply.")
@click.option("--rejects", type=click.Path(dir_okay=False),
              help="Where to write the rejected rows (default: FILE.rejects.csv).")
@click.option("--dry-run", is_flag=True, help="Check every row and write nothing.")
def import_command(kind, file, username, rejects, dry_run):
    """Import missing reports, found-child reports or children from CSV or XLSX."""
    user = db.session.scalar(select(User).where(func.lower(User.username) == username.lower()))
    if user is None or not user.is_enabled:
        raise click.ClickException(f"No enabled account {username!r}.")
    with open(file, "rb") as fh:
        data = fh.read()
    language = user.language or "en"
    with current_app.test_request_context(), force_locale(language):
        try:
            table = read_table(data, os.path.basename(file))
            rows = sum(1 for r in table.rows if r is not None)
            with click.progressbar(length=rows, label=f"Importing {rows} rows",
                                   show_pos=True, file=sys.stderr) as bar:
                result = import_table(kind, table, user, dry_run=dry_run, progress=bar.update)
        except ExchangeError as exc:
            raise click.ClickException(str(exc))
        click.echo(("Dry run, nothing written. " if dry_run else "") + result.summary())
        click.echo(f"{result.total / max(result.seconds, 1e-9):,.0f} rows per second; "
                   f"{result.proposals} possible matches proposed.")
        if result.present:
            shown = ", ".join(str(line) for line, _pk in result.present[:20])
            more = "…" if len(result.present) > 20 else ""
            click.echo(f"Already present (lines): {shown}{more}")
        if result.rejected:
            path = rejects or f"{file}.rejects.csv"
            with open(path, "wb") as fh:
                fh.write(result.rejects_csv())
            click.echo(f"Rejected rows, with the reason for each: {path}")
