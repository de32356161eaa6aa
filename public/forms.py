"""The public page's forms: the search (GET, no CSRF: it changes nothing), the
two citizen reports (POST, CSRF, photo checked by forms/photos.py) and the status
look-up by reference. Field names are stable: browser tests and people's
bookmarks use them."""
import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from forms import validators
from forms.base import BaseForm
from forms.day_first import DayFirstDateField
from forms.photos import PhotoHelp, photo_field
from models import choices

# A child's gender as a parent says it: girl or boy, never man or woman (the
# stored codes are models/choices.GENDERS').
CHILD_GENDERS = (("female", _l("Girl")), ("male", _l("Boy")), ("transgender", _l("Transgender")),
                 ("unknown", _l("Not known")))
# The public upload cap (config PUBLIC_PHOTO_MAX_BYTES): a phone's photo as it is taken.
PUBLIC_PHOTO_SETTING = "PUBLIC_PHOTO_MAX_BYTES"
def optional_int(value):
    """'' (nothing chosen) is None; anything else must be a whole number."""
    if value in ("", None):
        return None
    return int(value)


def _any(label):
    return [("", label)]


class SearchForm(BaseForm):
    class Meta:
        csrf = False  # a search changes nothing; its URL can be bookmarked and shared

    name = StringField(_l("First name"), validators=[Optional(), Length(max=100)],
                       description=_l("The first name, or its beginning, in Gujarati, Hindi or "
                                      "English letters. Only missing children are listed with "
                                      "a name, and only with their first name."))
    age = IntegerField(_l("Age (years)"), validators=[Optional(), NumberRange(0, 21)],
                       description=_l("Children two years younger or older are shown too."))
    gender = SelectField(_l("Gender"), choices=_any(_l("Any")) + list(CHILD_GENDERS), default="",
                         description=_l("Leave at “Any” if not sure."))
    district = SelectField(_l("District"), coerce=optional_int, validators=[Optional()],
                           render_kw={"data-state-label": _l("State")},  # public_district_by_state.js
                           description=_l("Where the child went missing or was found."))
    date_from = DayFirstDateField(_l("From"), validators=[Optional(), validators.plausible_date],
                          description=_l("Missing or found on or after this day."))
    date_to = DayFirstDateField(_l("To"), validators=[Optional(), validators.plausible_date],
                        description=_l("Missing or found on or before this day."))

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.district.choices = _any(_l("Any")) + list(districts)


_PHONE_CHARACTERS = re.compile(r"^[0-9+\-\s().]*$")


def phone_number(form, field):
    digits = re.sub(r"\D", "", field.data or "")
    if not _PHONE_CHARACTERS.match(field.data or "") or not 8 <= len(digits) <= 15:
        raise ValidationError(_("Give a phone number we can call back: a 10-digit mobile "
                                "number, or a landline with its STD code."))


class _CitizenReportForm(BaseForm):
    """What both citizen forms ask. The district decides who reads the report: its
    DCPU and its police; "I don't know the district" sends it to every DCPU of the
    state (access/scope.py). Its values are public/queries.district_choices'."""

    district = SelectField(_l("District"),
                           validators=[InputRequired(message=_l("Choose the district."))],
                           render_kw={"data-state-label": _l("State")},  # public_district_by_state.js
                           description=_l("The child protection unit and the police of this "
                                          "district read your report. If you do not know the "
                                          "district, choose “I don't know the district”: the "
                                          "child protection units of the state read it."))
    gender = SelectField(_l("Gender"), choices=_any(_l("Choose")) + list(CHILD_GENDERS), default="",
                         validators=[InputRequired(message=_l("Choose the gender."))],
                         description=_l("Choose “Not known” if you are not sure."))
    height_cm = IntegerField(_l("Height (cm)"), validators=validators.height,
                             description=_l("About how tall, in centimetres (e.g. 120); leave "
                                            "empty if not known."))
    build = SelectField(_l("Body build"), choices=_any(_l("Not known")) + list(choices.BUILDS), default="",
                        description=_l("Thin, medium or heavy, as the child looks."))
    complexion = SelectField(_l("Complexion"), choices=_any(_l("Not known")) + list(choices.COMPLEXIONS),
                             default="", description=_l("Leave at “Not known” if not sure."))
    clothes = StringField(_l("Clothes worn"), validators=[Optional(), Length(max=300)],
                          description=_l("Colours and kind, e.g. red shirt, blue school shorts."))
    identification_marks = StringField(
        _l("Identification marks"), validators=[Optional(), Length(max=500)],
        description=_l("Moles, scars, birthmarks, tattoos: where and what."))
    languages = StringField(_l("Languages spoken"), validators=[Optional(), Length(max=200)],
                            description=_l("Separate several languages with commas, e.g. Gujarati, Hindi."))
    photo = photo_field(PUBLIC_PHOTO_SETTING, description=PhotoHelp(PUBLIC_PHOTO_SETTING))
    reporter_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)],
                                render_kw={"autocomplete": "name"},
                                description=_l("So that the officer who reads your report knows "
                                               "whom to ask for."))
    # The number keyboard on a phone, and the browser may offer the phone's own number.
    reporter_phone = StringField(_l("Your phone number"),
                                 validators=[DataRequired(), Length(max=40), phone_number],
                                 render_kw={"type": "tel", "inputmode": "tel", "autocomplete": "tel"},
                                 description=_l("The officer calls you on it. It is never shown "
                                                "on the public page."))
    # A parent who fears a kidnapping or abuse may still send the report: the
    # declaration asks only that the details go to the police, not into this form.
    declaration = BooleanField(
        _l("I have read this: what I wrote is true as far as I know, and I have not written "
           "the details of a crime or of abuse here."),
        validators=[DataRequired(message=_l("Please read and confirm the declaration."))],
        description=_l("If you fear the child was kidnapped or harmed, you may still send this "
                       "report, and also call the police on 112 or Childline on 1098 now and go "
                       "to the nearest police station: tell them what happened. A report on this "
                       "page is not a police complaint (FIR)."))

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.district.choices = _any(_l("Choose the district")) + list(districts)


