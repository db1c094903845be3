import io

import pytest
from PIL import Image


def jpeg_with_gps(size=(640, 480)) -> bytes:
    """A JPEG carrying EXIF with a GPS position and a camera model, like a phone photo."""
    image = Image.new("RGB", size, (120, 160, 90))
    exif = Image.Exif()
    exif[0x0110] = "Téléphone de test"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (49.0, 55.0, 54.0)
    gps[3] = "E"
    gps[4] = (2.0, 56.0, 1.0)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


@pytest.fixture
def photo_bytes():
    return jpeg_with_gps()
