"""The programme of an on-site session: page, twins, iCalendar, public page and PDF, with a dense
programme (a 5-day session with 200 activities, each with 8 invited actors holding consents).

Run: .venv/bin/python bench/bench_programme.py
"""

import statistics
import time
from datetime import date, timedelta
from datetime import time as dtime

from _setup import setup_django

setup_django()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from arpenteur.accounts.models import User  # noqa: E402
from arpenteur.fieldwork.models import (  # noqa: E402
    Activity,
    Consent,
    Method,
    ProgrammeExport,
    SessionProgramme,
    Stakeholder,
)
from arpenteur.fieldwork.tasks_programme import render_programme_pdf  # noqa: E402
from arpenteur.residencies.demo import DEMO_TERRITORIES  # noqa: E402
from arpenteur.residencies.models import FormatTemplate, ResidencyMembership, Session  # noqa: E402
from arpenteur.residencies.services import create_residency  # noqa: E402
from arpenteur.territories.importers import import_territories  # noqa: E402
from arpenteur.territories.models import Commune  # noqa: E402

N_ACTIVITIES, N_ACTORS, INVITED = 200, 80, 8

import_territories([DEMO_TERRITORIES], cog_year=2024)
member = User.objects.create_user("equipe@example.org", "x")
residency = create_residency(
    title="Résidence de mesure",
    commune=Commune.objects.filter(kind="COM").order_by("code").first(),
    format=FormatTemplate.objects.order_by("pk").first(),
    start_date=date(2026, 9, 1),
    end_date=date(2026, 12, 31),
    created_by=None,
)
ResidencyMembership.objects.create(residency=residency, user=member, role="equipe")
session = Session.objects.create(
    residency=residency, title="Immersion", start_date=date(2026, 10, 12), end_date=date(2026, 10, 16)
)
SessionProgramme.objects.create(session=session, is_public=True)
methods = list(Method.objects.filter(residency__isnull=True))
actors = Stakeholder.objects.bulk_create(
    Stakeholder(
        residency=residency,
        name=f"Personne {i}",
        pseudonym=f"habitant·e {i}" if i % 2 else "",
        kind="organisation" if i % 5 == 0 else "personne",
        category="habitant",
    )
    for i in range(N_ACTORS)
)
Consent.objects.bulk_create(
    Consent(
        stakeholder=a, medium="texte", purpose="publication", given_on=date(2026, 9, 1), source="courriel"
    )
    for a in actors[::2]
)
started = time.perf_counter()
for i in range(N_ACTIVITIES):
    start = 8 * 60 + (i // 5 % 8) * 90
    activity = Activity.objects.create(
        session=session,
        method=methods[i % len(methods)],
        title=f"Activité {i} : balade, entretiens, atelier",
        description="Un rendez-vous ouvert ; départ devant la mairie, puis les remparts, les étangs. " * 2,
        day=session.start_date + timedelta(days=i % 5),
        start_time=dtime(start // 60, start % 60),
        end_time=dtime((start + 75) // 60, (start + 75) % 60),
        place="Place du marché",
        latitude=49.93 + i / 10000,
        longitude=2.93,
        lead=member,
        lead_label="L’équipe",
        is_public=i % 2 == 0,
        internal_notes="Clés chez le gardien",
    )
    activity.invited.set(actors[(i * INVITED) % N_ACTORS : (i * INVITED) % N_ACTORS + INVITED])
print(f"created {N_ACTIVITIES} activities in {time.perf_counter() - started:.1f} s")


def measure(client, url, repeat=10):
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


team = Client()
team.force_login(member)
base = f"/residences/{residency.pk}/programme/{session.pk}"
public = f"/programme/{residency.pk}/{session.pk}"
for label, client, url in [
    ("team", team, f"{base}/"),
    ("team", team, f"{base}.json"),
    ("team", team, f"{base}.csv"),
    ("team", team, f"{base}.geojson"),
    ("team", team, f"{base}.ics"),
    ("team", team, f"/residences/{residency.pk}/methodes/"),
    ("public", Client(), f"{public}/"),
    ("public", Client(), f"{public}.json"),
    ("public", Client(), f"{public}.ics"),
]:
    median, worst, queries, size = measure(client, url)
    print(
        f"{label:>6} {url:<40} median {median:7.1f} ms  max {worst:7.1f} ms  {queries:3d} queries  "
        f"{size / 1024:7.1f} KiB"
    )

export = ProgrammeExport.objects.create(session=session, audience="team")
t = time.perf_counter()
render_programme_pdf.call(export.pk)
export.refresh_from_db()
print(
    f"PDF of {N_ACTIVITIES} activities: {time.perf_counter() - t:.1f} s in the background task, "
    f"{export.file.size / 1024:.0f} KiB, status {export.status}"
)
