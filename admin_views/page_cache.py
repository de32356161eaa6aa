"""What a list page computes once rather than once per row (#16 item 5).

A page of 20 rows drew ~60 links through url_for and ~300 lazy strings (row-action
titles, choice labels) each resolved through Flask-Babel. Here a link's URL up to
its id is built once per page and endpoint, and a lazy string is turned into text
once per page and language; the HTML is what Flask-Admin's macros draw."""
from urllib.parse import quote

from flask import g, url_for
from markupsafe import Markup

# What werkzeug leaves unquoted in a query value (url_for's encoding).
URL_SAFE = "!$'()*,/:;?@"


def _page() -> dict:
    cache = g.get("_page_cache")
    if cache is None:
        cache = g._page_cache = {}
    return cache


def text(value) -> str:
    """A lazy string's text in this request's language, resolved once per page."""
    cache = _page()
    key = ("text", id(value))
    if key not in cache:
        cache[key] = (value, str(value))  # the object is kept so its id is not reused
    return cache[key][1]


def labels(choices: dict) -> dict:
    """{value: lazy label} as {value: text}, once per page and language."""
    cache = _page()
    key = ("labels", id(choices))
    if key not in cache:
        cache[key] = (choices, {value: str(label) for value, label in choices.items()})
    return cache[key][1]


def record_url(endpoint: str, record_id, return_url: str | None = None) -> str:
    """url_for(endpoint, id=record_id, url=return_url), its fixed part built once."""
    cache = _page()
    key = ("url", endpoint, return_url)
    prefix = cache.get(key)
    if prefix is None:
        base = url_for(endpoint)
        prefix = cache[key] = (base + ("&" if "?" in base else "?") + "id=",
                               "" if return_url is None else "&url=" + quote(return_url, safe=URL_SAFE))
    return f"{prefix[0]}{record_id}{prefix[1]}"


def icon_link(url: str, title, icon_class: str) -> Markup:
    """Flask-Admin's row_actions.link macro, without a macro call per row."""
    return Markup('<a class="icon" href="{}" title="{}">\n  <span class="{}"></span>\n</a>').format(
        url, text(title) if title is not None else "", icon_class)

