"""The public page, without sign-in: home (helplines, counts), the search of
listed children, their photos, the two citizen forms and the status of a report
by its reference. What may be shown is decided by public/rules.py only."""
import hashlib
import hmac
from datetime import datetime, time

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy import select

from admin_views.base import record_id
from extensions import db, limiter
from forms.photos import megabytes, photo_from_upload
from models import CitizenReport, child_code
from models.audit import system_actor
from models.base import INDIA
from models.citizen import clean_reference, display_reference
from public import queries
from public.forms import (
    CHILD_GENDERS,
    PUBLIC_PHOTO_SETTING,
    MissingChildForm,
    SearchForm,
    SeenChildForm,
    StatusForm,
)

bp = Blueprint("public", __name__, url_prefix="/public")

CITIZEN_ACTOR = "public"  # the audit log's name for a citizen's submission


@bp.record_once
def _cap_uploads_first(state):
    """The public forms take smaller uploads than the panel. The cap must be set
    before CSRFProtect reads the form (an app-wide before_request registered
    earlier), so it goes to the front of the app's before_request functions."""
    state.app.before_request_funcs.setdefault(None, []).insert(0, _cap_public_upload)


def _cap_public_upload():
    if request.blueprint == bp.name:
        request.max_content_length = current_app.config["PUBLIC_MAX_CONTENT_LENGTH"]


bp.add_app_template_filter(display_reference, "citizen_reference")


@bp.context_processor
def _public_globals():
    return {"helplines": queries.helplines(), "genders": dict(CHILD_GENDERS)}


# Submissions are limited per address (DESIGN "Limits"): every attempt counts
# towards a loose limit (a bad photo costs work too), accepted ones towards a
# tight one. Both forms share the counters. Reading pages is never limited.
_every_attempt = limiter.shared_limit(
    lambda: current_app.config["PUBLIC_ATTEMPT_LIMIT"], scope="public-attempts", methods=["POST"])
_accepted_submissions = limiter.shared_limit(
    lambda: current_app.config["PUBLIC_SUBMISSION_LIMIT"], scope="public-submissions",
    methods=["POST"], deduct_when=lambda response: response.status_code in (302, 303))


# The search is limited too (its own counter): it is the way to probe the listing
# name by name, and a family searching never comes near the limit.
_searches = limiter.limit(lambda: current_app.config["PUBLIC_SEARCH_LIMIT"], scope="public-search")


# Error pages of the public page keep its helplines and menu.
@bp.errorhandler(429)
def _too_many(error):
    db.session.rollback()
    return render_template("public/limited.html", searching=request.endpoint == "public.search"), 429


def _message(code, title, message):
    db.session.rollback()
    return render_template("public/message.html", title=title, message=message), code


@bp.errorhandler(413)
def _too_large(error):
    # Only a sender past the page's own size check gets here (static/public_photo_check.js).
    return _message(413, _("Upload too large"), _(
        "The photo is too large. Photos may be at most %(size)s MB. Nothing was saved: go back "
        "and choose a smaller photo.", size=megabytes(current_app.config[PUBLIC_PHOTO_SETTING])))


@bp.errorhandler(CSRFError)
def _form_expired(error):
    return _message(400, _("Form expired"), _(
        "The form had expired or came from elsewhere. Nothing was saved: go back, reload the "
        "page and send it again."))


@bp.errorhandler(404)
def _not_found(error):
    return _message(404, _("Not found"), _("There is no such page, or the child is no longer listed."))


# ---- home and search ------------------------------------------------------------
@bp.get("/")
def home():
    return render_template("public/home.html", counts=queries.counts(), search_form=SearchForm(
        formdata=None, districts=queries.district_choices()))


