"""An offline HTML validity check: the WHATWG parser of tinyhtml5 (already installed, WeasyPrint
uses it — a fork of html5lib) reports every parse error, as html5lib's strict mode would; on the
parsed tree we add the conformance rules a parser does not see: unique ids, a lang, a title, one
h1, alternative text on images, labels and aria references pointing at existing ids."""

from __future__ import annotations

from tinyhtml5.parser import HTMLParser

NS = "{http://www.w3.org/1999/xhtml}"


def html_problems(html: str) -> list[str]:
    parser = HTMLParser()
    tree = parser.parse(html)
    problems = [
        f"ligne {line}, colonne {col} : {code} {data or ''}" for (line, col), code, data in parser.errors
    ]
    elements = list(tree.iter())
    ids = [e.get("id") for e in elements if e.get("id")]
    problems += [f"id en double : {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    known = set(ids)
    if not tree.get("lang"):
        problems.append("<html> sans lang")
    if tree.find(f"{NS}head/{NS}title") is None:
        problems.append("pas de <title>")
    if len(tree.findall(f".//{NS}h1")) != 1:
        problems.append("il faut exactement un <h1>")
    for e in elements:
        tag = e.tag.replace(NS, "") if isinstance(e.tag, str) else ""
        if tag == "img" and e.get("alt") is None:
            problems.append(f"image sans alt : {e.get('src')}")
        if tag == "label" and e.get("for") and e.get("for") not in known:
            problems.append(f"label pour un id absent : {e.get('for')}")
        for attribute in ("aria-labelledby", "aria-describedby", "aria-controls"):
            for ref in (e.get(attribute) or "").split():
                if ref not in known:
                    problems.append(f"{attribute} vers un id absent : {ref}")
    return problems
