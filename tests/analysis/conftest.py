import pytest

from arpenteur.analysis.models import AstonishmentReport, PdfExport
from tests.fieldwork.factories import MaterialFactory, StakeholderFactory, all_consents

from .factories import a_coded_passage, a_finding, an_enjeu


@pytest.fixture
def chain(cast):
    """A material quoting an inhabitant who consented, coded, cited by a finding, behind an enjeu;
    and a rapport d'étonnement with a finished PDF export."""
    inhabitant = all_consents(StakeholderFactory(residency=cast.residency, name="Josiane Martin"))
    material = MaterialFactory(residency=cast.residency, visibility="partenaires", speakers=[inhabitant])
    segment = a_coded_passage(cast.residency, cast.team_member, material=material)
    finding = a_finding(cast.residency, cast.team_member, segments=[segment])
    enjeu = an_enjeu(cast.residency, cast.team_member, findings=[finding])
    report = AstonishmentReport.objects.create(
        residency=cast.residency, title="Rapport d’étonnement", astonishments="Le marché déborde"
    )
    export = PdfExport.objects.create(residency=cast.residency, report=report, status="pret")
    export.file.save(
        "r.pdf", __import__("django.core.files.base", fromlist=["ContentFile"]).ContentFile(b"%PDF-1.4")
    )
    cast.chain = {
        "material": material,
        "segment": segment,
        "finding": finding,
        "enjeu": enjeu,
        "report": report,
        "export": export,
        "inhabitant": inhabitant,
    }
    return cast.chain
