"""No metadata of any kind survives a photo's re-encoding (issue #11, item 20):
JPEG comments, EXIF, XMP, ICC profiles (with their text), PNG text chunks, in
photos sent through the public forms and the panel."""
import io
import itertools

import pytest
from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo
from sqlalchemy import select

from extensions import db
from models import CitizenReport, FoundReport
from tests.conftest import csrf_from
from tests.helpers import submit

_ADDRESSES = (f"10.20.{i // 250}.{i % 250 + 1}" for i in itertools.count())
# Every secret is a text a person could read out of the stored file.
SECRETS = ("SECRET-COMMENT", "SECRET-EXIF", "SECRET-XMP", "SECRETICCTEXT", "SECRET-PNG-TEXT",
           "SECRET-PNG-ITXT", "SECRET-PNG-ZTXT")


def _icc_with_text() -> bytes:
    """An sRGB profile whose description says something ("sRGB built-in" is 13 characters)."""
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    description = "sRGB built-in".encode("utf-16-be")
    assert description in profile
    return profile.replace(description, "SECRETICCTEXT".encode("utf-16-be"))


def _exif():
    exif = Image.Exif()
    exif[0x010E] = "SECRET-EXIF"  # ImageDescription
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (23.0, 1.0, 30.5)
    return exif


_XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc>SECRET-XMP</dc></x:xmpmeta>'


def _picture(size=(320, 240)):
    return Image.new("RGB", size, (180, 90, 40))


def _jpeg() -> bytes:
    out = io.BytesIO()
    _picture().save(out, "JPEG", comment=b"SECRET-COMMENT", exif=_exif(), xmp=_XMP,
                    icc_profile=_icc_with_text())
    return out.getvalue()


def _png() -> bytes:
    info = PngInfo()
    info.add_text("Comment", "SECRET-PNG-TEXT")
    info.add_itxt("Description", "SECRET-PNG-ITXT", lang="en")
    info.add_text("Author", "SECRET-PNG-ZTXT", zip=True)
    info.add_text("XML:com.adobe.xmp", _XMP.decode())
    out = io.BytesIO()
    _picture().save(out, "PNG", pnginfo=info, exif=_exif(), icc_profile=_icc_with_text())
    return out.getvalue()


def _webp() -> bytes:
    out = io.BytesIO()
    _picture().save(out, "WEBP", exif=_exif(), xmp=_XMP, icc_profile=_icc_with_text())
    return out.getvalue()


SOURCES = {"jpeg": _jpeg, "png": _png, "webp": _webp}


def _carries_secrets(data: bytes) -> set[str]:
    found = set()
    for secret in SECRETS:
        if secret.encode() in data or secret.encode("utf-16-be") in data:
            found.add(secret)
    return found


def _jpeg_segments(data: bytes) -> list[int]:
    """The marker of every segment before the image data (SOS)."""
    assert data[:2] == b"\xff\xd8"
    markers, at = [], 2
    while at < len(data):
        marker = data[at + 1]
        if marker == 0xDA:  # start of scan: the pixels follow
            break
        length = int.from_bytes(data[at + 2:at + 4], "big")
        markers.append(marker)
        at += 2 + length
    return markers


def _assert_pixels_only(data: bytes):
    with Image.open(io.BytesIO(data)) as stored:
        readable = data + repr(stored.info).encode()
    assert not _carries_secrets(readable)
    # APP0 (JFIF) and the coding tables only: no COM (0xFE), no APP1-APP15 (EXIF, XMP, ICC).
    extra = [hex(m) for m in _jpeg_segments(data) if m == 0xFE or 0xE1 <= m <= 0xEF]
    assert not extra, f"metadata segments kept: {extra}"
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.format == "JPEG"
        assert not (set(stored.info) & {"comment", "exif", "xmp", "icc_profile", "photoshop"})
        assert not stored.getexif()


EXPECTED = {"jpeg": {"SECRET-COMMENT", "SECRET-EXIF", "SECRET-XMP", "SECRETICCTEXT"},
            "png": {"SECRET-EXIF", "SECRET-XMP", "SECRETICCTEXT", "SECRET-PNG-TEXT",
                    "SECRET-PNG-ITXT", "SECRET-PNG-ZTXT"},
            "webp": {"SECRET-EXIF", "SECRET-XMP", "SECRETICCTEXT"}}


@pytest.mark.parametrize("kind", sorted(SOURCES))
def test_the_source_images_do_carry_the_metadata(kind):
    """What the uploads carry, read as Pillow reads it (PNG's iCCP and zTXt are compressed)."""
    data = SOURCES[kind]()
    with Image.open(io.BytesIO(data)) as image:
        readable = data + repr(image.info).encode() + image.info.get("icc_profile", b"")
    assert _carries_secrets(readable) == EXPECTED[kind]


@pytest.mark.parametrize("kind", sorted(SOURCES))
def test_a_citizens_photo_keeps_no_metadata(app, client, world, kind):
    page = client.get("/public/report/missing")
    name = f"Metadata {kind}"
    response = client.post("/public/report/missing", data={
        "csrf_token": csrf_from(page), "district": str(world.district["amd"]), "child_name": name,
        "gender": "female", "age_years": "7", "event_date": "2026-10-20", "place": "Kalupur",
        "reporter_name": "Hema Patel", "reporter_phone": "+91 98765 43210", "father_name": "Ramesh",
        "reporter_relation": "Mother", "declaration": "y",
        "photo": (io.BytesIO(SOURCES[kind]()), f"child.{kind}")},
        content_type="multipart/form-data", environ_base={"REMOTE_ADDR": next(_ADDRESSES)})
    assert response.status_code == 302
    with app.app_context():
        report = db.session.scalar(select(CitizenReport).where(CitizenReport.child_name == name))
        data, size = report.photo.data, (report.photo.width, report.photo.height)
        db.session.remove()
    assert size == (320, 240)
    _assert_pixels_only(data)


def test_a_panel_photo_keeps_no_metadata_and_its_colours(app, client, auth, world):
    auth.login("police_amd")
    response = submit(client, "/admin/found_report/new/", {
        "child_name": "Metadata Panel", "gender": "male", "estimated_age_years": "7",
        "found_at": "2026-10-20 10:00", "district": str(world.district["amd"]),
        "police_unit": str(world.unit["amd_ps1"])},
        files={"photo_upload": (io.BytesIO(_jpeg()), "found.jpg")})
    assert response.status_code == 302
    with app.app_context():
        report = db.session.scalar(select(FoundReport).where(FoundReport.child_name == "Metadata Panel"))
        data = report.photo.data
        db.session.remove()
    _assert_pixels_only(data)
    with Image.open(io.BytesIO(data)) as stored:  # an sRGB profile changes nothing visible
        red, green, blue = stored.convert("RGB").getpixel((160, 120))
    assert abs(red - 180) <= 6 and abs(green - 90) <= 6 and abs(blue - 40) <= 6
