"""Decisions that cannot contradict each other (issue #11, items 1, 2, 3 and 5):
one found child is one missing child, archived reports leave every queue,
reading a page proposes nothing, one waiting transfer per child, and a decision
raced by someone else is told so, never answered with the error page."""
import contextlib
from datetime import timedelta

import pytest
from sqlalchemy import event, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from extensions import db
from matches import workflow
from models import AuditLog, FoundReport, Match, MissingReport, Transfer
from models.base import utcnow
from tests.conftest import csrf_from
from tests.helpers import db_fingerprint, submit
from tests.world import NOW


def _add(app, *records):
    with app.app_context():
        db.session.add_all(records)
        db.session.commit()
        return [record.id for record in records]


def _missing(world, name, district="srt"):
    return MissingReport(child_name=name, father_name="Suresh", gender="male", age_years=9,
                         height_cm=128, district_id=world.district[district],
                         police_unit_id=world.unit[f"{district}_ps1"],
                         missing_at=NOW - timedelta(days=30), reason="lost")


def _found(world, name, district="amd"):
    return FoundReport(child_name=name, father_name="Suresh", gender="male", estimated_age_years=9,
                       height_cm=129, district_id=world.district[district],
                       police_unit_id=world.unit[f"{district}_ps1"],
                       found_at=NOW - timedelta(days=3), place_found="Kalupur station", status="open")


@pytest.fixture
def two_missing_one_found(app, world):
    """Missing reports A and B (Surat), found report F (Ahmedabad), both pairs proposed."""
    missing_a, missing_b, found = _add(app, _missing(world, "Rahul"), _missing(world, "Rahul Kumar"),
                                       _found(world, "Rahul"))
    with app.app_context():
        pair_a = Match(missing_report_id=missing_a, found_report_id=found, score=80, reasons="{}")
        pair_b = Match(missing_report_id=missing_b, found_report_id=found, score=75, reasons="{}")
        db.session.add_all([pair_a, pair_b])
        db.session.commit()
        return {"a": missing_a, "b": missing_b, "found": found, "pair_a": pair_a.id, "pair_b": pair_b.id}


def _decide(client, match_id, decision, note=""):
    page = client.get(f"/admin/matches/pair/{match_id}/")
    assert page.status_code == 200
    return client.post(f"/admin/matches/pair/{match_id}/decide/",
                       data={"decision": decision, "note": note, "csrf_token": csrf_from(page)},
                       follow_redirects=True)


def _get(app, model, pk):
    with app.app_context():
        row = db.session.get(model, pk)
        db.session.expunge_all()
        return row


@contextlib.contextmanager
def meanwhile(app, *statements):
    """Run `statements` in another transaction just before the request's session
    writes: another reviewer or officer acting at the same moment (SQLite has
    one writer, so "the same moment" is before our first write)."""
    done = []

    def other_transaction(session, flush_context, instances):
        if done:
            return
        done.append(True)
        with db.engine.begin() as connection:
            for statement in statements:
                connection.execute(statement)

    event.listen(Session, "before_flush", other_transaction)
    try:
        yield
    finally:
        event.remove(Session, "before_flush", other_transaction)
    assert done, "the other transaction never ran"


# ---- item 1: one found child, one missing child ---------------------------------------
def test_a_found_child_confirmed_once_closes_its_other_proposals(app, client, auth, two_missing_one_found):
    ids = two_missing_one_found
    auth.login("dcpu_amd")
    page = _decide(client, ids["pair_a"], "confirm").get_data(as_text=True)
    assert "Confirmed" in page
    assert _get(app, Match, ids["pair_b"]).status == "closed"

    second = _decide(client, ids["pair_b"], "confirm")
    assert second.status_code == 200
    assert "no longer waiting for a decision" in second.get_data(as_text=True)
    assert _get(app, MissingReport, ids["b"]).status == "open"  # still missing, still listed
    assert _get(app, FoundReport, ids["found"]).missing_report_id == ids["a"]
    with app.app_context():
        closed_audit = db.session.scalar(select(AuditLog.id).where(
            AuditLog.table_name == "matches", AuditLog.record_id == ids["pair_b"]))
        assert closed_audit is not None
    # The closed pair is in no queue.
    assert f"/admin/matches/pair/{ids['pair_b']}/" not in client.get("/admin/matches/").get_data(as_text=True)


def test_a_confirm_is_refused_when_either_side_is_already_linked(app, client, auth, world,
                                                                  two_missing_one_found):
    """A found report linked some other way (an edit, an import) is not open to a second link."""
    ids = two_missing_one_found
    with app.app_context():
        db.session.execute(update(FoundReport).where(FoundReport.id == ids["found"])
                           .values(missing_report_id=ids["a"], version=FoundReport.version + 1))
        db.session.commit()
    auth.login("dcpu_amd")
    before = db_fingerprint(app)
    page = _decide(client, ids["pair_b"], "confirm").get_data(as_text=True)
    assert "already linked to a missing child" in page
    assert db_fingerprint(app) == before


