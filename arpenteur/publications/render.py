"""Rendering the public content: the cahier de synthèse (A4 PDF and ODT) and the posters (A1/A0 PDF).

Everything rendered here comes from `content.collect`, the allow-list of publishable content.
Photos are read through our own URL fetcher: `photo:<material id>` is resolved to the stored file,
re-encoded by Pillow (EXIF, GPS and comments dropped, size capped for print) and handed to
WeasyPrint as bytes, so neither the original file name nor its metadata can reach the PDF. The
fetcher refuses every other scheme except local font files: a PDF build never touches the network.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from xml.sax.saxutils import escape

from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation
from PIL import Image, ImageOps
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .content import PublicContent
from .maps import render_svg
from .typography import french_typography, typographize_html

Progress = Callable[[int, str], None]

LAST_PAGE_COUNT: dict[int, int] = {}
# 80 mm wide in the cahier: 1,000 px is 300 dpi. A third of an A1 poster: 2,000 px.
PRINT_PHOTO_MAX_PX = 1000
POSTER_PHOTO_MAX_PX = 2000
FONT_DIRS = ("/usr/share/fonts/",)


def _noop(percent: int, step: str) -> None:
    return None


def clean_image_bytes(storage_name: str, max_px: int) -> bytes:
    """The photo re-encoded as a plain JPEG: oriented, resized, without any metadata."""
    with default_storage.open(storage_name, "rb") as handle, Image.open(handle) as image:
        # Decode a JPEG at 1/2, 1/4 or 1/8 of its size when that is still larger than needed: a
        # phone photo (4000 × 3000) then costs a fraction of a full decode and resize.
        ratio = min(1.0, max_px / max(image.size))
        image.draft("RGB", (round(image.width * ratio), round(image.height * ratio)))
        image.thumbnail((max_px, max_px), reducing_gap=2.0)
        image = ImageOps.exif_transpose(image)
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        # Pillow copies `info` (JPEG comment, ICC profile…) into what it saves unless told
        # otherwise: drop it all, and pass no exif=, so none of the source's metadata survives.
        image.info = {}
        out = io.BytesIO()
        image.save(out, "JPEG", quality=82)
    return out.getvalue()


class PublicFetcher(URLFetcher):
    """Serves `photo:<id>` from the allow-listed photo files and local fonts; refuses the rest."""

    def __init__(self, photo_files: dict[int, str], max_px: int, prepared: dict[int, bytes] | None = None):
        super().__init__(allowed_protocols={"photo", "file"})
        self.photo_files = photo_files
        self.max_px = max_px
        self.prepared = prepared or {}

    def fetch(self, url, headers=None):
        if url.startswith("photo:"):
            material_id = int(url.split(":", 1)[1].split("?")[0])
            name = self.photo_files[material_id]  # KeyError: not publishable, not fetched
            body = self.prepared.get(material_id) or clean_image_bytes(name, self.max_px)
            return URLFetcherResponse(url, body, {"Content-Type": "image/jpeg"}, 200)
        if url.startswith("file:") and any(url[len("file://") :].startswith(d) for d in FONT_DIRS):
            return super().fetch(url, headers)
        raise ValueError(f"Ressource refusée : {url[:40]}")


def _context(content: PublicContent, *, paper: str = "A4") -> dict:
    maps = [
        {"title": spec.title, "svg": render_svg(spec), "features": spec.features} for spec in content.maps
    ]
    diagnostic = content.section("diagnostic")
    roadmap = content.section("feuille_de_route")
    vision = content.section("vision")
    return {
        "c": content,
        "meta": content.meta,
        "sections": content.sections,
        "maps": maps,
        "paper": paper,
        "fonts": font_files(),
        "photo_base": "photo:",
        "photo_suffix": "",
        "enjeux": (diagnostic.data.get("enjeux") if diagnostic and diagnostic.available else None) or [],
        "axes": (roadmap.data.get("axes") if roadmap and roadmap.available else None) or [],
        "vision": (vision.data.get("vision") if vision and vision.available else None) or "",
    }


def prepare_photos(
    html: str, content: PublicContent, *, max_px: int, progress: Progress, start: int, end: int
) -> dict[int, bytes]:
    """Re-encode the photos the document shows, two at a time: Pillow releases the GIL while it
    decodes and encodes, so both cores work, and the progress counts photos as they come."""
    ids = sorted({int(i) for i in re.findall(r"photo:(\d+)", html)} & set(content.photo_files))
    prepared: dict[int, bytes] = {}
    with ThreadPoolExecutor(max_workers=2) as pool:
        bodies = pool.map(lambda i: clean_image_bytes(content.photo_files[i], max_px), ids)
        for n, (material_id, body) in enumerate(zip(ids, bodies, strict=True), start=1):
            prepared[material_id] = body
            progress(start + (end - start) * n // len(ids), f"Photos {n}/{len(ids)}")
    return prepared


def _pdf(
    html: str, content: PublicContent, *, max_px: int, progress: Progress, start: int, end: int
) -> bytes:
    middle = (start + end) // 2
    prepared = prepare_photos(html, content, max_px=max_px, progress=progress, start=start, end=middle)
    progress(middle, "Mise en page")
    fetcher = PublicFetcher(content.photo_files, max_px, prepared)
    html = typographize_html(html)
    document = HTML(string=html, base_url="file:///nonexistent/", url_fetcher=fetcher).render()
    progress(start + (end - start) * 3 // 4, "Mise en page terminée, écriture du PDF")
    data = document.write_pdf(pdf_tags=True, optimize_images=False)
    LAST_PAGE_COUNT[id(content)] = len(document.pages)
    return data


def render_cahier_pdf(content: PublicContent, progress: Progress = _noop) -> bytes:
    with translation.override("fr"):
        progress(20, "Mise en page du cahier")
        html = render_to_string("publications/print/cahier.html", _context(content))
        return _pdf(html, content, max_px=PRINT_PHOTO_MAX_PX, progress=progress, start=25, end=95)


def render_posters_pdf(content: PublicContent, paper: str, progress: Progress = _noop) -> bytes:
    with translation.override("fr"):
        progress(20, "Mise en page des affiches")
        html = render_to_string("publications/print/posters.html", _context(content, paper=paper))
        return _pdf(html, content, max_px=POSTER_PHOTO_MAX_PX, progress=progress, start=25, end=95)


def page_count(content: PublicContent) -> int | None:
    """Pages of the last PDF rendered from this content."""
    return LAST_PAGE_COUNT.pop(id(content), None)


# --- ODT ---------------------------------------------------------------------------------------------

ODT_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""

ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'office:version="1.3"'
)


def _odt_text(value) -> str:
    return escape(french_typography(str(value or "")))


def render_cahier_odt(content: PublicContent, progress: Progress = _noop) -> bytes:
    """The cahier as an editable ODT (text, lists and tables, no images), for final touches in
    LibreOffice. Same content and same allow-list as the PDF."""
    with translation.override("fr"):
        progress(30, "Écriture du document ODT")
        body = render_to_string("publications/print/cahier_odt.xml", _context(content))
        meta = content.meta
        content_xml = (
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODT_NS}>'
            f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
        )
        styles_xml = (
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ODT_NS}><office:styles>'
            '<style:default-style style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.2cm"/>'
            '<style:text-properties style:font-name="DejaVu Serif" fo:font-size="11pt" fo:language="fr" fo:country="FR"/>'
            "</style:default-style>"
            '<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph">'
            '<style:text-properties fo:font-size="18pt" fo:font-weight="bold"/></style:style>'
            '<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph">'
            '<style:text-properties fo:font-size="14pt" fo:font-weight="bold"/></style:style>'
            '<style:style style:name="Quotations" style:family="paragraph">'
            '<style:paragraph-properties fo:margin-left="1cm"/><style:text-properties fo:font-style="italic"/></style:style>'
            "</office:styles></office:document-styles>"
        )
        meta_xml = (
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {ODT_NS}><office:meta>'
            f"<dc:title>{_odt_text(meta['title'])}</dc:title><dc:language>fr-FR</dc:language>"
            f"<meta:generator>Arpenteur</meta:generator>"
            f"<dc:description>{_odt_text(meta['licence']['title'])}</dc:description>"
            "</office:meta></office:document-meta>"
        )
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as odt:
            # The mimetype entry comes first and uncompressed: that is how ODF readers recognise it.
            odt.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
            odt.writestr("META-INF/manifest.xml", ODT_MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
            odt.writestr("content.xml", content_xml, compress_type=zipfile.ZIP_DEFLATED)
            odt.writestr("styles.xml", styles_xml, compress_type=zipfile.ZIP_DEFLATED)
            odt.writestr("meta.xml", meta_xml, compress_type=zipfile.ZIP_DEFLATED)
        progress(90, "Document ODT écrit")
        return out.getvalue()


def font_files() -> dict[str, str]:
    """Local files of the DejaVu fonts (Debian package fonts-dejavu-core), embedded in the PDF."""
    found = {}
    for name in ("DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic", "DejaVuSans", "DejaVuSans-Bold"):
        for directory in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu"):
            path = Path(directory) / f"{name}.ttf"
            if path.exists():
                found[name] = path.as_uri()
                break
    return found
