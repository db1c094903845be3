"""Maps drawn by us, as SVG: points, routes and perimeters over the commune's outline when one is
known, otherwise over a plain background with a scale bar and a north arrow. No tile server, no
network: the same SVG goes into the PDF, the posters and the public page.

Projection: a local equirectangular projection around the map's centre, accurate to well under a
percent over the few kilometres a residency covers, which is all a scale bar needs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON_EQUATOR = 111.320

STYLE = {
    "point": "#b3361e",
    "session": "#1d4f91",
    "line": "#1d4f91",
    "polygon": "#2f7d4a",
}


@dataclass
class MapFeature:
    """kind: point | line | polygon; coords: [(lat, lon), …]; number is shown on the map and in the
    legend list that serves as the text alternative."""

    kind: str
    coords: list[tuple[float, float]]
    label: str = ""
    number: int | None = None
    category: str = "point"


@dataclass
class MapSpec:
    title: str
    centre: tuple[float, float] | None
    features: list[MapFeature] = field(default_factory=list)
    outline: list[list[tuple[float, float]]] | None = None  # rings of (lat, lon)
    centre_label: str = ""


def _nice_scale(km: float) -> float:
    """A round length (…, 0.1, 0.2, 0.5, 1, 2, 5 km…) close to a quarter of the map width."""
    target = km / 4 if km > 0 else 0.1
    exponent = math.floor(math.log10(target))
    for step in (5, 2, 1):
        value = step * 10**exponent
        if value <= target:
            return value
    return 10**exponent


def render_svg(spec: MapSpec, *, width: int = 800, height: int = 560, font_size: int = 14) -> str:
    points: list[tuple[float, float]] = [c for f in spec.features for c in f.coords]
    if spec.outline:
        points += [c for ring in spec.outline for c in ring]
    if spec.centre:
        points.append(spec.centre)
    lat0, lon0 = spec.centre or (points[0] if points else (46.6, 2.4))
    kx = KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(lat0))

    def km(lat: float, lon: float) -> tuple[float, float]:
        return (lon - lon0) * kx, (lat - lat0) * KM_PER_DEG_LAT

    projected = [km(*p) for p in points] or [(0.0, 0.0)]
    xs, ys = [p[0] for p in projected], [p[1] for p in projected]
    span_x = max(max(xs) - min(xs), 0.6)
    span_y = max(max(ys) - min(ys), 0.6)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    margin = 48
    scale = min((width - 2 * margin) / (span_x * 1.1), (height - 2 * margin) / (span_y * 1.1))

    def xy(lat: float, lon: float) -> tuple[float, float]:
        x, y = km(lat, lon)
        return width / 2 + (x - cx) * scale, height / 2 - (y - cy) * scale

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(spec.title, {chr(34): "&quot;"})}" '
        f'font-family="DejaVu Sans, sans-serif" font-size="{font_size}">',
        f"<title>{escape(spec.title)}</title>",
        f'<rect width="{width}" height="{height}" fill="#f4f1ea" stroke="#8a8270"/>',
    ]
    if spec.outline:
        for ring in spec.outline:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(*c) for c in ring))
            out.append(f'<polygon points="{path}" fill="#ffffff" stroke="#6b6455" stroke-width="2"/>')
    for feature in spec.features:
        colour = STYLE.get(feature.category, STYLE.get(feature.kind, "#333"))
        pts = [xy(*c) for c in feature.coords]
        if not pts:
            continue
        if feature.kind == "polygon" and len(pts) >= 3:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
            out.append(
                f'<polygon points="{path}" fill="{colour}" fill-opacity="0.18" stroke="{colour}" '
                'stroke-width="3" stroke-dasharray="8 4"/>'
            )
        elif feature.kind == "line" and len(pts) >= 2:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
            out.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="4" '
                'stroke-linecap="round" stroke-linejoin="round"/>'
            )
        else:
            x, y = pts[0]
            out.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{font_size * 0.75:.1f}" fill="{colour}" stroke="#fff" stroke-width="2"/>'
            )
        if feature.number is not None:
            x, y = pts[0]
            out.append(
                f'<text x="{x:.1f}" y="{y + font_size * 0.35:.1f}" text-anchor="middle" fill="#fff" '
                f'font-size="{font_size * 0.8:.0f}" font-weight="bold">{feature.number}</text>'
            )
    if spec.centre:
        x, y = xy(*spec.centre)
        s = font_size * 0.6
        out.append(
            f'<path d="M{x - s:.1f},{y:.1f}H{x + s:.1f}M{x:.1f},{y - s:.1f}V{y + s:.1f}" stroke="#222" stroke-width="2"/>'
        )
        if spec.centre_label:
            out.append(
                f'<text x="{x + s + 4:.1f}" y="{y - s:.1f}" fill="#222">{escape(spec.centre_label)}</text>'
            )
    # Scale bar and north arrow: on a plain background they are the only reference.
    visible_km = width / scale
    bar_km = _nice_scale(visible_km)
    bar_px = bar_km * scale
    bx, by = margin / 2, height - margin / 2
    bar_label = f"{bar_km:g} km" if bar_km >= 1 else f"{bar_km * 1000:g} m"
    out.append(
        f'<path d="M{bx:.1f},{by - 6:.1f}V{by:.1f}H{bx + bar_px:.1f}V{by - 6:.1f}" fill="none" stroke="#222" stroke-width="2"/>'
        f'<text x="{bx + bar_px + 6:.1f}" y="{by:.1f}" fill="#222">{bar_label}</text>'
    )
    nx, ny = width - margin / 2, margin / 2 + 4
    out.append(
        f'<path d="M{nx:.1f},{ny:.1f}l-8,22l8,-6l8,6z" fill="#222"/>'
        f'<text x="{nx:.1f}" y="{ny + 38:.1f}" text-anchor="middle" fill="#222">N</text>'
    )
    out.append("</svg>")
    return "".join(out)