def test_two_reviewers_confirming_at_once_link_one_pair(app, client, auth, two_missing_one_found):
    """Reviewer 1 confirms F with B; in the same instant reviewer 2's confirmation
    of F with A commits. The database refuses the later one; the page says so."""
    ids = two_missing_one_found
    now = utcnow()
    other_reviewer = (
        update(Match).where(Match.id == ids["pair_a"])
        .values(status="confirmed", decided_at=now, version=Match.version + 1),
        update(FoundReport).where(FoundReport.id == ids["found"])
        .values(missing_report_id=ids["a"], version=FoundReport.version + 1),
        update(MissingReport).where(MissingReport.id == ids["a"])
        .values(status="traced", traced_at=now, version=MissingReport.version + 1))
    auth.login("dcpu_amd")
    page = client.get(f"/admin/matches/pair/{ids['pair_b']}/")
    with meanwhile(app, *other_reviewer):
        response = client.post(f"/admin/matches/pair/{ids['pair_b']}/decide/",
                               data={"decision": "confirm", "csrf_token": csrf_from(page)},
                               follow_redirects=True)
    assert response.status_code == 200
    assert "Someone else decided on these records a moment ago" in response.get_data(as_text=True)
    assert _get(app, Match, ids["pair_b"]).status == "proposed"
    assert _get(app, MissingReport, ids["b"]).status == "open"
    assert _get(app, FoundReport, ids["found"]).missing_report_id == ids["a"]


@pytest.mark.parametrize("side", ["missing_report_id", "found_report_id"])
def test_the_database_holds_one_confirmed_pair_per_report(app, two_missing_one_found, world, side):
    """The partial unique indexes, whatever the application checks."""
    ids = two_missing_one_found
    other_found, = _add(app, _found(world, "Rahul K"))
    with app.app_context():
        if side == "missing_report_id":  # missing A confirmed with F and with another found child
            extra = Match(missing_report_id=ids["a"], found_report_id=other_found, score=60, reasons="{}")
            db.session.add(extra)
            db.session.commit()
            first, second = ids["pair_a"], extra.id
        else:
            first, second = ids["pair_a"], ids["pair_b"]
        db.session.execute(update(Match).where(Match.id == first).values(status="confirmed"))
        db.session.commit()
        with pytest.raises(IntegrityError):
            db.session.execute(update(Match).where(Match.id == second).values(status="confirmed"))
            db.session.flush()
        db.session.rollback()
        # Rejected pairs are not limited.
        db.session.execute(update(Match).where(Match.id == second).values(status="rejected"))
        db.session.commit()


# ---- item 2: archived reports leave every queue --------------------------------------
def test_an_archived_report_leaves_the_queues_and_takes_no_decision(app, client, auth,
                                                                    two_missing_one_found):
    ids = two_missing_one_found
    with app.app_context():
        report = db.session.get(MissingReport, ids["a"])
        report.archived_at, report.archive_reason = utcnow(), "Duplicate of an older report"
        db.session.commit()
    auth.login("dcpu_amd")
    queue = client.get("/admin/matches/").get_data(as_text=True)
    assert f"/admin/matches/pair/{ids['pair_a']}/" not in queue
    assert f"/admin/matches/pair/{ids['pair_b']}/" in queue
    home = client.get("/admin/").get_data(as_text=True)
    assert "/admin/matches/" in home
    page = client.get(f"/admin/matches/pair/{ids['pair_a']}/").get_data(as_text=True)
    assert "archived: no decision can be taken" in page and "Confirm: same child" not in page
    before = db_fingerprint(app)
    for decision, note in (("confirm", ""), ("reject", "Not the same child")):
        response = _decide(client, ids["pair_a"], decision, note)
        assert "archived: no decision can be taken" in response.get_data(as_text=True)
    assert db_fingerprint(app) == before
    assert _get(app, MissingReport, ids["a"]).status == "open"


def test_home_figure_counts_the_queue(app, client, auth, two_missing_one_found):
    """The home page counts with the queue's own clause: archived and decided pairs leave both."""
    import re
    ids = two_missing_one_found
    auth.login("dcpu_amd")

    def figure_and_rows():
        home = client.get("/admin/").get_data(as_text=True)
        figure = int(re.search(r'data-figure="new_matches">\s*<div class="display-4">(\d+)<', home)[1])
        queue = client.get("/admin/matches/").get_data(as_text=True)
        return figure, len(set(re.findall(r"/admin/matches/pair/(\d+)/", queue)))

    assert figure_and_rows() == (2, 2)
    with app.app_context():
        report = db.session.get(MissingReport, ids["a"])
        report.archived_at, report.archive_reason = utcnow(), "Duplicate"
        db.session.commit()
    assert figure_and_rows() == (1, 1)
    _decide(client, ids["pair_b"], "confirm")
    assert figure_and_rows()[0] == 0


