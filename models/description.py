"""What a missing or found report says about the child: names as written (with
their folded forms and phonetic keys, kept by models/names.py) and the
description the police SOP and Form 17 record. Shared by both kinds of report,
which the matching engine compares field by field."""
from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column


class ChildDescription:
    name_sources = ("child_name", "father_name", "mother_name")

    child_name: Mapped[str | None] = mapped_column(String(200))
    child_name_folded: Mapped[str | None] = mapped_column(String(200), index=True)
    child_name_key: Mapped[str | None] = mapped_column(String(40), index=True)
    aliases: Mapped[str | None] = mapped_column(String(300))
    father_name: Mapped[str | None] = mapped_column(String(200))
    father_name_folded: Mapped[str | None] = mapped_column(String(200))
    father_name_key: Mapped[str | None] = mapped_column(String(40), index=True)
    mother_name: Mapped[str | None] = mapped_column(String(200))
    mother_name_folded: Mapped[str | None] = mapped_column(String(200))
    mother_name_key: Mapped[str | None] = mapped_column(String(40), index=True)
    gender: Mapped[str] = mapped_column(String(12), index=True)
    height_cm: Mapped[int | None] = mapped_column(Integer)
    build: Mapped[str | None] = mapped_column(String(20))
    complexion: Mapped[str | None] = mapped_column(String(20))
    clothes: Mapped[str | None] = mapped_column(String(300))
    identification_marks: Mapped[str | None] = mapped_column(String(500))
    languages: Mapped[str | None] = mapped_column(String(200))
