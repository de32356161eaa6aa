"""Small helpers for tests that fill in panel forms like a person would."""
from flask import get_flashed_messages  # noqa: F401  (re-exported for tests)

from tests.conftest import csrf_from


def submit(client, form_url, data, files=None, post_url=None):
    """GET the form (as a browser would), then POST it with its CSRF token."""
    page = client.get(form_url)
    assert page.status_code == 200, (form_url, page.status_code)
    payload = {"csrf_token": csrf_from(page), **data}
    if files:
        payload.update(files)
    return client.post(post_url or form_url, data=payload,
                       content_type="multipart/form-data" if files else None)


def edit_fields(client, url):
    """The current values of an edit form's inputs, to change a few and save."""
    import re
    html = client.get(url).get_data(as_text=True)
    values = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        values[name] = value
    for name, value in re.findall(r'<input[^>]*value="([^"]*)"[^>]*name="([^"]+)"', html):
        values.setdefault(value, name)
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option[^>]*selected[^>]*value="([^"]*)"|<option[^>]*value="([^"]*)"[^>]*selected', body)
        if chosen:
            values[name] = chosen.group(1) or chosen.group(2)
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        values[name] = body.strip()
    for name in re.findall(r'<input[^>]*type="checkbox"[^>]*name="([^"]+)"[^>]*checked', html):
        values[name] = "y"
    return values


def jpeg(size=(40, 40), color="red") -> bytes:
    """A small valid JPEG, as a phone would upload."""
    import io

    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()


def db_fingerprint(app) -> str:
    """tests.conftest.fingerprint() from outside a request: equal means nothing changed."""
    from extensions import db
    from tests.conftest import fingerprint
    with app.app_context():
        value = fingerprint()
        db.session.remove()
    return value


def row_count(app, model) -> int:
    from sqlalchemy import func, select

    from extensions import db
    with app.app_context():
        value = db.session.scalar(select(func.count()).select_from(model))
        db.session.remove()
    return value
