"""Pure helpers of the coding page: locating a passage in a text, and cutting a text into pieces
covered by the same segments so that highlights can overlap."""

from __future__ import annotations

from dataclasses import dataclass, field


def locate(
    text: str, passage: str, start: int | None = None, end: int | None = None
) -> tuple[int, int] | None:
    """Where `passage` is in `text`. Offsets sent by the browser win when they match the passage
    exactly; otherwise the passage is searched (first occurrence, then with normalised spaces)."""
    if start is not None and end is not None and 0 <= start < end <= len(text) and text[start:end] == passage:
        return start, end
    passage = passage.strip()
    if not passage:
        return None
    index = text.find(passage)
    if index >= 0:
        return index, index + len(passage)
    # People retype with different spaces or line breaks: match word by word.
    words = passage.split()
    if not words:
        return None
    position = 0
    while True:
        first = text.find(words[0], position)
        if first < 0:
            return None
        cursor, ok = first + len(words[0]), True
        for word in words[1:]:
            rest = text[cursor:]
            stripped = rest.lstrip()
            if not stripped.startswith(word):
                ok = False
                break
            cursor += len(rest) - len(stripped) + len(word)
        if ok:
            return first, cursor
        position = first + 1


@dataclass
class Piece:
    text: str
    start: int
    segments: list = field(default_factory=list)


def pieces(text: str, segments) -> list[Piece]:
    """Cut `text` at every segment boundary; each piece knows the segments covering it."""
    cuts = {0, len(text)}
    spans = [(s.start, s.end, s) for s in segments if s.start is not None and s.end <= len(text)]
    for start, end, _segment in spans:
        cuts.update((start, end))
    ordered = sorted(cuts)
    out = []
    for left, right in zip(ordered, ordered[1:], strict=False):
        covering = [s for start, end, s in spans if start <= left and right <= end]
        out.append(Piece(text=text[left:right], start=left, segments=covering))
    return out
