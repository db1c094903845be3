"""Restitution at realistic volumes: a 40-page cahier with 60 photos and 3 maps (wall time and peak
memory of the worker process that builds it), and the open-data package of a residency of 5,000
items. Targets: under 20 s and under 600 MB each, on the 2-core machine.

Each job runs in its own worker process (as the task worker would), which prints its own wall time,
CPU time and peak resident memory (getrusage ru_maxrss), so the figures are not polluted by the
set-up. On a shared machine the wall time follows the load; the CPU time is what the build costs.

Run: .venv/bin/python bench/bench_publications.py
"""

import io
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta

from _setup import setup_django

WORKER = len(sys.argv) > 1 and sys.argv[1] == "--job"
DATA_DIR = setup_django()
if WORKER and str(DATA_DIR) != os.environ["ARPENTEUR_DATA_DIR"]:
    DATA_DIR.rmdir()  # the empty directory _setup made before reading the parent's setting

from django.core.files.base import ContentFile  # noqa: E402
from PIL import Image  # noqa: E402


def worker(job: str, residency_id: int) -> None:
    from arpenteur.publications.opendata import build_datapackage
    from arpenteur.publications.services import request_deliverable
    from arpenteur.publications.tasks import build_deliverable_now
    from arpenteur.residencies.models import Residency

    residency = Residency.objects.get(pk=residency_id)
    started = time.perf_counter()
    if job == "cahier":
        deliverable = build_deliverable_now(
            request_deliverable(residency=residency, kind="cahier", enqueue=False)
        )
        assert deliverable.status == "pret", deliverable.error
        result = {"pages": deliverable.page_count, "bytes": deliverable.size_bytes}
    else:
        data = build_datapackage(residency)
        result = {"bytes": len(data)}
    result["seconds"] = round(time.perf_counter() - started, 2)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["cpu_seconds"] = round(usage.ru_utime + usage.ru_stime, 2)  # includes Django's start-up
    result["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result))


if WORKER:
    worker(sys.argv[2], int(sys.argv[3]))
    sys.exit(0)

from arpenteur.accounts.models import Organisation  # noqa: E402
from arpenteur.analysis.models import Enjeu, Finding  # noqa: E402
from arpenteur.fieldwork.models import Activity, Material, Method, Stakeholder  # noqa: E402
from arpenteur.publications.models import CahierItem  # noqa: E402
from arpenteur.residencies.demo import DEMO_TERRITORIES  # noqa: E402
from arpenteur.residencies.models import FormatTemplate, Party, Session  # noqa: E402
from arpenteur.residencies.services import create_residency  # noqa: E402
from arpenteur.roadmap.models import Action, Axis, Indicator, Vision  # noqa: E402
from arpenteur.territories.importers import import_territories  # noqa: E402
from arpenteur.territories.models import Commune  # noqa: E402

random.seed(6)
WORDS = [
    "rue",
    "place",
    "marché",
    "remparts",
    "étangs",
    "gare",
    "collège",
    "parking",
    "commerce",
    "vitrine",
    "banc",
    "ombre",
    "arbre",
    "vélo",
    "piéton",
    "enfants",
    "anciens",
    "samedi",
    "matin",
    "quartier",
    "faubourg",
    "passage",
    "porte",
    "canal",
    "halle",
    "école",
    "jardin",
]


def sentence(n: int) -> str:
    return " ".join(random.choice(WORDS) for _ in range(n)).capitalize() + "."


def camera_photo() -> bytes:
    """A 4000 × 3000 JPEG, the size a phone gives: texture so that it does not compress to nothing."""
    noise = Image.effect_noise((1000, 750), 60).resize((4000, 3000))
    image = Image.merge("RGB", (noise, noise.rotate(180), Image.linear_gradient("L").resize((4000, 3000))))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def residency_named(title: str, commune):
    return create_residency(
        title=title,
        commune=commune,
        format=FormatTemplate.objects.get(slug="residence-3-temps"),
        start_date=date(2026, 9, 1),
        end_date=date(2026, 12, 1),
        created_by=None,
    )


def run_worker(job: str, residency_id: int) -> dict:
    out = subprocess.run(  # noqa: S603 — our own script, with our own interpreter
        [sys.executable, __file__, "--job", job, str(residency_id)],
        env={**os.environ},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


import_territories([DEMO_TERRITORIES], cog_year=2024)
commune = Commune.objects.get(code="80620")
lat0, lon0 = commune.latitude or 49.93, commune.longitude or 2.93

# --- 1. The cahier: 60 photos, 30 quotes, a diagnosis, a roadmap, 3 maps ------------------------
print("Préparation du cahier (60 photos de 4000 × 3000)…", flush=True)
r = residency_named("Péronne, faire repère", commune)
r.question = "Comment relier les quartiers : remparts, étangs et centre ?"
r.save(update_fields=["question"])
for name, role in (("Collectif Lisière", "mandataire"), ("Région Hauts-de-France", "financeur")):
    Party.objects.create(residency=r, organisation=Organisation.objects.create(name=name), role=role)
session = r.sessions.order_by("start_date").first() or Session.objects.create(
    residency=r, title="Immersion", start_date=r.start_date, end_date=r.start_date
)
method = Method.objects.filter(residency=None).first()
for i in range(6):
    Activity.objects.create(
        session=session,
        method=method,
        title=f"Balade {i + 1}",
        day=session.start_date,
        start_time="09:00",
        end_time="11:00",
        place="Remparts",
        is_public=True,
        actual_participants=20 + i,
        route={
            "type": "LineString",
            "coordinates": [[lon0 + 0.003 * k * (i % 3 - 1), lat0 + 0.002 * k] for k in range(6)],
        },
    )
for i in range(40):
    Stakeholder.objects.create(
        residency=r,
        name=f"Acteur {i}",
        category=random.choice(["habitant", "elu", "commerce", "association"]),
        status="rencontre",
    )
photo_bytes = camera_photo()
chosen = []
for i in range(60):
    m = Material(
        residency=r,
        kind="photo",
        title=f"Vue {i + 1} : {sentence(4)}",
        visibility="public",
        captured_at=datetime(2026, 9, 12, tzinfo=UTC) + timedelta(minutes=i),
        latitude=lat0 + random.uniform(-0.01, 0.01),
        longitude=lon0 + random.uniform(-0.015, 0.015),
    )
    m.file.save(f"photo-{i}.jpg", ContentFile(photo_bytes), save=False)
    m.save()
    chosen.append(CahierItem(residency=r, kind="photo", material_id=m.pk, position=i, caption=sentence(8)))
for i in range(30):
    m = Material.objects.create(
        residency=r,
        kind="citation",
        body=sentence(random.randint(30, 70)),
        visibility="public",
        captured_at=datetime(2026, 9, 13, tzinfo=UTC) + timedelta(minutes=i),
        place_label="Place du marché",
        latitude=lat0 + random.uniform(-0.01, 0.01),
        longitude=lon0 + random.uniform(-0.015, 0.015),
    )
    chosen.append(CahierItem(residency=r, kind="citation", material_id=m.pk, position=i))
CahierItem.objects.bulk_create(chosen)
findings = [
    Finding.objects.create(
        residency=r,
        title=sentence(8),
        description=sentence(60),
        swot=random.choice(["force", "faiblesse", "opportunite", "menace"]),
        visibility="public",
    )
    for _ in range(25)
]
for i in range(12):
    Enjeu.objects.create(
        residency=r, title=sentence(7), description=sentence(50), visibility="public", position=i
    )
Vision.objects.create(
    residency=r,
    title="Péronne, ville-repère",
    text="\n\n".join(sentence(60) for _ in range(4)),
    governance=sentence(40),
)
number = 0
for a in range(4):
    axis = Axis.objects.create(
        residency=r, title=f"Axe {a + 1} : {sentence(5)}", position=a + 1, description=sentence(30)
    )
    for _ in range(5):
        number += 1
        action = Action.objects.create(
            residency=r,
            number=number,
            axis=axis,
            title=sentence(6),
            description=sentence(50),
            objectives=sentence(30),
            first_steps=sentence(20),
            lead="Commune de Péronne",
            audience="public",
            horizon=random.choice(["court", "moyen"]),
            cost_ttc=random.randint(5, 400) * 1000,
            latitude=lat0 + random.uniform(-0.01, 0.01),
            longitude=lon0 + random.uniform(-0.01, 0.01),
        )
        Indicator.objects.create(
            action=action, name=sentence(3), baseline=100, target=200, unit="%", source="Insee"
        )

cahier = run_worker("cahier", r.pk)
print(
    f"Cahier de synthèse : {cahier['pages']} pages, 60 photos, 3 cartes — {cahier['seconds']} s "
    f"(temps processeur du travailleur {cahier['cpu_seconds']} s, charge de la machine {os.getloadavg()[0]:.1f}), "
    f"pic mémoire du travailleur {cahier['peak_mb']} Mo, fichier {cahier['bytes'] / 1e6:.1f} Mo "
    f"(cibles : 20 s, 600 Mo)"
)

# --- 2. The open-data package of a residency of 5,000 items ---------------------------------------
print("Préparation de 5 000 matériaux…", flush=True)
big = residency_named("Péronne, 5 000 matériaux", commune)
Material.objects.bulk_create(
    [
        Material(
            residency=big,
            kind=random.choice(["note", "citation", "recit", "etonnement"]),
            title=sentence(5),
            body=sentence(random.randint(20, 80)),
            visibility="public",
            captured_at=datetime(2026, 9, 1, tzinfo=UTC) + timedelta(minutes=i),
            place_label="Centre",
            latitude=lat0 + random.uniform(-0.02, 0.02),
            longitude=lon0 + random.uniform(-0.02, 0.02),
        )
        for i in range(5000)
    ],
    batch_size=500,
)
package = run_worker("opendata", big.pk)
print(
    f"Paquet de données ouvertes, 5 000 matériaux : {package['seconds']} s "
    f"(processeur {package['cpu_seconds']} s), pic mémoire {package['peak_mb']} Mo, "
    f"ZIP {package['bytes'] / 1e6:.1f} Mo (cibles : 20 s, 600 Mo)"
)
shutil.rmtree(DATA_DIR, ignore_errors=True)  # about 300 MB of photos and database
