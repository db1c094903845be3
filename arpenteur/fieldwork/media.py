"""Checking uploaded photos and sounds before anything is stored.

Photos are opened with Pillow, which refuses what is not an image, then re-encoded as a new JPEG:
the original bytes (with their EXIF block, GPS position, camera serial…) never reach the disk. The
position is kept only as data on the material, when the author chose to place it.

Sounds cannot be re-encoded without ffmpeg; they are checked by size, declared type *and* their first
bytes (the container's signature), so a renamed executable is refused.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError


class MediaError(ValueError):
    """A French message for the person who sent the file."""


@dataclass
class CheckedFile:
    content: ContentFile
    extension: str
    content_type: str
    size: int
    width: int | None = None
    height: int | None = None


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def check_photo(upload) -> CheckedFile:
    limit = settings.FIELDWORK_PHOTO_MAX_MB * 1024 * 1024
    if upload.size > limit:
        raise MediaError(
            _(
                "Cette photo pèse %(size)s Mo, au-delà de la limite de %(limit)s Mo : "
                "réduisez-la (ou photographiez en qualité moyenne) puis renvoyez-la."
            )
            % {"size": _megabytes(upload.size), "limit": settings.FIELDWORK_PHOTO_MAX_MB}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in {"JPEG", "PNG", "WEBP", "GIF", "MPO", "HEIF", "TIFF", "BMP"}:
                raise MediaError(
                    _("Ce format d’image n’est pas accepté : envoyez une photo JPEG, PNG ou WebP.")
                )
            image.load()
            # Apply the camera's rotation before dropping EXIF, so the photo stays upright.
            image = ImageOps.exif_transpose(image)
            if image.mode not in ("RGB", "L"):
                background = Image.new("RGB", image.size, "white")
                rgba = image.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                image = background
            side = settings.FIELDWORK_PHOTO_MAX_SIDE
            image.thumbnail((side, side), Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            # A fresh JPEG written without exif= or icc_profile=: no metadata is carried over.
            image.save(buffer, format="JPEG", quality=85, optimize=True, progressive=True)
            width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise MediaError(
            _("Ce fichier n’est pas une image lisible : envoyez une photo (JPEG, PNG ou WebP).")
        ) from error
    data = buffer.getvalue()
    return CheckedFile(ContentFile(data), "jpg", "image/jpeg", len(data), width, height)


# First bytes of the audio containers recorded by phones and browsers.
_AUDIO_SIGNATURES = [
    ("mp3", "audio/mpeg", lambda b: b[:3] == b"ID3" or (len(b) > 1 and b[0] == 0xFF and b[1] & 0xE0 == 0xE0)),
    ("ogg", "audio/ogg", lambda b: b[:4] == b"OggS"),
    ("wav", "audio/wav", lambda b: b[:4] == b"RIFF" and b[8:12] == b"WAVE"),
    ("webm", "audio/webm", lambda b: b[:4] == b"\x1a\x45\xdf\xa3"),
    ("m4a", "audio/mp4", lambda b: b[4:8] == b"ftyp"),
    ("flac", "audio/flac", lambda b: b[:4] == b"fLaC"),
]
_AUDIO_DECLARED = {
    "audio/mpeg",
    "audio/mp3",
    "audio/ogg",
    "audio/opus",
    "audio/wav",
    "audio/x-wav",
    "audio/wave",
    "audio/webm",
    "video/webm",
    "audio/mp4",
    "audio/x-m4a",
    "audio/m4a",
    "audio/aac",
    "audio/flac",
    "video/mp4",
    "application/octet-stream",
    "",
}


def check_audio(upload) -> CheckedFile:
    limit = settings.FIELDWORK_AUDIO_MAX_MB * 1024 * 1024
    if upload.size > limit:
        raise MediaError(
            _(
                "Cet enregistrement pèse %(size)s Mo, au-delà de la limite de %(limit)s Mo : coupez-le en plusieurs."
            )
            % {"size": _megabytes(upload.size), "limit": settings.FIELDWORK_AUDIO_MAX_MB}
        )
    declared = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for extension, content_type, matches in _AUDIO_SIGNATURES:
        if matches(head):
            if declared not in _AUDIO_DECLARED:
                break
            content = ContentFile(upload.read())
            upload.seek(0)
            return CheckedFile(content, extension, content_type, upload.size)
    raise MediaError(
        _(
            "Ce fichier n’est pas un enregistrement sonore reconnu : envoyez un fichier MP3, M4A, Ogg, WebM ou WAV."
        )
    )