# ---- item 3: reading a page proposes nothing --------------------------------------------
def test_possible_matches_page_writes_nothing_and_rematch_proposes(app, client, auth, world):
    """Reports stored without matching (as an old database or a restore holds them)."""
    missing_id, found_id = _add(app, _missing(world, "Rahul"), _found(world, "Rahul"))
    for username in ("stateofficer_gj", "dcpu_srt"):
        auth.login(username)
        before = db_fingerprint(app)
        page = client.get(f"/admin/matches/missing/{missing_id}/")
        assert page.status_code == 200
        assert db_fingerprint(app) == before, username
        # Ranked now, as a candidate; no stored pair to compare yet (#13 item 3).
        html = page.get_data(as_text=True)
        assert f'data-candidate="found:{found_id}"' in html and "/admin/matches/pair/" not in html
        auth.logout()
    result = app.test_cli_runner().invoke(args=["rematch"])
    assert result.exit_code == 0, result.output
    assert "proposals kept:" in result.output
    with app.app_context():
        pair = db.session.scalar(select(Match).where(Match.missing_report_id == missing_id,
                                                     Match.found_report_id == found_id))
        assert pair is not None and pair.status == "proposed"
    auth.login("dcpu_srt")
    assert f"/admin/matches/pair/{pair.id}/" in client.get(
        f"/admin/matches/missing/{missing_id}/").get_data(as_text=True)


# ---- item 5: one waiting transfer per child; stale decisions --------------------------
def test_the_database_holds_one_waiting_transfer_per_child(app, world):
    with app.app_context():
        db.session.add(Transfer(child_id=world.child["srt_cncp"], from_institution_id=world.cci["srt_home"],
                                to_institution_id=world.cci["amd_obs"], order_reference="CWC-2"))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_two_transfer_requests_sent_at_once_make_one(app, client, auth, world, monkeypatch):
    """Both requests pass the form's check before either commits: the index keeps
    one; the second officer keeps the form and reads why."""
    from admin_views.transfers import TransferView
    child_id = world.child["amd_cncp"]
    auth.login("cci_amd")
    data = {"child": str(child_id), "to_institution": str(world.cci["srt_home"]),
            "order_reference": "CWC/AMD/2026/12", "reason": "Closer to family"}
    first_request = (text("INSERT INTO transfers (child_id, from_institution_id, to_institution_id, "
                          "order_reference, status, requested_at, version, created_at, updated_at) "
                          "VALUES (:child, :home, :target, 'CWC/AMD/2026/11', 'requested', "
                          ":now, 1, :now, :now)")
                     .bindparams(child=child_id, home=world.cci["amd_home"],
                                 target=world.cci["srt_obs"], now=utcnow()))
    original_check = TransferView.check_record

    def check_then_the_other_request_commits(self, form):
        original_check(self, form)
        with db.engine.begin() as connection:
            connection.execute(first_request)

    monkeypatch.setattr(TransferView, "check_record", check_then_the_other_request_commits)
    response = submit(client, "/admin/transfer/new/", data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "already waiting for a decision" in html and "Closer to family" in html
    with app.app_context():
        waiting = db.session.scalars(select(Transfer).where(
            Transfer.child_id == child_id, Transfer.status == "requested")).all()
        assert [t.order_reference for t in waiting] == ["CWC/AMD/2026/11"]


def test_a_transfer_decided_meanwhile_is_reported_not_an_error(app, client, auth, world):
    transfer_id = world.transfer["srt_to_amd"]
    auth.login("cci_amd")
    page = client.get(f"/admin/transfer/details/?id={transfer_id}")
    other_officer = (update(Transfer).where(Transfer.id == transfer_id)
                     .values(status="declined", decided_at=utcnow(), version=Transfer.version + 1))
    with meanwhile(app, other_officer):
        response = client.post(f"/admin/transfer/decide/?id={transfer_id}",
                               data={"decision": "accept", "csrf_token": csrf_from(page)},
                               follow_redirects=True)
    assert response.status_code == 200
    assert "Someone else decided this transfer a moment ago" in response.get_data(as_text=True)
    assert _get(app, Transfer, transfer_id).status == "declined"
    assert _get(app, __import__("models").Child, world.child["srt_cncp"]).institution_id == world.cci["srt_home"]
