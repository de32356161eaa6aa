"""Names of states, districts, police units and institutions in the three
scripts of the pages (DESIGN "Values"): `name` as officially written in
English, `name_hi` in Devanagari and `name_gu` in Gujarati, each optional. A
page shows the name of its own language and falls back to English; files,
the matching engine and imports keep the English name, the one that is the
same for everyone."""
from flask import has_request_context
from sqlalchemy import String, func
from sqlalchemy.orm import Mapped, mapped_column

LOCAL_LANGUAGES = ("hi", "gu")


def page_language() -> str:
    """The language of the page being made ("en" outside a request)."""
    if not has_request_context():
        return "en"
    from flask_babel import get_locale
    locale = get_locale()
    return locale.language if locale is not None else "en"


class LocalNames:
    name_hi: Mapped[str | None] = mapped_column(String(200))
    name_gu: Mapped[str | None] = mapped_column(String(200))

    def local_name(self, language: str | None = None) -> str:
        language = language or page_language()
        if language in LOCAL_LANGUAGES:
            return getattr(self, f"name_{language}") or self.name
        return self.name

    def __str__(self) -> str:
        return self.local_name()


def local_name_column(model, language: str | None = None):
    """The SQL expression of a model's name in the page's language (for queries
    that select names rather than records)."""
    language = language or page_language()
    if language in LOCAL_LANGUAGES:
        return func.coalesce(getattr(model, f"name_{language}"), model.name)
    return model.name
