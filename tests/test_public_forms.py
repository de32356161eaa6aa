"""The citizens' forms as a parent on a phone fills them in (#12 items 14-16): the
number keyboard for the phone, required fields marked before sending, dates typed
day first, a phone's photo taken as it is, nothing typed lost on an error, a
consent and a declaration that say what they mean, girl and boy, "I don't know
the district" reaching the state's DCPUs, and a rejection explained in the
parent's language with what to do next."""
import io
import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from extensions import db
from models import CitizenReport
from tests.conftest import csrf_from
from tests.helpers import db_fingerprint, jpeg
from tests.test_public import _add, _form_data, _listed, _missing, _send


def _input(html, name):
    """The opening tag of the form control named `name`."""
    return re.search(rf'<(?:input|select|textarea)[^>]*\bname="{name}"[^>]*>', html).group(0)


def _saved(app, **where):
    with app.app_context():
        row = db.session.scalar(select(CitizenReport).filter_by(**where).order_by(CitizenReport.id.desc()))
        values = None if row is None else {
            "district_id": row.district_id, "state_id": row.state_id, "event_day": row.event_at.date(),
            "photo": (row.photo.width, row.photo.height, len(row.photo.data)) if row.photo else None}
        db.session.remove()
    return values


# ---- item 15: the phone, required fields, dates ------------------------------------------
@pytest.mark.parametrize("kind", ["missing", "seen"])
def test_the_phone_field_opens_the_number_keyboard(client, world, kind):
    phone = _input(client.get(f"/public/report/{kind}").get_data(as_text=True), "reporter_phone")
    for attribute in ('type="tel"', 'inputmode="tel"', 'autocomplete="tel"'):
        assert attribute in phone, attribute


@pytest.mark.parametrize("language,legend", [("en", "Fields marked * must be filled in."),
                                             ("gu", None), ("hi", None)])
def test_required_fields_are_marked_before_sending(client, world, language, legend):
    client.get(f"/language/{language}")
    html = client.get("/public/report/missing").get_data(as_text=True)
    assert 'id="citizen-report" novalidate' in html  # the browser's English bubbles never show
    legend_html = re.search(r'id="required-legend">(.*?)</p>', html, re.DOTALL).group(1)
    if legend:
        assert legend in legend_html
    else:
        assert "Fields marked" not in legend_html  # translated
    for name in ("district", "child_name", "gender", "age_years", "event_date", "place",
                 "reporter_name", "reporter_phone", "declaration"):
        assert 'aria-required="true"' in _input(html, name), name
        label = re.search(rf'<label[^>]*for="{name}"[^>]*>(.*?)</label>', html, re.DOTALL).group(1)
        assert "required-marker" in label, name
    for name in ("father_name", "height_cm", "clothes", "photo", "publish_consent"):
        assert "aria-required" not in _input(html, name), name
        label = re.search(rf'<label[^>]*for="{name}"[^>]*>(.*?)</label>', html, re.DOTALL).group(1)
        assert "required-marker" not in label, name
    client.get("/language/en")


@pytest.mark.parametrize("typed,day", [
    ("20-10-2026", date(2026, 10, 20)), ("20/10/2026", date(2026, 10, 20)),
    ("5.1.2026", date(2026, 1, 5)), ("2026-10-20", date(2026, 10, 20)),
    (" 03 - 02 - 2026 ", date(2026, 2, 3)), ("૨૦-૧૦-૨૦૨૬", date(2026, 10, 20)),
    ("२०/१०/२०२६", date(2026, 10, 20))])
def test_dates_are_read_day_first(app, client, world, typed, day):
    name = f"Date {typed.strip()}"
    response = _send(client, "seen", _form_data("seen", world, event_date=typed, child_name=name))
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    # Midnight in India is the evening before in UTC.
    assert _saved(app, child_name=name)["event_day"] == date.fromordinal(day.toordinal() - 1)


def test_the_date_field_is_a_text_input_showing_the_format(client, world):
    html = client.get("/public/report/missing").get_data(as_text=True)
    tag = _input(html, "event_date")
    assert 'type="text"' in tag and 'placeholder="dd-mm-yyyy"' in tag
    search = client.get("/public/search").get_data(as_text=True)
    assert 'type="text"' in _input(search, "date_from")