class MissingChildForm(_CitizenReportForm):
    child_name = StringField(_l("Child's name"), validators=[DataRequired(), Length(max=200)],
                             description=_l("The child's full name as the family says it, in any script."))
    father_name = StringField(_l("Father's name"), validators=[Optional(), Length(max=200)],
                              description=_l("It helps to tell children of the same name apart."))
    mother_name = StringField(_l("Mother's name"), validators=[Optional(), Length(max=200)],
                              description=_l("It helps to tell children of the same name apart."))
    age_years = IntegerField(_l("Age (years)"), validators=[
        InputRequired(message=_l("Give the child's age.")),
        NumberRange(0, validators.MAX_CHILD_AGE, message=_l("A missing child is under 18."))],
        description=_l("The child's age in years on the day they went missing."))
    event_date = DayFirstDateField(_l("Date the child went missing"),
                           validators=[DataRequired(), validators.not_in_future],
                           description=_l("The day the child was last seen."))
    place = StringField(_l("Place the child went missing from"),
                        validators=[DataRequired(), Length(max=300)],
                        description=_l("Where the child was last seen: area, landmark, village or town."))
    description = TextAreaField(_l("Anything else that helps to find the child"),
                                validators=[Optional(), Length(max=2000)],
                                description=_l("Habits, belongings, places the child likes to go. "
                                               "Tell the police, not this form, what you know "
                                               "of a crime or of abuse."))
    reporter_relation = StringField(_l("Your relation to the child"),
                                    validators=[Optional(), Length(max=60)],
                                    description=_l("For example mother, father, uncle, neighbour."))
    # Exactly what a card on the public search shows (templates/public/search.html).
    publish_consent = BooleanField(
        _l("Show my child on the public page, so that people can recognise the child"),
        description=_l("Only if you agree. The public page then shows the child's photo (if you "
                       "send one), first name, age, gender (girl or boy), district, the date the "
                       "child went missing, and the police station to call with its phone number. "
                       "It never shows the surname, the parents' names, your name or phone number, "
                       "or the address. The child leaves the page once traced."))


class SeenChildForm(_CitizenReportForm):
    child_name = StringField(_l("Child's name, if the child said it"),
                             validators=[Optional(), Length(max=200)],
                             description=_l("Leave empty if you do not know it."))
    age_years = IntegerField(_l("Age, about (years)"),
                             validators=[Optional(), NumberRange(0, validators.MAX_CHILD_AGE)],
                             description=_l("Your best guess; leave empty if you cannot tell."))
    event_date = DayFirstDateField(_l("Date you saw the child"), validators=[DataRequired(), validators.not_in_future],
                           description=_l("The day you saw the child."))
    place = StringField(_l("Place you saw the child"), validators=[DataRequired(), Length(max=300)],
                        description=_l("As exactly as you can: station and platform, bus stand, "
                                       "road and landmark."))
    description = TextAreaField(_l("What you saw, and where the child is now"),
                                validators=[Optional(), Length(max=2000)],
                                description=_l("Was the child alone, with whom, doing what? Is the "
                                               "child with you now? Tell the police, not this "
                                               "form, what you know of a crime or of abuse."))


class StatusForm(BaseForm):
    class Meta:
        csrf = False  # a look-up that changes nothing

    reference = StringField(_l("Reference number"), validators=[DataRequired(), Length(max=40)],
                            description=_l("The number you were given when you sent the report, "
                                           "e.g. CR-7K3M-9Q2P-XR."))
