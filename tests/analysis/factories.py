"""Factories and scenarios of the analysis: a coded passage, a finding backed by it, an enjeu."""

from arpenteur.analysis.models import Enjeu, Finding
from arpenteur.analysis.services import (
    code_passage,
    create_code,
    get_or_create_codebook,
    save_enjeu,
    save_finding,
)
from tests.fieldwork.factories import MaterialFactory


def a_code(residency, name="Mobilités", **kwargs):
    book = get_or_create_codebook(residency)
    return book.codes.filter(name=name).first() or create_code(codebook=book, name=name, **kwargs)


def a_coded_passage(residency, user=None, *, material=None, words="parking", code_name="Mobilités"):
    material = material or MaterialFactory(residency=residency)
    start = material.body.index(words)
    return code_passage(
        material=material,
        user=user,
        codes=[a_code(residency, code_name)],
        field_name="body",
        start=start,
        end=start + len(words),
    )


def a_finding(residency, user=None, *, segments=None, materials=(), **fields):
    segments = segments if segments is not None else ([] if materials else [a_coded_passage(residency, user)])
    finding = Finding(
        residency=residency,
        title=fields.pop("title", "Le parking sert de raccourci aux collégiens"),
        swot=fields.pop("swot", "faiblesse"),
        **fields,
    )
    return save_finding(finding=finding, user=user, segments=segments, materials=materials)


def an_enjeu(residency, user=None, *, findings=None, **fields):
    findings = findings or [a_finding(residency, user)]
    enjeu = Enjeu(residency=residency, title=fields.pop("title", "Relier la gare au centre à pied"), **fields)
    return save_enjeu(enjeu=enjeu, user=user, findings=findings)
