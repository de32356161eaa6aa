"""Command-line commands: `flask --app app create-admin`, `flask --app app seed-demo`."""

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select
from sqlalchemy import inspect as sa_inspect

from auth.passwords import temporary_password
from exchange.cli import import_command
from extensions import db
from maintenance import register as register_maintenance
from matches.cli import estimate_match_weights, rematch
from models import User
from models.audit import system_actor
from summaries.cli import summary


def register_commands(app: Flask) -> None:
    app.cli.add_command(create_admin)
    app.cli.add_command(seed_demo)
    app.cli.add_command(import_command)
    app.cli.add_command(summary)
    app.cli.add_command(rematch)
    app.cli.add_command(load_places)
    app.cli.add_command(estimate_match_weights)
    register_maintenance(app)  # backup, restore


def _ensure_schema() -> None:
    from flask_migrate import upgrade

    from app import MIGRATIONS_DIR
    upgrade(directory=MIGRATIONS_DIR)


@click.command("create-admin")
@with_appcontext
@click.option("--username", prompt=True, help="Username of the national admin.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--full-name", default="", help="Shown in the panel.")
def create_admin(username: str, password: str, full_name: str) -> None:
    """Create the first national admin on an empty install."""
    _ensure_schema()
    from flask_babel import force_locale

    from auth.passwords import policy_problem
    with force_locale("en"):  # the command line speaks English
        problem = policy_problem(password)  # the policy of every password a person chooses
    if problem:
        raise click.ClickException(problem)
    if db.session.scalar(select(User.id).where(func.lower(User.username) == username.lower())):
        raise click.ClickException(f"The username {username!r} is taken.")
    token = system_actor.set("create-admin")
    try:
        user = User(username=username, full_name=full_name, role="national_admin",
                    must_change_password=False)
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
    finally:
        system_actor.reset(token)
    click.echo(f"National admin {username} created. Sign in at http://127.0.0.1:5000/")


@click.command("seed-demo")
@with_appcontext
@click.option("--children", default=600, show_default=True, help="How many children to create.")
@click.option("--seed", default=2026, show_default=True, help="Random seed (same seed, same data).")
@click.option("--if-empty", is_flag=True, help="Do nothing (and succeed) when accounts exist.")
@click.option("--training", is_flag=True,
              help="Mark the database as a training database (implied by BALSETU_TRAINING=1).")
def seed_demo(children: int, seed: int, if_empty: bool, training: bool) -> None:
    """Load the Gujarat pilot demo (and Pune) into an empty database."""
    from demo.seed import seed_database
    _ensure_schema()
    training = training or bool(current_app.config.get("TRAINING_MODE"))
    if training and not sa_inspect(db.engine).has_table("site_settings"):
        raise click.ClickException("The database has no site_settings table, where the training "
                                   "mark is kept: run `flask --app app db upgrade` first.")
    if db.session.scalar(select(func.count()).select_from(User)):
        if training:
            _keep_training_mark()
            return
        if if_empty:
            click.echo("The database already has accounts; the demo was not loaded again.")
            return
        raise click.ClickException("The database already has accounts: seed-demo loads only "
                                   "into an empty database.")
    password = current_app.config.get("DEMO_PASSWORD")
    generated = not password
    if generated:
        password = temporary_password()  # read aloud in training: no look-alike characters
    token = system_actor.set("seed-demo")
    try:
        summary = seed_database(password=password, children=children, seed=seed)
    finally:
        system_actor.reset(token)
    for line in summary:
        click.echo(line)
    if training:
        _mark_training()
    if generated:
        click.echo(f"DEMO_PASSWORD was not set; every demo account has the password: {password}")


@click.command("load-places")
@with_appcontext
def load_places() -> None:
    """Add India's states, union territories and districts (English, Hindi and
    Gujarati names) that the database lacks; existing places are kept as they are."""
    from reference_data import load_india
    token = system_actor.set("load-places")
    try:
        loaded = load_india()
        db.session.commit()
    finally:
        system_actor.reset(token)
    click.echo(f"{loaded.states_added} states and {loaded.districts_added} districts added; "
               f"{loaded.names_filled} missing Hindi or Gujarati names filled in.")


def _mark_training() -> None:
    """Marks the database as a training database: only here, never from the web."""
    from models.settings import mark_training
    mark_training(db.session)
    db.session.commit()
    current_app.extensions.pop("balsetu_training_mark", None)  # the banner shows at once
    click.echo("This database is marked as a training database: every page shows the "
               "training banner. Start the app with BALSETU_TRAINING=1.")


def _keep_training_mark() -> None:
    """seed-demo --training on a database with accounts: fine if it is already a
    training database; never marks one that may hold real records."""
    from models.settings import TRAINING, database_purpose
    if database_purpose(db.session.connection()) == TRAINING:
        click.echo("This is already a training database; the demo was not loaded again.")
        return
    raise click.ClickException(
        "The database already has accounts and is not a training database: seed-demo "
        "--training marks only a database it has just loaded. Point DATABASE_URL at an "
        "empty database (for example sqlite:///$PWD/instance/training.db) and run it again.")
