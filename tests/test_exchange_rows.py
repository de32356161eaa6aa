"""Row-level details of the import: words in Indian scripts, and values repeated
down a file (exchange/memo.py remembers what a form field made of a value)."""
import csv
import io

from sqlalchemy import select

from extensions import db
from models import MissingReport, User


def _csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def _import(app, data, **kw):
    from exchange.importer import import_table
    from exchange.parse import read_table
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "dcpu_amd"))
        with app.test_request_context():
            result = import_table("missing", read_table(data, "m.csv"), user, **kw)
            rejects = list(csv.reader(io.StringIO(result.rejects_csv().decode("utf-8-sig"))))
        stored = {pk: (r.child_name, r.gender, r.age_years, r.publish_consent) for pk, r in
                  ((r.id, r) for r in db.session.scalars(select(MissingReport).where(
                      MissingReport.id.in_([pk for _l, pk in result.imported]))))}
        db.session.remove()
    return result, rejects, stored


def test_gender_and_yes_no_in_hindi_and_gujarati(app, world):
    result, rejects, stored = _import(app, _csv([
        ["Name of Child", "Sex", "Date Missing", "Consent to publish"],
        ["Hindi Boy", "पुरुष", "03/10/2026", "हाँ"],
        ["Hindi Girl", "लड़की", "03/10/2026", "नहीं"],
        ["Gujarati Boy", "છોકરો", "03/10/2026", "હા"],
        ["Gujarati Girl", "છોકરી", "03/10/2026", "ના"],
    ]))
    assert not result.rejected, rejects
    assert sorted(stored.values()) == [("Gujarati Boy", "male", None, True),
                                       ("Gujarati Girl", "female", None, False),
                                       ("Hindi Boy", "male", None, True),
                                       ("Hindi Girl", "female", None, False)]


NAMES = ["Asha", "Bhavesh", "Chetan", "Dipika", "Esha", "Farhan", "Gopal", "Hetal", "Ishita", "Jatin"]
REPEATED = [["Name of Child", "Sex", "Age", "Date Missing", "Reason", "Reason for running away"]] + [
    [NAMES[i], sex, age, when, reason, why] for i, (sex, age, when, reason, why) in enumerate([
        ("male", "9", "03/10/2026", "lost", ""),
        ("male", "abc", "03/10/2026", "lost", ""),        # not a number
        ("male", "9", "03/10/2026", "ran away", ""),      # the reason is required (across fields)
        ("female", "abc", "04/10/2026", "lost", ""),      # the same bad age again
        ("female", "9", "03/10/2026", "ran away", "scolded"),
        ("male", "30", "01/01/2099", "lost", ""),         # two field errors at once
        ("male", "9", "03/10/2026", "ran away", ""),      # the cross-field check again
        ("male", "30", "01/01/2099", "lost", ""),         # both again
        ("female", "", "03/10/2026", "lost", "scolded"),  # only for a runaway
        ("male", "9", "03/10/2026", "lost", ""),          # the first good row's values again
    ])]


def test_repeated_values_get_the_same_checks_as_the_first_time(app, world, monkeypatch):
    """Rows repeating a value, good or bad, are judged as if each were the first:
    the same result with the fields' outcomes remembered as without."""
    from exchange import importer
    remembered = _import(app, _csv(REPEATED))
    with app.app_context():
        db.session.execute(MissingReport.__table__.delete().where(
            MissingReport.child_name.in_(NAMES)))
        db.session.commit()
    monkeypatch.setattr(importer, "remember", lambda form: [])
    plain = _import(app, _csv(REPEATED))
    assert remembered[1] == plain[1]  # the same rejects, the same reasons
    assert sorted(remembered[2].values()) == sorted(plain[2].values())
    reasons = {row[0]: row[-1] for row in remembered[1][1:]}
    assert "Not a valid integer" in reasons["Bhavesh"] and "Not a valid integer" in reasons["Dipika"]
    assert "Say why the child ran away" in reasons["Chetan"]
    assert reasons["Chetan"] == reasons["Gopal"]
    assert "in the future" in reasons["Farhan"] and "between 0 and 17" in reasons["Farhan"]
    assert reasons["Farhan"] == reasons["Hetal"]
    assert "Only for a child who ran away" in reasons["Ishita"]
    assert len(remembered[0].imported) == 3 and len(remembered[0].rejected) == 7


def test_the_garbage_collector_setting_is_put_back(app, world):
    """An import lets the cycle collector run less often, and puts it back after,
    also when imports overlap (threads of one worker) or one fails."""
    import gc

    from exchange.importer import _fewer_gc_passes
    before = gc.get_threshold()
    _import(app, _csv([["Name of Child", "Sex", "Date Missing"], ["Kavya", "F", "03/10/2026"]]))
    assert gc.get_threshold() == before
    outer = _fewer_gc_passes()
    outer.__enter__()
    try:
        with _fewer_gc_passes():
            assert gc.get_threshold() != before
        assert gc.get_threshold() != before  # the outer import still runs
    finally:
        outer.__exit__(None, None, None)
    assert gc.get_threshold() == before
