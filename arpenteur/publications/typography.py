"""French typography for printed and published text.

French puts a thin non-breaking space (U+202F) before « ; ! ? », a non-breaking space (U+00A0)
before « : » and inside guillemets. Typing them is impractical, so text is corrected at render
time: ordinary spaces there become non-breaking, missing ones are added. Times (10:30), URLs
(https://…) and ratios are left alone because the colon there is not preceded by a word and a space
or is followed by a digit or a slash.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
NNBSP = "\u202f"

_SPACES = "[ \u00a0\u202f\t]"
_BEFORE_TIGHT = re.compile(rf"(?<=\S){_SPACES}*([;!?])(?=\s|$|[»)\]!?.,])")
_BEFORE_COLON = re.compile(rf"(?<=[^\s\d/:]){_SPACES}*:(?=\s|$)|(?<=\S){_SPACES}+:(?=\s|$)")
_AFTER_OPEN_QUOTE = re.compile(rf"«{_SPACES}*")
_BEFORE_CLOSE_QUOTE = re.compile(rf"{_SPACES}*»")
# URLs and HTML entities (&#x27; &amp;) keep their punctuation: they are set aside, then restored.
_UNTOUCHABLE = re.compile(r"\b(?:https?|ftp|mailto):[^\s<>\"]+|&#?\w+;")
_TEXT_NODE = re.compile(r"(<(style|script|svg)\b.*?</\2>)|>([^<]+)(?=<)", re.S)


def french_typography(text: str) -> str:
    if not text:
        return text
    # URLs keep their punctuation untouched: cut them out, fix the rest, put them back.
    urls: list[str] = []

    def stash(match: re.Match) -> str:
        urls.append(match.group(0))
        return f"\x00{len(urls) - 1}\x00"

    text = _UNTOUCHABLE.sub(stash, str(text))
    text = _BEFORE_TIGHT.sub(lambda m: NNBSP + m.group(1), text)
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _AFTER_OPEN_QUOTE.sub("«" + NBSP, text)
    text = _BEFORE_CLOSE_QUOTE.sub(NBSP + "»", text)
    # «?!» and «!!» stay together: only the first mark gets the space.
    text = re.sub(f"{NNBSP}([!?]){NNBSP}([!?])", NNBSP + r"\1\2", text)
    return re.sub(r"\x00(\d+)\x00", lambda m: urls[int(m.group(1))], text)


def typographize_html(html: str) -> str:
    """Apply French typography to the text nodes of a whole HTML document (styles, scripts and
    inline SVG are left as they are)."""

    def fix(match: re.Match) -> str:
        if match.group(1):
            return match.group(1)
        return ">" + french_typography(match.group(3))

    return _TEXT_NODE.sub(fix, html)
