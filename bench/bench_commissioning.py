"""Commission: writing the procurement documents (DOCX, ODT, PDF) and the choice page with 40 offers
marked by a jury of 7 on the default grid: time and queries per page.

Run: .venv/bin/python bench/bench_commissioning.py
"""

import statistics
import time
from datetime import date
from decimal import Decimal

from _setup import setup_django

setup_django()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from arpenteur.accounts.models import User  # noqa: E402
from arpenteur.commissioning import services  # noqa: E402
from arpenteur.commissioning.models import DocumentKind, Mark, Offer, Team  # noqa: E402
from arpenteur.residencies.demo import DEMO_TERRITORIES  # noqa: E402
from arpenteur.residencies.models import FormatTemplate, ResidencyMembership  # noqa: E402
from arpenteur.residencies.services import create_residency  # noqa: E402
from arpenteur.territories.importers import import_territories  # noqa: E402
from arpenteur.territories.models import Commune  # noqa: E402

OFFERS, JURY = 40, 7
import_territories([DEMO_TERRITORIES], cog_year=2024)
commissioner = User.objects.create_user("maire@example.org", "x")
residency = create_residency(
    title="Péronne",
    commune=Commune.objects.get(code="80620", cog_year=2024, kind="COM"),
    format=FormatTemplate.objects.get(slug="residence-hauts-de-france"),
    start_date=date(2026, 9, 1),
    end_date=date(2026, 12, 18),
    question="Comment relier les remparts, les étangs et le marché ?",
    created_by=commissioner,
    creator_role=ResidencyMembership.Role.COMMISSIONER,
)
services.apply_budget_example(
    budget=services.budget_for(residency),
    example=__import__(
        "arpenteur.commissioning.models", fromlist=["BudgetExample"]
    ).BudgetExample.objects.first(),
)
grid = services.grid_for(residency)
jury = [services.add_evaluator(grid=grid, user=commissioner)]
for j in range(JURY - 1):
    user = User.objects.create_user(f"jure{j}@example.org", "x")
    ResidencyMembership.objects.create(residency=residency, user=user, role="partenaire")
    jury.append(services.add_evaluator(grid=grid, user=user))
criteria = list(grid.criteria.prefetch_related("subcriteria"))
for i in range(OFFERS):
    team = Team.objects.create(name=f"Équipe {i:02d}", kind=Team.Kind.COLLECTIVE)
    offer = services.record_offer(
        residency=residency,
        offer=Offer(team=team, price_ht=Decimal(15000 + 250 * i), received_on=date(2026, 7, 1)),
    )
    rows = []
    for k, evaluator in enumerate(jury):
        for criterion in criteria:
            if criterion.is_price:
                continue
            for sub in list(criterion.subcriteria.all()) or [None]:
                rows.append(
                    Mark(
                        evaluation=offer.evaluation,
                        evaluator=evaluator,
                        criterion=criterion,
                        subcriterion=sub,
                        mark=Decimal((i + k) % 21),
                    )
                )
    Mark.objects.bulk_create(rows)
print(f"{OFFERS} offers, {JURY} jury members, {Mark.objects.count()} marks")

for kind in (DocumentKind.CCTP, DocumentKind.RC, DocumentKind.ANALYSIS):
    times = []
    for _ in range(3):
        document = services.request_document(residency=residency, kind=kind, user=commissioner)
        document.refresh_from_db()
        assert document.status == "pret", document.error
        times.append(document.duration_ms)
    print(f"document {kind:<10} DOCX+ODT+PDF: median {statistics.median(times)} ms (task time)")

client = Client()
client.force_login(commissioner)
for name in (
    "commissioning:selection",
    "commissioning:selection_json",
    "commissioning:documents",
    "commissioning:teams",
    "commissioning:grid",
    "commissioning:budget",
):
    url = reverse(name, args=[residency.pk])
    timings = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (name, response.status_code)
    print(f"{name:<32} median {statistics.median(timings):6.1f} ms, {len(queries)} queries")