@pytest.mark.parametrize("typed", ["10-20-2026", "31-02-2026", "yesterday", "20-10", "2026"])
def test_an_unreadable_date_is_told_so_not_required(app, client, world, typed):
    before = db_fingerprint(app)
    response = _send(client, "missing", _form_data("missing", world, event_date=typed))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Write the date as day-month-year, e.g. 25-11-2026." in html
    assert "This field is required." not in html
    assert f'value="{typed}"' in _input(html, "event_date")  # what was typed stays
    assert db_fingerprint(app) == before


def test_an_empty_date_is_required(client, world):
    html = _send(client, "missing", _form_data("missing", world, event_date="")).get_data(as_text=True)
    assert "This field is required." in html and "day-month-year" not in html.split('id="form-errors"')[1][:200]


def test_an_unreadable_date_in_gujarati(client, world):
    client.get("/language/gu")
    try:
        html = _send(client, "missing", _form_data("missing", world, event_date="10-20-2026")).get_data(as_text=True)
    finally:
        client.get("/language/en")
    assert "Write the date as day-month-year" not in html
    assert "25-11-2026" in html  # the example stays in the translated message


def test_the_search_reads_day_first_dates_and_says_when_it_cannot(app, client, world):
    (report,) = _add(app, _missing(world, "Dayfirst Child"))
    assert report in _listed(client, date_from="01-01-2026")[0]
    ids, html = _listed(client, date_from="99-99-2026")
    assert "Write the date as day-month-year" in html and report in ids  # left out, said so


# ---- item 15: photos and keeping what was typed -----------------------------------------------
def test_a_phone_photo_of_15_mb_is_taken_and_shrunk(app, client, world):
    photo = jpeg((4000, 3000)) + b"\x00" * (15 * 1024 * 1024)  # a camera's photo and its padding
    response = _send(client, "seen", _form_data("seen", world, child_name="Phone Photo"),
                     photo=(io.BytesIO(photo), "IMG_20261120.jpg"))
    assert response.status_code == 302
    width, height, size = _saved(app, child_name="Phone Photo")["photo"]
    assert max(width, height) == 1600 and size < 1024 * 1024


def test_the_page_checks_the_photo_size_before_sending(client, world, app):
    html = client.get("/public/report/missing").get_data(as_text=True)
    tag = _input(html, "photo")
    assert f'data-max-bytes="{app.config["PUBLIC_PHOTO_MAX_BYTES"]}"' in tag
    assert "larger than 20 MB" in tag and "at most 20 MB" in html
    script = re.search(r'<script nonce="([^"]+)" src="(/static/public_photo_check.js)"', html)
    assert script is not None
    response = client.get("/public/report/missing")
    assert f"'nonce-{csrf_nonce(response)}'" in response.headers["Content-Security-Policy"]
    js = client.get(script.group(2))
    assert js.status_code == 200 and b"data-max-bytes" in js.data
    client.get("/language/gu")
    try:
        tag = _input(client.get("/public/report/missing").get_data(as_text=True), "photo")
    finally:
        client.get("/language/en")
    assert "larger than" not in tag and "20" in tag  # the message in the page's language


def csrf_nonce(response):
    return re.search(r'<script nonce="([^"]+)"', response.get_data(as_text=True)).group(1)


