"""Programme pages with 1,000 residencies in one portfolio: the portfolio (page, .geojson, .csv) and
the capitalisation page (page, .json), each residency documented with enjeux, codes, activities, a
budget and roadmap actions. Prints server time (median, p95), queries and size per URL.

Run: .venv/bin/python bench/bench_programmes.py (DATABASE_URL=postgres://… for PostgreSQL).
"""

import statistics
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from _setup import setup_django

setup_django()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from arpenteur.accounts.models import Organisation, OrganisationMembership, User  # noqa: E402
from arpenteur.analysis.models import Code, Codebook, Enjeu, Visibility  # noqa: E402
from arpenteur.commissioning.models import Budget, BudgetLine  # noqa: E402
from arpenteur.fieldwork.models import Activity, Method  # noqa: E402
from arpenteur.programmes.models import PortfolioEntry, Programme  # noqa: E402
from arpenteur.residencies.demo import DEMO_TERRITORIES  # noqa: E402
from arpenteur.residencies.models import FormatTemplate, Residency, Session  # noqa: E402
from arpenteur.residencies.services import create_residency  # noqa: E402
from arpenteur.roadmap.models import Action, Axis  # noqa: E402
from arpenteur.territories.importers import import_territories  # noqa: E402
from arpenteur.territories.models import Commune  # noqa: E402

N = 1000
ENJEUX = [
    "Centre-bourg vivant",
    "centre bourg vivant",
    "Relier la gare au centre",
    "Reconquérir les logements vacants",
    "Ouvrir la ville sur son fleuve",
    "Faire vivre les rez-de-chaussée",
]
CODES = ["Commerce", "Habitat", "Mobilités", "Patrimoine", "Paysage et eau", "Gouvernance"]
STATUSES = list(Action.Status.values)

import_territories([DEMO_TERRITORIES], cog_year=2024)
communes = list(Commune.objects.filter(kind="COM"))
formats = list(FormatTemplate.objects.all())
methods = list(Method.objects.filter(residency=None)[:8])
region = Organisation.objects.create(name="Région", kind="region")
operator = User.objects.create_user("operateur@example.org", "x")
OrganisationMembership.objects.create(user=operator, organisation=region)
programme = Programme.objects.create(
    operator=region, name="Programme régional", slug="programme-regional", summary="Banc d’essai"
)

started = time.perf_counter()
for i in range(N):
    residency = create_residency(
        title=f"Résidence {i}",
        commune=communes[i % len(communes)],
        format=formats[i % len(formats)],
        start_date=date(2024, 1, 1) + timedelta(days=i % 700),
        end_date=date(2024, 1, 1) + timedelta(days=i % 700 + 120),
        created_by=None,
    )
    PortfolioEntry.objects.create(programme=programme, residency=residency, budget=20000 + i)
residencies = list(Residency.objects.order_by("pk"))
created = time.perf_counter() - started

Enjeu.objects.bulk_create(
    Enjeu(residency=r, title=ENJEUX[(r.pk + k) % len(ENJEUX)], visibility=Visibility.MEMBERS, position=k)
    for r in residencies
    for k in range(4)
)
books = Codebook.objects.bulk_create(Codebook(residency=r) for r in residencies)
Code.objects.bulk_create(
    Code(codebook=b, name=CODES[(b.residency_id + k) % len(CODES)], position=k)
    for b in books
    for k in range(4)
)
sessions = {s.residency_id: s for s in Session.objects.order_by("residency_id", "start_date")}
Activity.objects.bulk_create(
    Activity(
        session=s,
        method=methods[(s.residency_id + k) % len(methods)],
        title="Activité",
        day=s.start_date,
        start_time=datetime(2024, 1, 1, 9 + k, tzinfo=UTC).time(),
        end_time=datetime(2024, 1, 1, 9 + k, 45, tzinfo=UTC).time(),
    )
    for s in sessions.values()
    for k in range(5)
)
budgets = Budget.objects.bulk_create(Budget(residency=r) for r in residencies)
BudgetLine.objects.bulk_create(
    line
    for b in budgets
    for line in (
        BudgetLine(
            budget=b,
            position=1,
            category="immersion",
            label="Immersion",
            mode="jours",
            people=3,
            days=Decimal(8 + b.residency_id % 5),
            day_rate=Decimal(650),
        ),
        BudgetLine(budget=b, position=2, category="documentation", label="Cahier", amount_ht=Decimal(6000)),
        BudgetLine(
            budget=b, position=3, category="deplacements", label="Gîte", amount_ht=Decimal(900), in_kind=True
        ),
    )
)
axes = Axis.objects.bulk_create(Axis(residency=r, title="Axe") for r in residencies)
Action.objects.bulk_create(
    Action(
        residency_id=a.residency_id,
        axis=a,
        number=k,
        title=f"Action {k}",
        lead="Commune",
        status=STATUSES[(a.residency_id + k) % len(STATUSES)],
    )
    for a in axes
    for k in range(1, 6)
)
print(
    f"{connection.vendor}: {N} residencies in the portfolio, created in {created:.1f} s, documented in "
    f"{time.perf_counter() - started - created:.1f} s"
)


def measure(client, url, repeat):
    times, queries, size = [], 0, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries, size = len(ctx), len(body)
    times.sort()
    return statistics.median(times), times[max(int(len(times) * 0.95) - 1, 0)], queries, size


client = Client()
client.force_login(operator)
base = f"/programmes/{programme.slug}"
for url, repeat in [
    (f"{base}/portefeuille/", 10),
    (f"{base}/portefeuille/?format={formats[0].name}", 10),
    (f"{base}/portefeuille.geojson", 5),
    (f"{base}/portefeuille.csv", 3),
    (f"{base}/capitalisation/", 10),
    (f"{base}/capitalisation.json", 5),
    ("/programmes/capitalisation/", 5),
]:
    median, p95, queries, size = measure(client, url, repeat)
    print(
        f"{url:<58} median {median:7.1f} ms  p95 {p95:7.1f} ms  {queries:3d} queries  {size / 1024:8.1f} KiB"
    )
