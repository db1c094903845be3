"""Field material at scale: the map + list page, its JSON / GeoJSON twins and the register of actors
with 5,000 items in one residency (server time, queries, payload), for the team and for a partner;
then the throughput of the idempotent capture endpoint (new items, then retries of the same ids).

Run: make bench (or .venv/bin/python bench/bench_fieldwork.py).
"""

import os
import random
import statistics
import time
import uuid
from datetime import UTC, date, datetime, timedelta

from _setup import setup_django

setup_django()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from arpenteur.accounts.models import User  # noqa: E402
from arpenteur.fieldwork.models import (  # noqa: E402
    Consent,
    Material,
    MaterialStakeholder,
    Stakeholder,
    Visibility,
)
from arpenteur.fieldwork.services import resource_tags  # noqa: E402
from arpenteur.residencies.demo import DEMO_TERRITORIES  # noqa: E402
from arpenteur.residencies.models import FormatTemplate, ResidencyMembership  # noqa: E402
from arpenteur.residencies.services import create_residency  # noqa: E402
from arpenteur.territories.importers import import_territories  # noqa: E402
from arpenteur.territories.models import Commune  # noqa: E402

N = int(os.environ.get("BENCH_N", "5000"))
ACTORS = 120
random.seed(4)

import_territories([DEMO_TERRITORIES], cog_year=2024)
team = User.objects.create_user("equipe@example.org", "x", full_name="Équipe")
partner = User.objects.create_user("partenaire@example.org", "x", full_name="Partenaire")
residency = create_residency(
    title="Péronne (banc d’essai)",
    commune=Commune.objects.get(code="80620", cog_year=2024, kind="COM"),
    format=FormatTemplate.objects.first(),
    start_date=date(2026, 9, 1),
    end_date=date(2026, 12, 18),
    created_by=None,
)
ResidencyMembership.objects.create(residency=residency, user=team, role="equipe")
ResidencyMembership.objects.create(residency=residency, user=partner, role="partenaire")
session = residency.sessions.order_by("position").first()

started = time.perf_counter()
actors = Stakeholder.objects.bulk_create(
    [
        Stakeholder(
            residency=residency,
            name=f"Acteur {i}",
            pseudonym=f"Habitant {i}",
            category=random.choice(Stakeholder.Category.values),
            influence=random.randint(1, 5),
            interest=random.randint(1, 5),
        )
        for i in range(ACTORS)
    ]
)
Consent.objects.bulk_create(
    [
        Consent(
            stakeholder=a, medium=m, purpose=p, given_on=date(2026, 9, 1), source=Consent.Source.SIGNED_FORM
        )
        for a in actors
        if random.random() < 0.7
        for m in Consent.Medium.values
        for p in Consent.Purpose.values
    ]
)
kinds = [Material.Kind.NOTE, Material.Kind.QUOTE, Material.Kind.STORY, Material.Kind.ASTONISHMENT]
materials = Material.objects.bulk_create(
    [
        Material(
            residency=residency,
            kind=random.choice(kinds),
            title=f"Observation {i}",
            body="Les collégiens traversent le parking de la Porte de Bretagne pour rejoindre la gare. " * 2,
            captured_at=datetime(2026, 10, 13, tzinfo=UTC) + timedelta(minutes=i),
            author=team,
            latitude=49.93 + random.uniform(-0.01, 0.01),
            longitude=2.935 + random.uniform(-0.015, 0.015),
            position_source=Material.PositionSource.DEVICE,
            session=session,
            visibility=random.choice(Visibility.values),
        )
        for i in range(N)
    ],
    batch_size=500,
)
MaterialStakeholder.objects.bulk_create(
    [
        MaterialStakeholder(material=m, stakeholder=random.choice(actors))
        for m in materials
        if random.random() < 0.4
    ],
    batch_size=1000,
)
tags = list(resource_tags(residency).values())
Through = Material.tags.through
Through.objects.bulk_create(
    [Through(material_id=m.pk, tag_id=random.choice(tags).pk) for m in materials], batch_size=1000
)
print(f"created {N} materials, {ACTORS} actors in {time.perf_counter() - started:.1f} s")


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
    return statistics.median(times), times[-1], queries, size


pk = residency.pk
for label, user in [("team", team), ("partner", partner)]:
    client = Client()
    client.force_login(user)
    visible = Material.objects.visible_to(user, residency).count()
    print(f"-- {label}: {visible} materials visible")
    for url, repeat in [
        (f"/residences/{pk}/terrain/", 10),
        (f"/residences/{pk}/terrain/?kind=citation", 10),
        (f"/residences/{pk}/terrain.geojson", 3),
        (f"/residences/{pk}/terrain.json", 3),
        (f"/residences/{pk}/acteurs/", 10),
        (f"/residences/{pk}/acteurs/carte/", 10),
    ]:
        median, worst, queries, size = measure(client, url, repeat)
        print(
            f"{label:>8} {url:<42} median {median:7.1f} ms  max {worst:7.1f} ms  "
            f"{queries:3d} queries  {size / 1024:8.1f} KiB"
        )

# --- Capture endpoint throughput ------------------------------------------------------------------
client = Client()
client.force_login(team)
endpoint = f"/residences/{pk}/terrain/envoi/"
items = [
    {
        "client_uuid": str(uuid.uuid4()),
        "kind": "note",
        "body": f"Note de terrain {i} : le marché déborde sur le parvis.",
        "position_source": "carte",
        "latitude": "49.9322",
        "longitude": "2.9341",
        "visibility": "equipe",
        "stakeholders": [actors[i % ACTORS].pk],
        "resources": ["humaines"],
    }
    for i in range(300)
]
for label, batch, expected in [("new items", items, 201), ("retries of the same ids", items, 200)]:
    t = time.perf_counter()
    for item in batch:
        response = client.post(endpoint, item)
        assert response.status_code == expected, response.content
    elapsed = time.perf_counter() - t
    print(
        f"capture endpoint, {label:<24} {len(batch) / elapsed:7.1f} items/s  ({elapsed * 1000 / len(batch):5.1f} ms each)"
    )
print(f"materials after captures and retries: {Material.objects.count()} (expected {N + len(items)})")
