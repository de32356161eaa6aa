"""Folded names and phonetic keys, computed once when a record is saved.

Any record class with `name_sources` gets `<column>_folded` and `<column>_key`
kept in step with the names as written (any script) by the matching normaliser."""
from sqlalchemy import event
from sqlalchemy.orm import Mapper

from matching import fold_name, phonetic_key


def first_name(full: str | None) -> str | None:
    """The first word of a name as written: all of a missing child's name the
    public page shows (the family's consent covers the first name only)."""
    parts = (full or "").split()
    return parts[0] if parts else None


def refresh_name_keys(record) -> None:
    for column in record.name_sources:
        raw = getattr(record, column)
        setattr(record, f"{column}_folded", fold_name(raw) or None)
        setattr(record, f"{column}_key", phonetic_key(raw) or None)
    if hasattr(record, "first_name_folded"):  # what the public search may match
        record.first_name_folded = fold_name(first_name(record.child_name)) or None


@event.listens_for(Mapper, "before_insert")
@event.listens_for(Mapper, "before_update")
def _before_save(mapper, connection, target):
    if getattr(target, "name_sources", None):
        refresh_name_keys(target)
