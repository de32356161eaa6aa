"""`flask --app app rematch`: run matching again over every report still being
looked for, as saving each by hand would. Reading a page never proposes; after
the engine or the pet-name table changes, this command is how the stored
proposals catch up. Decided pairs stay as they were.

`flask --app app estimate-match-weights`: estimate the engine's Fellegi–Sunter
parameters on this site's register (matching/estimate.py), with the reviewers'
confirmed and rejected pairs, write them to MATCH_WEIGHTS_FILE and start a new
matching generation (every worker rebuilds its index with them). Run `rematch`
afterwards for the stored proposals to take the new scores."""
import os

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from extensions import db
from matches.records import in_index
from models import FoundReport, Match, MissingReport
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


@click.command("estimate-match-weights")
@click.option("--output", default=None, help="Where to write them (default: MATCH_WEIGHTS_FILE).")
@click.option("--queries", default=3000, show_default=True,
              help="Found reports whose candidates are sampled.")
@click.option("--seed", default=0, show_default=True)
@with_appcontext
def estimate_match_weights(output, queries, seed) -> None:
    """Estimate the matching weights on the register and the reviewers' decisions."""
    from flask import current_app

    from matches.records import engine_id, engine_record
    from matches.registry import match_weights, pet_names
    from matching import MatchIndex
    from matching.estimate import estimate
    from models.matches import CONFIRMED, REJECTED
    from models.settings import new_matching_generation

    index = MatchIndex(pet_names(), match_weights())
    found = []
    for model in (MissingReport, FoundReport):
        for report in db.session.scalars(select(model).where(model.archived_at.is_(None))):
            if in_index(report):
                record = engine_record(report)
                index.add(record)
                if model is FoundReport:
                    found.append(record)
        db.session.expunge_all()
    labelled = []
    for match in db.session.scalars(select(Match).where(Match.status.in_((CONFIRMED, REJECTED)))):
        missing = engine_record(match.missing_report)
        if missing["id"] not in index:   # a traced child leaves the register: scored all the same
            index.add(missing)
        labelled.append((engine_record(match.found_report), engine_id(match.missing_report),
                         match.status == CONFIRMED))
    if not found:
        raise click.ClickException("No found reports to estimate from.")
    weights = estimate(index, found, labelled=labelled, seed=seed, max_queries=queries)
    path = output or current_app.config["MATCH_WEIGHTS_FILE"]
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    weights.save(path)
    if output is None:
        with db.engine.begin() as connection:
            new_matching_generation(connection)
    click.echo(f"{weights.source}\nprior: {weights.prior}\nwritten to {path}")
