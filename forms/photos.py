"""Photo uploads: verified as images, size-capped, re-encoded without EXIF."""
import io

from flask import current_app
from flask_babel import gettext as _, lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError
from wtforms import FileField
from wtforms.validators import ValidationError

from models import Photo

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_SIDE = 1600
# A 5 MB file can still claim a huge canvas (a decompression bomb): refuse more
# pixels than any phone camera takes, before anything is decoded.
MAX_PIXELS = 50_000_000


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
    not_a_photo = _("This file is not a photo. Use a JPEG, PNG or WebP image.")
    try:
        with Image.open(io.BytesIO(raw)) as image:
            fmt = image.format
            if fmt not in ACCEPTED_FORMATS:
                raise ValidationError(not_a_photo)
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("The photo has too many pixels. Choose a smaller one."))
            image.verify()
        with Image.open(io.BytesIO(raw)) as image:  # verify() leaves the image unusable
            image.draft("RGB", (MAX_SIDE, MAX_SIDE))
            image.load()  # a truncated or corrupt file fails here, not on save
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError,
            Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(not_a_photo)


def photo_field():
    # The uploaded file name is never used: the photo goes to the database, in a row
    # whose id the server chooses, and no user-supplied path reaches the file system.
    return FileField(_l("Photo"), validators=[validate_photo],
                     description=_l("A recent, clear photo of the face: JPEG, PNG or WebP, at most 5 MB."))


def photo_from_upload(field) -> Photo | None:
    """A new Photo from a validated upload: re-encoded JPEG, no metadata kept."""
    upload = _uploaded(field)
    if upload is None:
        return None
    upload.stream.seek(0)
    with Image.open(upload.stream) as image:
        image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # JPEG: decode at a reduced size
        image = ImageOps.exif_transpose(image)  # keep the photo upright once EXIF is gone
        image = image.convert("RGB")
        image.thumbnail((MAX_SIDE, MAX_SIDE))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)  # a fresh file: EXIF and GPS are not copied
        return Photo(data=out.getvalue(), mime="image/jpeg", width=image.width, height=image.height)
