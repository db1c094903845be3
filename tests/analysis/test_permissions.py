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
    ("analysis:coding_list", None, "get", None, VIEW, 200),
    ("analysis:coding_material", lambda c: {"material_pk": c.chain["material"].pk}, "get", None, VIEW, 200),
    ("analysis:coding_material", lambda c: {"material_pk": c.chain["material"].pk}, "post", {}, EDIT, 200),
    ("analysis:segment_memo", lambda c: {"segment_pk": c.chain["segment"].pk}, "get", None, EDIT, 200),
    ("analysis:segment_delete", lambda c: {"segment_pk": c.chain["segment"].pk}, "post", {}, EDIT, 302),
    (
        "analysis:segment_untag",
        lambda c: {"segment_pk": c.chain["segment"].pk, "code_pk": c.chain["segment"].codes.get().pk},
        "post",
        {},
        EDIT,
        302,
    ),
    ("analysis:finding_list", None, "get", None, VIEW, 200),
    ("analysis:finding_list_twin", lambda c: {"fmt": "csv"}, "get", None, VIEW, 200),
    ("analysis:finding_create", None, "get", None, EDIT, 200),
    ("analysis:finding_detail", lambda c: {"finding_pk": c.chain["finding"].pk}, "get", None, VIEW, 200),
    ("analysis:finding_edit", lambda c: {"finding_pk": c.chain["finding"].pk}, "get", None, EDIT, 200),
    ("analysis:finding_delete", lambda c: {"finding_pk": c.chain["finding"].pk}, "post", {}, EDIT, 302),
    (
        "analysis:evidence_remove",
        lambda c: {"evidence_pk": c.chain["finding"].evidence.get().pk},
        "post",
        {},
        EDIT,
        302,
    ),
    ("analysis:enjeu_list", None, "get", None, VIEW, 200),
    ("analysis:enjeu_create", None, "get", None, EDIT, 200),
    ("analysis:enjeu_detail", lambda c: {"enjeu_pk": c.chain["enjeu"].pk}, "get", None, VIEW, 200),
    ("analysis:enjeu_edit", lambda c: {"enjeu_pk": c.chain["enjeu"].pk}, "get", None, EDIT, 200),
    ("analysis:enjeu_delete", lambda c: {"enjeu_pk": c.chain["enjeu"].pk}, "post", {}, EDIT, 302),
    ("analysis:material_usage", lambda c: {"material_pk": c.chain["material"].pk}, "get", None, VIEW, 200),
    (
        "analysis:material_usage",
        lambda c: {"material_pk": c.chain["material"].pk},
        "post",
        {"decision": "garder"},
        EDIT,
        302,
    ),
    ("analysis:board", None, "get", None, VIEW, 200),
    ("analysis:board_code", lambda c: {"code_pk": c.chain["segment"].codes.get().pk}, "get", None, VIEW, 200),
    (
        "analysis:board_code_twin",
        lambda c: {"code_pk": c.chain["segment"].codes.get().pk, "fmt": "geojson"},
        "get",
        None,
        VIEW,
        200,
    ),
    ("analysis:diagnosis", None, "get", None, VIEW, 200),
    ("analysis:report_list", None, "get", None, VIEW, 200),
    ("analysis:report_create", None, "get", None, EDIT, 200),
    ("analysis:report_detail", lambda c: {"report_pk": c.chain["report"].pk}, "get", None, VIEW, 200),
    ("analysis:report_edit", lambda c: {"report_pk": c.chain["report"].pk}, "get", None, EDIT, 200),
    ("analysis:export_status", lambda c: {"export_pk": c.chain["export"].pk}, "get", None, VIEW, 200),
    ("analysis:export_download", lambda c: {"export_pk": c.chain["export"].pk}, "get", None, VIEW, 200),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "kwargs", "method", "data", "rule", "ok"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES]
)
def test_analysis_views_permission_matrix(
    client_for, cast, chain, persona, name, kwargs, method, data, rule, ok
):
    url = reverse(name, kwargs={"pk": cast.residency.pk, **(kwargs(cast) if kwargs else {})})
    client = client_for(cast.user(persona))
    response = getattr(client, method)(url, data or {})
    response.close()  # file downloads keep their file open until closed
    expected = rule.get(persona, ok)
    assert response.status_code == expected, (
        f"{persona} on {name}: {response.status_code}, expected {expected}"
    )
    if expected == 302 and persona == "anonymous":
        assert reverse("accounts:login") in response.url
