"""Matching for imported reports, a batch at a time.

The panel matches a saved report at once (`matches.workflow.propose_for`),
which first catches the process's index up from the database. At import
speed that catch-up (every report updated in the last minutes) would be
repeated for every row, so an import takes the index once, adds each
committed batch to it (the index is the same object every search of this
process uses) and proposes matches for the batch as `propose_for` does:
same search, same floor, same candidates, decided pairs left alone. Other
processes catch up from the database by `updated_at`, as for any save."""
from extensions import db
from matches.records import engine_record, in_index
from matches.registry import current_index
from matches.workflow import CANDIDATES, PROPOSAL_FLOOR
from models import Match


def engine_record_of(model):
    """The engine record of a report while it is still loaded (before commit
    expires it), or None for children and reports not being looked for."""
    from matches.records import KIND_OF
    if type(model) not in KIND_OF or not in_index(model):
        return None
    return engine_record(model)


class BatchMatcher:
    def __init__(self):
        self.index = current_index()

    def add_and_propose(self, records: list[dict]) -> int:
        """Add committed reports to the index, then store proposals for each."""
        import json
        for record in records:
            self.index.add(record)  # replaces a record of the same id
        proposals = 0
        for record in records:
            own_kind, _sep, own_pk = record["id"].partition(":")
            for result in self.index.search(record, k=CANDIDATES):
                if result.score < PROPOSAL_FLOOR:
                    continue
                other_kind, _sep, other_pk = result.id.partition(":")
                pair = {own_kind: int(own_pk), other_kind: int(other_pk)}
                if "missing" not in pair or "found" not in pair:
                    continue
                # The imported report is new: no pair of it has been proposed or decided.
                db.session.add(Match(
                    missing_report_id=pair["missing"], found_report_id=pair["found"],
                    score=round(result.score, 1), status="proposed",
                    reasons=json.dumps(result.as_dict()["reasons"], ensure_ascii=False)))
                proposals += 1
        if proposals:
            db.session.commit()
        return proposals
