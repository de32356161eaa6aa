"""`flask --app app summary --month YYYY-MM [--state NAME_OR_CODE] [--district NAME_OR_CODE]
--format csv|json`: the monthly summary for scheduled jobs, on standard output.

No --state and no --district: the national summary (a row per state); --state: a
row per district of the state; --district: a row per institution of the district
(with --state too when the district's name is not unique across states)."""
import click
from flask import current_app
from flask.cli import with_appcontext

from extensions import db
from models import District, State
from summaries import export, levels, table
from summaries.periods import Month


@click.command("summary")
@click.option("--month", "month_text", required=True, help="The month, as YYYY-MM.")
@click.option("--state", "state_text", default=None, help="A state's name or code.")
@click.option("--district", "district_text", default=None, help="A district's name or code.")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@with_appcontext
def summary(month_text, state_text, district_text, fmt):
    """Print the monthly summary of the nation, a state or a district."""
    try:
        month = Month.parse(month_text)
    except ValueError:
        raise click.BadParameter("give the month as YYYY-MM, for example 2026-10", param_hint="--month")
    # Labels are translated per request; a scheduled job gets English.
    with current_app.test_request_context(headers={"Accept-Language": "en"}):
        state = None
        if state_text:
            found = levels.find_by_name_or_code(State, state_text)
            if not found:
                raise click.BadParameter(f"no state named or coded {state_text!r}", param_hint="--state")
            state = found[0]
        if district_text:
            found = levels.find_by_name_or_code(District, district_text, state.id if state else None)
            if not found:
                raise click.BadParameter(f"no district named or coded {district_text!r}"
                                         + (f" in {state.name}" if state else ""), param_hint="--district")
            if len(found) > 1:
                raise click.BadParameter(f"{len(found)} districts are named {district_text!r}: "
                                         "add --state, or give the district's code", param_hint="--district")
            selection = levels.of_district(found[0])
        elif state is not None:
            selection = levels.of_state(state)
        else:
            selection = levels.national()
        result = table.build(selection, month)
        click.echo(export.to_csv(result) if fmt == "csv" else export.to_json(result), nl=False)
        db.session.remove()
