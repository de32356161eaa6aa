"""Photo uploads: verified as images, size-capped, re-encoded without EXIF."""
import io

from flask import current_app
from flask_babel import gettext as _, lazy_gettext as _l
from PIL import Image, UnidentifiedImageError
from wtforms import FileField
from wtforms.validators import ValidationError

from models import Photo

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_SIDE = 1600


def _uploaded(field):
    data = field.data
    return data if data is not None and getattr(data, "filename", None) else None


def validate_photo(form, field):
    upload = _uploaded(field)
    if upload is None:
        return
    limit = current_app.config["PHOTO_MAX_BYTES"]
    raw = upload.stream.read(limit + 1)
    upload.stream.seek(0)
    if len(raw) > limit:
        raise ValidationError(_("The photo is larger than 5 MB. Choose a smaller one."))
    try:
        with Image.open(io.BytesIO(raw)) as image:
            fmt = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("This file is not a photo. Use a JPEG, PNG or WebP image."))
    if fmt not in ACCEPTED_FORMATS:
        raise ValidationError(_("This file is not a photo. Use a JPEG, PNG or WebP image."))


def photo_field():
    return FileField(_l("Photo"), validators=[validate_photo],
                     description=_l("JPEG, PNG or WebP, at most 5 MB."))


def photo_from_upload(field) -> Photo | None:
    """A new Photo from a validated upload: re-encoded JPEG, no metadata kept."""
    upload = _uploaded(field)
    if upload is None:
        return None
    with Image.open(upload.stream) as image:
        image = image.convert("RGB")
        image.thumbnail((MAX_SIDE, MAX_SIDE))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)  # a fresh file: EXIF and GPS are not copied
        return Photo(data=out.getvalue(), mime="image/jpeg", width=image.width, height=image.height)
