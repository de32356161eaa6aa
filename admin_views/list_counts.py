"""How many rows a list holds, at the cost a national register allows (#16).

Within a district the count is exact: it is read from the district's partial
index alone. Above a district an exact COUNT(*) walks up to a million rows on
every page (38-95 ms measured), so the count stops at COUNT_CAP and the heading
and the pager say "more than 10,000": a person narrows such a list by a filter or a
search rather than reading its 501st page."""
from flask import g, has_request_context
from sqlalchemy import func, literal_column, select

from extensions import db

COUNT_CAP = 10_000  # 500 pages of 20
# From this offset on, a page reads its ids from the index first (a deferred
# join); nearer pages are as fast with a plain LIMIT/OFFSET.
DEFERRED_FROM = 200


def count(count_query, exact: bool) -> int:
    """Rows of a Flask-Admin count query (`SELECT count(*) FROM ... WHERE ...`):
    exact, or at most COUNT_CAP, noting in `g` that the list holds more."""
    if exact:
        return count_query.scalar()
    first = count_query.with_entities(literal_column("1")).limit(COUNT_CAP + 1).subquery()
    found = db.session.scalar(select(func.count()).select_from(first))
    if found > COUNT_CAP:
        g.count_capped = True
        return COUNT_CAP
    return found


def capped() -> bool:
    """The list just counted holds more than COUNT_CAP rows."""
    return has_request_context() and g.get("count_capped", False)
