"""Photo uploads: verified as images, size-capped, re-encoded with no metadata.

A phone's photo carries more than pixels: EXIF (GPS position, camera, time),
XMP, a JPEG comment, PNG text chunks, an ICC profile with its own text. None of
it survives: the stored photo is a fresh JPEG made from the pixels alone."""
import io

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import escape
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from wtforms import FileField
from wtforms.validators import ValidationError

from models import Photo

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_SIDE = 1600
# A file within the cap can still claim a huge canvas (a decompression bomb):
# refuse more pixels than a phone camera's photo (50 and 64 megapixel cameras
# included), before anything is decoded. A JPEG is decoded at a reduced size.
MAX_PIXELS = 65_000_000
PANEL_SETTING = "PHOTO_MAX_BYTES"


def megabytes(size: int) -> int:
    return size // (1024 * 1024)


def _uploaded(field):
    data = field.data
    return data if data is not None and getattr(data, "filename", None) else None


def photo_limit(setting: str = PANEL_SETTING):
    """A validator refusing photos over the size in the `setting` of the app's config."""
    def validate_photo(form, field):
        _check(field, current_app.config[setting])
    return validate_photo


def _check(field, limit):
    upload = _uploaded(field)
    if upload is None:
        return
    raw = upload.stream.read(limit + 1)
    upload.stream.seek(0)
    if len(raw) > limit:
        raise ValidationError(_("The photo is larger than %(size)s MB. Choose a smaller one.",
                                size=megabytes(limit)))
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


class PhotoHelp:
    """A photo field's help, with the size cap read from the config when shown."""

    def __init__(self, setting):
        self.setting = setting

    def __str__(self):
        return _("A recent, clear photo of the face: JPEG, PNG or WebP, at most %(size)s MB.",
                 size=megabytes(current_app.config[self.setting]))

    def __html__(self):
        return str(escape(str(self)))

    def __bool__(self):
        return True


def photo_field(setting: str = PANEL_SETTING, description=None):
    # The uploaded file name is never used: the photo goes to the database, in a row
    # whose id the server chooses, and no user-supplied path reaches the file system.
    return FileField(_l("Photo"), validators=[photo_limit(setting)], description=description or _l(
        "A recent, clear photo of the face: JPEG, PNG or WebP, at most 5 MB."))


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _in_srgb(image: Image.Image) -> Image.Image:
    """RGB pixels as they look with the photo's colour profile, so that dropping
    the profile keeps the colours; a profile that cannot be read is ignored."""
    image = image.convert("RGB")
    profile = image.info.get("icc_profile")
    if profile:
        try:
            return ImageCms.profileToProfile(
                image, ImageCms.ImageCmsProfile(io.BytesIO(profile)), _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass
    return image


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new image holding the pixels and nothing else: Pillow carries `info`
    (comment, EXIF, XMP, ICC profile, PNG text) through convert and thumbnail,
    and the JPEG encoder writes some of it back (the comment, for one)."""
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    return clean


def photo_from_upload(field) -> Photo | None:
    """A new Photo from a validated upload: a re-encoded JPEG, no metadata kept."""
    upload = _uploaded(field)
    if upload is None:
        return None
    upload.stream.seek(0)
    with Image.open(upload.stream) as image:
        image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # JPEG: decode at a reduced size
        image = ImageOps.exif_transpose(image)  # keep the photo upright once EXIF is gone
        image = _in_srgb(image)
        image.thumbnail((MAX_SIDE, MAX_SIDE))
        image = _pixels_only(image)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)
        return Photo(data=out.getvalue(), mime="image/jpeg", width=image.width, height=image.height)