@pytest.mark.parametrize("kind", ["missing", "seen"])
def test_every_typed_value_stays_after_an_error_and_the_photo_is_asked_again(app, client, world, kind):
    data = _form_data(kind, world, reporter_phone="not a phone", height_cm="121", build="thin",
                      complexion="wheatish", identification_marks="Mole on the left cheek",
                      languages="Gujarati, Hindi", description="Wears a red thread on the wrist",
                      event_date="20-10-2026")
    if kind == "missing":
        data.update(mother_name="Sita", age_years="7")
    response = _send(client, kind, data, photo=(io.BytesIO(jpeg((200, 150))), "child.jpg"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="form-errors"' in html
    for name, value in data.items():
        if name in ("csrf_token",):
            continue
        tag = _input(html, name)
        if name in ("district", "gender", "build", "complexion"):
            chosen = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.DOTALL).group(0)
            assert re.search(rf'<option selected value="{re.escape(value)}"|<option value="{re.escape(value)}" selected',
                             chosen), name
        elif name == "description":
            assert value in re.search(r'<textarea[^>]*name="description"[^>]*>(.*?)</textarea>',
                                      html, re.DOTALL).group(1)
        elif name in ("declaration", "publish_consent"):
            assert "checked" in tag, name
        else:
            assert f'value="{value}"' in tag, (name, tag)
    assert 'id="photo-again"' in html and "Choose the photo again" in html
    # No photo chosen: nothing to ask again.
    html = _send(client, kind, data).get_data(as_text=True)
    assert 'id="form-errors"' in html and 'id="photo-again"' not in html


# ---- item 16: consent, declaration, girl and boy ----------------------------------------------
def test_the_consent_says_exactly_what_a_card_shows(client, world):
    html = client.get("/public/report/missing").get_data(as_text=True)
    consent = re.search(r'for="publish_consent".*?</small>', html, re.DOTALL).group(0)
    for shown in ("photo", "first name", "age", "gender", "district", "date the child went missing",
                  "police station", "phone number"):
        assert shown in consent, shown
    for hidden in ("surname", "parents' names", "your name", "address"):
        assert hidden in consent, hidden  # said never to be shown
    assert "Nothing else about your child is shown" not in html


@pytest.mark.parametrize("kind", ["missing", "seen"])
def test_the_declaration_tells_a_parent_who_fears_a_kidnapping_what_to_do(app, client, world, kind):
    html = client.get(f"/public/report/{kind}").get_data(as_text=True)
    declaration = re.search(r'for="declaration".*?</small>', html, re.DOTALL).group(0)
    assert "no details of an offence" not in declaration
    assert "kidnapped" in declaration and "112" in declaration and "1098" in declaration
    assert "police station" in declaration and "may still send" in declaration
    # A parent who fears a kidnapping says so and sends the report.
    response = _send(client, kind, _form_data(
        kind, world, child_name="Feared Kidnap",
        description="A man on a motorbike took him near the school; we went to the police."))
    assert response.status_code == 302


def test_public_pages_say_girl_and_boy(app, client, world):
    _add(app, _missing(world, "Genderword Girl"), _missing(world, "Genderword Boy", gender="male"))
    _ids, html = _listed(client)
    cards = html.split('id="results"')[1]
    assert "Girl" in cards and "Boy" in cards
    for page in (html, client.get("/public/report/missing").get_data(as_text=True),
                 client.get("/public/report/seen").get_data(as_text=True)):
        assert ">Male<" not in page and ">Female<" not in page
        assert "Girl" in page and "Boy" in page and "Transgender" in page


# ---- item 14: "I don't know the district" ------------------------------------------------------
def test_i_dont_know_the_district_reaches_every_dcpu_of_the_state(app, client, auth, world):
    html = client.get("/public/report/seen").get_data(as_text=True)
    gujarat = f'state-{world.state["gj"]}'
    assert f'value="{gujarat}"' in html and "Gujarat: I don&#39;t know the district" in html
    response = _send(client, "seen", _form_data("seen", world, district=gujarat, child_name="Nodistrict Child"))
    assert response.status_code == 302
    saved = _saved(app, child_name="Nodistrict Child")
    assert saved["district_id"] is None and saved["state_id"] == world.state["gj"]
    # Every DCPU of Gujarat has it in the queue; no police station, no other state.
    for user, sees in (("dcpu_amd", True), ("dcpu_srt", True), ("police_amd", False),
                       ("dcpu_pune", False), ("stateofficer_gj", True), ("stateofficer_mh", False)):
        auth.login(user)
        queue = client.get("/admin/citizen_report/").get_data(as_text=True)
        assert ("Nodistrict Child" in queue) == sees, user
        if sees:
            assert "any DCPU of the state may take it" in queue
        auth.logout()
    # A DCPU accepts it into their own district (DESIGN: a report belongs to the
    # district of the DCPU who registered it).
    auth.login("dcpu_srt")
    with app.app_context():
        rid = db.session.scalar(select(CitizenReport.id).where(CitizenReport.child_name == "Nodistrict Child"))
        db.session.remove()
    url = f"/admin/found_report/new/?citizen_report={rid}&url=/admin/citizen_report/"
    page = client.get(url)
    assert page.status_code == 200 and 'value="Nodistrict Child"' in page.get_data(as_text=True)
    from tests import access_cases
    data, _action = access_cases.main_form(page.get_data(as_text=True))
    data["district"] = str(world.district["srt"])
    saved = client.post(url, data=data)
    assert saved.status_code == 302, access_cases.page_messages(saved.get_data(as_text=True))
    with app.app_context():
        row = db.session.get(CitizenReport, rid)
        assert row.status == "accepted" and row.found_report.district_id == world.district["srt"]
        db.session.remove()


def test_a_state_choice_of_another_kind_is_refused(app, client, world):
    before = db_fingerprint(app)
    for bad in ("state-999999", "state-x", "state-", "state-1 OR 1=1"):
        response = _send(client, "seen", _form_data("seen", world, district=bad))
        assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True), bad
    assert db_fingerprint(app) == before


