"""`flask --app app rematch`: run matching again over every report still being
looked for, as saving each by hand would. Reading a page never proposes; after
the engine or the pet-name table changes, this command is how the stored
proposals catch up. Decided pairs stay as they were."""
import click
from flask.cli import with_appcontext
from sqlalchemy import select

from extensions import db
from matches.records import in_index
from models import FoundReport, MissingReport
from models.audit import system_actor


@click.command("rematch")
@with_appcontext
def rematch() -> None:
    """Propose matches again for every open report (missing and found)."""
    from matches.workflow import propose_for
    token = system_actor.set("rematch")
    try:
        reports = proposals = 0
        for model in (MissingReport, FoundReport):
            ids = db.session.scalars(select(model.id).where(
                model.status == "open", model.archived_at.is_(None)).order_by(model.id)).all()
            for report_id in ids:
                report = db.session.get(model, report_id)
                if in_index(report):
                    reports += 1
                    proposals += len(propose_for(report))
                db.session.expunge_all()  # keep memory flat on a national database
        click.echo(f"reports matched: {reports}; proposals kept: {proposals}")
    finally:
        system_actor.reset(token)
