"""Residency list and dashboard with 2,000 residencies: server time per page and queries.

Run: make bench (or .venv/bin/python bench/bench_residencies.py).
"""

import statistics
import time
from datetime import date, timedelta

from _setup import setup_django

setup_django()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from arpenteur.accounts.models import Organisation, OrganisationMembership, User  # noqa: E402
from arpenteur.residencies.demo import DEMO_TERRITORIES  # noqa: E402
from arpenteur.residencies.models import FormatTemplate, Residency, ResidencyMembership  # noqa: E402
from arpenteur.residencies.services import create_residency  # noqa: E402
from arpenteur.territories.importers import import_territories  # noqa: E402
from arpenteur.territories.models import Commune  # noqa: E402

N = 2000
import_territories([DEMO_TERRITORIES], cog_year=2024)
communes = list(Commune.objects.filter(kind="COM"))
formats = list(FormatTemplate.objects.all())
operator = Organisation.objects.create(name="Région", kind="region")
staff = User.objects.create_user("staff@example.org", "x", is_staff=True)
op_user = User.objects.create_user("operateur@example.org", "x")
OrganisationMembership.objects.create(user=op_user, organisation=operator)
member = User.objects.create_user("membre@example.org", "x")

started = time.perf_counter()
for i in range(N):
    residency = create_residency(
        title=f"Résidence {i}",
        commune=communes[i % len(communes)],
        format=formats[i % len(formats)],
        start_date=date(2026, 1, 1) + timedelta(days=i % 300),
        end_date=date(2026, 1, 1) + timedelta(days=i % 300 + 120),
        created_by=None,
    )
    if i % 2:
        residency.programme_operator = operator
        residency.save(update_fields=["programme_operator"])
    ResidencyMembership.objects.create(residency=residency, user=member, role="equipe")
print(f"created {Residency.objects.count()} residencies in {time.perf_counter() - started:.1f} s")


def measure(client, url, repeat=20):
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
    return statistics.median(times), times[int(len(times) * 0.95) - 1], queries, size


target = Residency.objects.filter(programme_operator=operator).order_by("pk").first()
for label, user in [("staff", staff), ("operator", op_user), ("team member of all", member)]:
    client = Client()
    client.force_login(user)
    for url in [
        "/residences/",
        "/residences/?region=32&phase=commander",
        "/residences.json",
        "/residences.csv",
        f"/residences/{target.pk}/",
    ]:
        median, p95, queries, size = measure(client, url, repeat=5 if url.endswith((".json", ".csv")) else 20)
        print(
            f"{label:>20} {url:<42} median {median:6.1f} ms  p95 {p95:6.1f} ms  {queries:3d} queries  {size / 1024:7.1f} KiB"
        )
