"""Geometry of the results bar chart, drawn as inline SVG by a template.

The chart is an image with a text alternative: the same figures are in a table next to it, and
each bar carries its value as visible text, so nobody depends on colour or length alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format

from .services import SessionResults

WIDTH = 640
LABEL_HEIGHT = 22
BAR_HEIGHT = 22
ROW_GAP = 14
ROW_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
VALUE_ROOM = 210  # room right of the longest bar for « 12 gommettes · 4,2/5 »


@dataclass(frozen=True)
class Bar:
    rank: int
    label: str
    y_label: int
    y_bar: int
    width: int
    value_x: int
    value_text: str


def bar_chart(results: SessionResults) -> dict:
    ranked = results.ranked
    scale = (WIDTH - VALUE_ROOM) / results.max_dots if results.max_dots else 0
    bars = []
    for index, row in enumerate(ranked):
        top = index * ROW_HEIGHT
        width = max(int(row.dots * scale), 2 if row.dots else 0)
        text = f"{row.dots} gommette{'s' if row.dots > 1 else ''}"
        if row.mean_score is not None:
            text += f" · {number_format(row.mean_score, 1)}/5"
        bars.append(
            Bar(
                rank=index + 1,
                label=row.label if len(row.label) <= 80 else row.label[:79] + "…",
                y_label=top + LABEL_HEIGHT - 6,
                y_bar=top + LABEL_HEIGHT,
                width=width,
                value_x=width + 8,
                value_text=text,
            )
        )
    return {
        "bars": bars,
        "width": WIDTH,
        "height": max(len(bars) * ROW_HEIGHT, ROW_HEIGHT),
        "bar_height": BAR_HEIGHT,
        "text_dy": BAR_HEIGHT - 6,
    }
