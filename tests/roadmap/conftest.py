import pytest

from arpenteur.roadmap.models import ExportJob, FundingLine, Indicator, Milestone
from tests.analysis.conftest import chain  # noqa: F401  (the analysis chain this one extends)

from .factories import an_action, an_axis


@pytest.fixture
def road(cast, chain):  # noqa: F811
    """The analysis chain (material → segment → finding → enjeu) continued by an axis and a shared
    fiche action citing the enjeu, with a milestone, an indicator and a funding line; a finished
    export for the partners."""
    axis = an_axis(cast.residency)
    action = an_action(cast.residency, cast.team_member, enjeux=[chain["enjeu"]], axis=axis, quick_win=True)
    Milestone.objects.create(action=action, title="Comptage avant travaux", due_date="2027-03-15")
    Indicator.objects.create(
        action=action,
        name="Collégiens à pied",
        baseline=40,
        target=150,
        unit="passages/jour",
        source="Commune",
    )
    FundingLine.objects.create(action=action, funder="DSIL", amount=9000, status="demande")
    job = ExportJob.objects.create(residency=cast.residency, kind="xlsx", audience="membres", status="pret")
    from django.core.files.base import ContentFile

    job.file.save("f.xlsx", ContentFile(b"PK"))
    cast.road = {**chain, "axis": axis, "action": action, "job": job}
    return cast.road