# ---- item 16: a rejection in the parent's language, with the next step ---------------------
def _reject(app, citizen, code, note=None):
    with app.app_context():
        report = db.session.get(CitizenReport, citizen)
        report.status, report.reject_reason_code, report.reject_reason = "rejected", code, note
        report.decided_at = datetime.now(UTC)
        shown = report.display_reference
        db.session.commit()
        db.session.remove()
    return shown


@pytest.mark.parametrize("language", ["en", "hi", "gu"])
def test_a_standard_reason_shows_in_the_pages_language_with_the_next_step(app, client, world, language):
    from flask_babel import force_locale

    from models.citizen import REJECT_REASONS
    shown = _reject(app, world.citizen["amd"], "not_enough", "Please send the place too.")
    client.get(f"/language/{language}")
    try:
        html = client.get("/public/status", query_string={"reference": shown}).get_data(as_text=True)
    finally:
        client.get("/language/en")
    with app.test_request_context(), force_locale(language):
        reason, next_step = next((str(r), str(n)) for code, r, n in REJECT_REASONS if code == "not_enough")
    assert reason in re.search(r'id="reject-reason"[^>]*>(.*?)</p>', html, re.DOTALL).group(1)
    assert next_step in re.search(r'id="next-step">(.*?)</p>', html, re.DOTALL).group(1)
    assert "1098" in next_step
    assert "Please send the place too." in html  # the officer's note, as written
    if language != "en":
        assert "The report did not hold enough to act on." not in html


def test_a_free_text_reason_from_before_still_shows(app, client, world):
    shown = _reject(app, world.citizen["amd"], None, "Same child as CR-1111.")
    html = client.get("/public/status", query_string={"reference": shown}).get_data(as_text=True)
    assert "Same child as CR-1111." in html and 'id="next-step"' in html


def test_the_moderator_chooses_a_standard_reason(app, client, auth, world):
    auth.login("dcpu_amd")
    url = f"/admin/citizen_report/reject/?id={world.citizen['amd']}"
    page = client.get(url)
    html = page.get_data(as_text=True)
    for code in ("duplicate", "not_enough", "not_a_child", "outside_area", "already_safe", "other"):
        assert f'value="{code}"' in html, code
    assert 'id="reject-next-steps"' in html  # what the sender will read with each
    response = client.post(url, data={"csrf_token": csrf_from(page), "reason_code": "not_a_child"})
    assert response.status_code == 302
    shown = _reject_reference(app, world.citizen["amd"])
    details = client.get(f"/admin/citizen_report/details/?id={world.citizen['amd']}").get_data(as_text=True)
    assert "The person reported is not a child (18 years or older)." in details
    status = client.get("/public/status", query_string={"reference": shown}).get_data(as_text=True)
    assert "not a child" in status and "112" in status.split('id="next-step"')[1]


def _reject_reference(app, citizen):
    with app.app_context():
        report = db.session.get(CitizenReport, citizen)
        assert report.status == "rejected" and report.reject_reason_code == "not_a_child"
        assert report.reject_reason is None
        shown = report.display_reference
        db.session.remove()
    return shown
