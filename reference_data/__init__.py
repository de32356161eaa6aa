"""India's states, union territories and districts, in English, Hindi and Gujarati
script (india.json; its "source" says where the names come from).

`flask --app app load-places` (and the demo) adds what the database lacks, so
every state and district can be chosen on the public page and by the national
admin, named in the page's script, before any of their officers have accounts.
A place already there (matched by code, or by name within the state, any case)
is never renamed: only its empty Hindi or Gujarati name is filled in, so a
state admin's corrected local names stay. Districts formed after the list was
made are added by the national admin on the districts screen."""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass

from sqlalchemy import select

from extensions import db
from models import District, State

INDIA_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "india.json")
LOCAL_NAME_FIELDS = ("name_hi", "name_gu")


@dataclass
class Loaded:
    states_added: int = 0
    districts_added: int = 0
    names_filled: int = 0


def india_places() -> list[dict]:
    with open(INDIA_FILE, encoding="utf-8") as fh:
        return json.load(fh)["states"]


def load_india(places: list[dict] | None = None) -> Loaded:
    """Add the missing states and districts in the current session (the caller
    commits); return what was added."""
    loaded = Loaded()
    states = db.session.scalars(select(State)).all()
    by_code = {s.code.upper(): s for s in states}
    by_name = {s.name.casefold(): s for s in states}
    codes = set(db.session.scalars(select(District.code)).all())
    for entry in places if places is not None else india_places():
        state = by_code.get(entry["code"]) or by_name.get(entry["name"].casefold())
        if state is None:
            state = State(code=entry["code"], name=entry["name"], name_hi=entry["name_hi"],
                          name_gu=entry["name_gu"])
            db.session.add(state)
            loaded.states_added += 1
        else:
            loaded.names_filled += _fill_local_names(state, entry)
        known = {d.name.casefold(): d for d in state.districts} if state.id else {}
        for place in entry["districts"]:
            district = known.get(place["name"].casefold())
            if district is not None:
                loaded.names_filled += _fill_local_names(district, place)
                continue
            code = _district_code(state.code, place["name"], codes)
            codes.add(code)
            db.session.add(District(state=state, name=place["name"], code=code,
                                    name_hi=place["name_hi"], name_gu=place["name_gu"]))
            loaded.districts_added += 1
    db.session.flush()
    return loaded


def _fill_local_names(record, entry: dict) -> int:
    filled = 0
    for field in LOCAL_NAME_FIELDS:
        if not getattr(record, field) and entry.get(field):
            setattr(record, field, entry[field])
            filled += 1
    return filled


def _district_code(state_code: str, name: str, taken: set) -> str:
    """"GJ-BANASKANTHA": the state's code and the name's letters, unique."""
    base = f"{state_code}-{re.sub(r'[^A-Z]', '', name.upper())[:16]}"
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base[:18]}{n}"
    return code
