"""Folded names and phonetic keys, computed once when a record is saved.

Any record class with `name_sources` gets `<column>_folded` and `<column>_key`
kept in step with the names as written (any script) by the matching normaliser."""
from sqlalchemy import event
from sqlalchemy.orm import Mapper

from matching import fold_name, phonetic_key


def refresh_name_keys(record) -> None:
    for column in record.name_sources:
        raw = getattr(record, column)
        setattr(record, f"{column}_folded", fold_name(raw) or None)
        setattr(record, f"{column}_key", phonetic_key(raw) or None)


@event.listens_for(Mapper, "before_insert")
@event.listens_for(Mapper, "before_update")
def _before_save(mapper, connection, target):
    if getattr(target, "name_sources", None):
        refresh_name_keys(target)
