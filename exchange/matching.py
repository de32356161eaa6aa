"""Matching for imported reports, a batch at a time.

The panel matches a saved report at once (`matches.workflow.propose_for`):
it catches the process's index up from the database, searches, and stores the
pairs scoring at least `PROPOSAL_FLOOR`. An import does the same for a whole
batch, without repeating the catch-up (which would re-read the batch's reports
after each batch):

* the index is taken once per import (`current_index()`, the same object every
  search of this process uses) and each batch's reports are added to it;
* `matching.batch.add_and_search` gives each report the results that adding it
  and searching it, report after report, would give (scores included: the
  register's statistics are read as they stand after each report is added);
* `matches.workflow.new_proposals` turns them into Match rows as `propose_for`
  does (floor, pairing, score, reasons), and exchange/bulk.py inserts them with
  their audit entries in the batch's transaction.

If the batch is rolled back, its reports are taken out of the index again
(`forget`). Other processes catch up from the reports' change log, which the
bulk insert writes as a save does (models/report_changes.py)."""
from sqlalchemy import select

from exchange.bulk import insert_new
from extensions import db
from matches.records import MODEL_OF, engine_id, engine_record, in_index
from matches.registry import current_index
from matches.workflow import CANDIDATES, PROPOSAL_FLOOR, new_proposals
from matching.batch import add_and_search

LOAD_CHUNK = 500  # ids per IN (...) when loading the other side of the pairs
KEEP_LOADED = 50_000  # other-side reports kept loaded between batches, at most


class BatchMatcher:
    def __init__(self):
        self.index = current_index()
        # Reports proposals paired with, loaded once for the whole import (the
        # import's session does not expire them at each commit, see import_table).
        self.others: dict[str, object] = {}

    def add_and_propose(self, reports: list) -> int:
        """Add saved reports (ids set, transaction open) to the index, store the
        proposals for each in the same transaction; the number stored."""
        if not reports:
            return 0
        records = [engine_record(report) for report in reports]
        adding = [in_index(report) for report in reports]
        results = add_and_search(self.index, records, k=CANDIDATES,
                                 min_score=PROPOSAL_FLOOR, add=adding)
        self._load_other_sides(results)
        proposals = [match for report, found in zip(reports, results)
                     for match in new_proposals(report, found, self.others)]
        insert_new(db.session, proposals, unique_by=("missing_report_id", "found_report_id"))
        return len(proposals)

    def forget(self, reports: list) -> None:
        """Take the reports of a rolled-back batch out of the index (a rollback
        also expires what was loaded: load it again when needed)."""
        for report in reports:
            if report.id is not None:
                self.index.remove(engine_id(report))
        self.others.clear()

    def _load_other_sides(self, results) -> None:
        """Load the reports proposals pair with that are not loaded yet, a few
        queries per batch, into `others`."""
        if len(self.others) > KEEP_LOADED:
            self.others.clear()  # loaded again as needed: memory stays bounded
        wanted: dict[str, set[int]] = {}
        for found in results:
            for result in found:
                if result.id not in self.others:
                    kind, _sep, pk = result.id.partition(":")
                    wanted.setdefault(kind, set()).add(int(pk))
        for kind, ids in wanted.items():
            model = MODEL_OF[kind]
            ids = sorted(ids)
            for start in range(0, len(ids), LOAD_CHUNK):
                for report in db.session.scalars(
                        select(model).where(model.id.in_(ids[start:start + LOAD_CHUNK]))):
                    self.others[engine_id(report)] = report