@bp.get("/search")
@_searches
def search():
    kind = request.args.get("kind") if request.args.get("kind") in queries.KINDS else "missing"
    page = record_id(request.args.get("page")) or 1
    form = SearchForm(request.args, districts=queries.district_choices())
    form.validate()  # a field a visitor got wrong shows its message and is left out

    def valid(field):
        return None if field.errors else field.data

    criteria = queries.Criteria(name=valid(form.name) or "", age=valid(form.age),
                          gender=valid(form.gender) or "", district_id=valid(form.district),
                          date_from=valid(form.date_from), date_to=valid(form.date_to))
    entries, total, page = queries.search(kind, criteria, page)
    pages = max(1, min(queries.MAX_PAGE, -(-total // queries.PAGE_SIZE)))
    # Only the form's own fields go into the tab and page links (never url_for's
    # "_external", "_scheme"... from a crafted URL).
    args = {name: request.args[name] for name in form.data if name in request.args}
    # A found child's card shows no name, so a name typed is not searched there: say so.
    name_unused = bool(criteria.name.strip()) and not queries.searched_first_name(
        queries.KINDS[kind], criteria.name)
    return render_template("public/search.html", form=form, kind=kind, entries=entries,
                           total=total, page=page, pages=pages, args=args, name_unused=name_unused)


@bp.get("/photo/<kind>/<report_id>")
def photo(kind, report_id):
    pk = record_id(report_id)
    found = queries.public_photo(kind, pk) if pk is not None else None
    if found is None:
        abort(404)
    response = Response(found.data, mimetype=found.mime)
    # A photo leaves the page when the child is traced: browsers ask again each time.
    response.headers["Cache-Control"] = "no-cache"
    return response


# ---- citizens' reports --------------------------------------------------------------
@bp.route("/report/missing", methods=("GET", "POST"))
@_every_attempt
@_accepted_submissions
def report_missing():
    return _citizen_report("missing", MissingChildForm(districts=queries.district_choices(unknown=True)))


@bp.route("/report/seen", methods=("GET", "POST"))
@_every_attempt
@_accepted_submissions
def report_seen():
    return _citizen_report("seen", SeenChildForm(districts=queries.district_choices(unknown=True)))


def _citizen_report(kind, form):
    if form.validate_on_submit():
        report = _submission(kind, form)
        token = system_actor.set(CITIZEN_ACTOR)
        try:
            db.session.add(report)
            db.session.commit()
        finally:
            system_actor.reset(token)
        session["public_reference"] = report.reference
        return redirect(url_for(".received"))
    # A browser never puts a chosen file back into the form: say so when one was sent.
    photo_lost = bool(form.errors) and bool(getattr(request.files.get("photo"), "filename", None))
    return render_template("public/report.html", form=form, kind=kind, photo_lost=photo_lost)


def _submission(kind, form) -> CitizenReport:
    data = form.data
    district_id, state_id = queries.chosen_place(data["district"])
    report = CitizenReport(
        kind=kind, reference=_new_reference(), district_id=district_id, state_id=state_id,
        child_name=_text(data["child_name"]), father_name=_text(data.get("father_name")),
        mother_name=_text(data.get("mother_name")), gender=data["gender"],
        age_years=data["age_years"], height_cm=data["height_cm"],
        build=data["build"] or None, complexion=data["complexion"] or None,
        clothes=_text(data["clothes"]), identification_marks=_text(data["identification_marks"]),
        languages=_text(data["languages"]), description=_text(data["description"]),
        place=_text(data["place"]),
        event_at=datetime.combine(data["event_date"], time(0), tzinfo=INDIA),
        reporter_name=_text(data["reporter_name"]), reporter_phone=_text(data["reporter_phone"]),
        reporter_relation=_text(data.get("reporter_relation")),
        publish_consent=bool(data.get("publish_consent")), declaration_accepted=True,
        language=getattr(get_locale(), "language", "en"), address_hash=_address_hash())
    picture = photo_from_upload(form.photo)
    if picture is not None:
        db.session.add(picture)
        report.photo = picture
    return report


def _text(value):
    value = (value or "").strip()
    return value or None


def _new_reference() -> str:
    while True:  # 45 random bits: a repeat is all but impossible, but checked
        code = child_code.new_code()
        if db.session.scalar(select(CitizenReport.id).where(CitizenReport.reference == code)) is None:
            return code


def _address_hash() -> str:
    """The sender's address, keyed with the secret: floods from one place can be
    seen, the address itself is not kept."""
    address = (request.remote_addr or "unknown").encode()
    return hmac.new(current_app.config["SECRET_KEY"].encode(), address, hashlib.sha256).hexdigest()


@bp.get("/report/received")
def received():
    reference = session.get("public_reference")
    if not reference:
        return redirect(url_for(".home"))
    return render_template("public/received.html", reference=reference)


@bp.get("/status")
def status():
    form = StatusForm(request.args)
    report = None
    looked_up = "reference" in request.args
    if looked_up and form.validate():
        code = clean_reference(form.reference.data)
        if code is not None:
            report = db.session.scalar(select(CitizenReport).where(CitizenReport.reference == code))
    return render_template("public/status.html", form=form, report=report, looked_up=looked_up)
