"""The permission matrix of every analysis view, run through the whole cast: editors (commissioner,
coordinator, team member, staff) change things, partners and the programme operator read, outsiders
get a 404 and anonymous visitors go to the sign-in page."""

import pytest
from django.urls import reverse

from arpenteur.analysis.services import create_code, get_or_create_codebook

from ..personas import PERSONAS

pytestmark = pytest.mark.django_db

VIEW = {"outsider": 404, "anonymous": 302}
EDIT = {"outsider": 404, "anonymous": 302, "operator": 403, "partner": 403}


def _code(cast):
    book = get_or_create_codebook(cast.residency)
    return book.codes.first() or create_code(codebook=book, name="Commerce")


CASES = [
    ("analysis:codebook", None, "get", None, VIEW, 200),
    ("analysis:codebook", None, "post", {"name": "Marché", "colour": "#aa0000"}, EDIT, 302),
    ("analysis:codebook_export", None, "get", None, VIEW, 200),
    ("analysis:codebook_css", None, "get", None, VIEW, 200),
    ("analysis:codebook_starter", None, "post", {}, EDIT, 302),
    ("analysis:codebook_import", None, "get", None, EDIT, 200),
    ("analysis:code_edit", lambda c: {"code_pk": _code(c).pk}, "get", None, EDIT, 200),
    ("analysis:code_delete", lambda c: {"code_pk": _code(c).pk}, "post", {}, EDIT, 302),
    ("analysis:code_merge", None, "post", {}, EDIT, 302),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "kwargs", "method", "data", "rule", "ok"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES]
)
def test_analysis_views_permission_matrix(client_for, cast, persona, name, kwargs, method, data, rule, ok):
    url = reverse(name, kwargs={"pk": cast.residency.pk, **(kwargs(cast) if kwargs else {})})
    client = client_for(cast.user(persona))
    response = getattr(client, method)(url, data or {})
    expected = rule.get(persona, ok)
    assert response.status_code == expected, (
        f"{persona} on {name}: {response.status_code}, expected {expected}"
    )
    if expected == 302 and persona == "anonymous":
        assert reverse("accounts:login") in response.url
