"""The per-process matching index catches up from the database before each use:
what changed is re-read, what it has already seen at the same version is not."""
from extensions import db
from matches import registry
from models import MissingReport


def test_catch_up_reads_again_only_what_changed(app, world, monkeypatch):
    with app.app_context():
        registry.reset()
        registry.current_index()  # built: every report saved in the world is recent
        refreshed = []
        real_refresh = registry.refresh
        monkeypatch.setattr(registry, "refresh",
                            lambda index, report: (refreshed.append(report.id), real_refresh(index, report)))
        registry.current_index()
        assert refreshed == []  # nothing changed since the build: nothing read again

        report = db.session.get(MissingReport, world.missing["amd_ps1"])
        report.child_name = "Renamed Child"
        db.session.commit()
        index = registry.current_index()
        assert refreshed == [report.id]  # the changed report, and only it
        assert any(r.id == f"missing:{report.id}" for r in index.search(
            {"id": "found:probe", "kind": "found", "child_name": "Renamed Child",
             "gender": report.gender}, k=5))
        registry.reset()
