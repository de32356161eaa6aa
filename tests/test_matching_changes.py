"""Every worker's matching index sees every committed change of a report, in the
order the database gives (models/report_changes.py, matches/registry.py): not
by the app server's clock, not missing a transaction that commits late, not
keeping a stale index after `restore`; and reading pages writes nothing.

A second app on the same database stands for another gunicorn worker: it has
its own index (the registry keeps one per app and process)."""
import os
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app import create_app
from extensions import db
from matches import registry
from models import FoundReport, Match, MissingReport, PetName, ReportChange, User
from models.base import utcnow
from models.settings import new_matching_generation
from tests.test_exchange_batch import MISSING_ROWS, _file

PAST = datetime(2020, 1, 1, tzinfo=UTC)
FUTURE = datetime(2031, 1, 1, tzinfo=UTC)


@pytest.fixture
def other_worker(app):
    worker = create_app({key: app.config[key] for key in (
        "TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "SQLALCHEMY_ENGINE_OPTIONS")})
    yield worker
    with worker.app_context():
        db.engine.dispose()


def _index(worker):
    """The worker's index, caught up as before a search."""
    with worker.app_context():
        try:
            return registry.current_index()
        finally:
            db.session.remove()


def _archive(report) -> None:
    report.archived_at, report.archive_reason = utcnow(), "test"


def _archive_and_commit(app, model, pk) -> str:
    with app.app_context():
        _archive(db.session.get(model, pk))
        db.session.commit()
        db.session.remove()
    return f"{model.__name__.removesuffix('Report').lower()}:{pk}"


def _changes(app) -> int:
    with app.app_context():
        try:
            return db.session.scalar(select(func.count()).select_from(ReportChange))
        finally:
            db.session.remove()


def test_a_report_saved_by_a_worker_whose_clock_is_behind_is_seen(app, world, other_worker):
    assert f"missing:{world.missing['amd_ps1']}" in _index(other_worker)
    with time_machine.travel(PAST):  # this worker's clock is years behind
        rid = _archive_and_commit(app, MissingReport, world.missing["amd_ps1"])
    assert rid not in _index(other_worker)


def test_a_worker_whose_clock_is_ahead_still_sees_later_saves(app, world, other_worker):
    rid = f"found:{world.found['amd_ps1']}"
    _index(other_worker)
    with time_machine.travel(FUTURE):  # the other worker's clock is years ahead
        assert rid in _index(other_worker)
    _archive_and_commit(app, FoundReport, world.found["amd_ps1"])
    assert rid not in _index(other_worker)


def test_a_pet_name_edited_by_a_worker_whose_clock_is_behind_rebuilds_every_index(
        app, world, other_worker):
    with app.app_context():
        db.session.add_all([PetName(pet_name="Bablu", formal_names="Bhavesh"),
                            PetName(pet_name="Pappu", formal_names="Prakash")])
        db.session.commit()
        db.session.remove()
    before = _index(other_worker)
    assert _index(other_worker) is before  # nothing changed: the same index
    with time_machine.travel(PAST), app.app_context():
        db.session.scalar(select(PetName).where(PetName.pet_name == "Bablu")).formal_names = "Bharat"
        db.session.commit()
        db.session.remove()
    assert _index(other_worker) is not before


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                    reason="PostgreSQL only: SQLite has one writer at a time, so a transaction "
                           "cannot write before another and commit after it")
def test_a_transaction_that_commits_after_a_later_one_is_seen(app, world, other_worker):
    """A writes first (the smaller change id) and commits last, minutes later
    (a long import batch); the worker catches up in between."""
    early, late = world.missing["amd_ps1"], world.missing["srt_ps1"]
    _index(other_worker)
    with app.app_context():
        slow = Session(db.engine)
        try:
            _archive(slow.get(MissingReport, early))
            slow.flush()  # its change row is written, the transaction stays open
            _archive_and_commit(app, MissingReport, late)
            with time_machine.travel(utcnow() + timedelta(minutes=5)):
                index = _index(other_worker)
                assert f"missing:{late}" not in index
                assert f"missing:{early}" in index  # not committed yet
                slow.commit()
            with time_machine.travel(utcnow() + timedelta(minutes=6)):
                assert f"missing:{early}" not in _index(other_worker)
        finally:
            slow.close()


def test_the_index_holds_committed_records_only(app, world):
    """A catch-up inside a transaction that is then rolled back keeps nothing of
    it, and misses nothing written after (SQLite gives a rolled-back id again)."""
    kept, later = world.missing["amd_ps2"], world.missing["pune_ps2"]
    _index(app)
    with app.app_context():
        _archive(db.session.get(MissingReport, kept))
        db.session.flush()
        assert f"missing:{kept}" in registry.current_index()
        db.session.rollback()
        db.session.remove()
    _archive_and_commit(app, MissingReport, later)
    index = _index(app)
    assert f"missing:{kept}" in index and f"missing:{later}" not in index


def test_a_new_matching_generation_rebuilds_every_index(app, world, other_worker):
    """What `restore` does: records replaced under the change log's feet, then a
    new generation written."""
    pk = world.missing["amd_ps1"]
    assert f"missing:{pk}" in _index(other_worker)
    with app.app_context():  # no change row, and an old timestamp, like a restored row
        db.session.execute(update(MissingReport.__table__).where(MissingReport.id == pk).values(
            archived_at=utcnow(), updated_at=PAST))
        db.session.commit()
        assert f"missing:{pk}" in _index(other_worker)  # the log says nothing
        with db.engine.begin() as connection:
            new_matching_generation(connection)
        db.session.remove()
    assert f"missing:{pk}" not in _index(other_worker)


def test_restore_rebuilds_a_running_workers_index(app, world, other_worker, tmp_path):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        import shutil
        if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
            pytest.skip("pg_dump/pg_restore are not installed")
    target = tmp_path / "before.bak"
    runner = app.test_cli_runner()
    assert runner.invoke(args=["backup", "--to", str(target)]).exit_code == 0
    with time_machine.travel(utcnow() + timedelta(minutes=10)):  # the day goes on
        rid = _archive_and_commit(app, MissingReport, world.missing["amd_ps1"])
        assert rid not in _index(other_worker)
        with other_worker.app_context():
            db.engine.dispose()  # pg_restore --clean waits for no open connection; a pool keeps idle ones
        result = runner.invoke(args=["restore", str(target), "--yes", "--no-safety-copy"])
        assert result.exit_code == 0, result.output
        assert rid in _index(other_worker)  # open again, as in the backup
    assert _changes(app) == 0  # the restored log is emptied: the rebuild read every report


def test_every_save_writes_one_change_and_reading_writes_none(app, client, auth, world):
    auth.login("dcpu_amd")
    before = _changes(app)
    pk = world.missing["amd_ps1"]
    for path in ("/admin/missing_report/", f"/admin/missing_report/details/?id={pk}",
                 f"/admin/missing_report/edit/?id={pk}", f"/admin/matches/missing/{pk}/",
                 "/admin/found_report/", "/admin/matches/", "/"):
        assert client.get(path).status_code in (200, 302), path
    with app.app_context():
        report = db.session.get(MissingReport, pk)
        report.child_name = report.child_name  # set, not changed: no UPDATE
        db.session.commit()
        db.session.remove()
    assert _changes(app) == before
    _archive_and_commit(app, MissingReport, pk)
    assert _changes(app) == before + 1


def test_a_confirmed_match_leaves_every_index(app, world, other_worker):
    """Confirming changes both reports through the workflow: both are logged, and
    neither is looked for any more in another worker."""
    from matches import workflow
    missing, found = world.missing["amd_ps2"], world.found["amd_ngo"]
    index = _index(other_worker)
    assert f"missing:{missing}" in index and f"found:{found}" in index
    with app.app_context():
        match = Match(missing_report_id=missing, found_report_id=found, score=50.0,
                      reasons="[]", status="proposed")
        db.session.add(match)
        db.session.commit()
        workflow.confirm(match, db.session.get(User, world.user["dcpu_amd"]), "same child")
        db.session.remove()
    index = _index(other_worker)
    assert f"missing:{missing}" not in index and f"found:{found}" not in index


@pytest.mark.parametrize("path", ["bulk", "row by row"])
def test_imported_reports_are_in_the_log_and_seen_by_other_workers(app, world, other_worker,
                                                                   monkeypatch, path):
    from exchange import bulk, importer
    from exchange.importer import import_table
    from exchange.parse import read_table

    def refuse(*args, **kwargs):
        raise AssertionError if path == "bulk" else bulk.NotBulkInsertable("test")

    _index(other_worker)
    with app.app_context():
        data = _file(world, MISSING_ROWS)
        user = db.session.scalar(select(User).where(User.username == "dcpu_amd"))
        monkeypatch.setattr(importer if path == "bulk" else bulk,
                            "_save_batch" if path == "bulk" else "insert_new", refuse)
        with app.test_request_context():
            result = import_table("missing", read_table(data, "m.csv"), user)
        monkeypatch.undo()
        ids = sorted(pk for _line, pk in result.imported)
        assert len(ids) == len(MISSING_ROWS)
        logged = db.session.scalars(select(ReportChange.record_id).where(
            ReportChange.kind == "missing", ReportChange.record_id.in_(ids))).all()
        assert set(logged) == set(ids)
        open_ids = db.session.scalars(select(MissingReport.id).where(
            MissingReport.id.in_(ids), MissingReport.status == "open")).all()
        db.session.remove()
    index = _index(other_worker)
    assert open_ids and all(f"missing:{pk}" in index for pk in open_ids)
