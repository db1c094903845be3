"""Révéler → préfigurer at scale: the code board and the trace view with 5,000 coded segments and 300
codes, then a dot vote of 200 participants submitted within a minute (latency and errors).

Run: .venv/bin/python bench/bench_analysis.py  (DATABASE_URL=postgres://… to measure PostgreSQL).
Pages are served by Django's test Client in this process (no network); the vote is also sent from
10 threads at once, each with its own Client and database connection, as phones would.
"""

import re
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime

from _setup import setup_django

setup_django()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from arpenteur.accounts.models import User  # noqa: E402
from arpenteur.analysis.models import Code, Enjeu, Evidence, Finding, Segment, SegmentCode  # noqa: E402
from arpenteur.analysis.services import get_or_create_codebook  # noqa: E402
from arpenteur.fieldwork.models import Material  # noqa: E402
from arpenteur.residencies.demo import DEMO_TERRITORIES  # noqa: E402
from arpenteur.residencies.models import Residency, ResidencyMembership  # noqa: E402
from arpenteur.roadmap.models import Action, ActionEnjeu, Axis  # noqa: E402
from arpenteur.territories.importers import import_territories  # noqa: E402
from arpenteur.territories.models import Commune  # noqa: E402
from arpenteur.workshops.models import PrioritisationSession  # noqa: E402
from arpenteur.workshops.services import set_session_items, set_session_status  # noqa: E402

N_SEGMENTS, N_CODES, SEGMENTS_PER_MATERIAL = 5000, 300, 10
N_VOTERS, THREADS = 200, 10
TEXT = "Les collégiens traversent le parking de la Porte de Bretagne pour rejoindre la gare routière. " * 3

started = time.perf_counter()
import_territories([DEMO_TERRITORIES], cog_year=2024)
residency = Residency.objects.create(
    title="Banc d’essai",
    commune=Commune.objects.get(code="80620"),
    start_date=date(2026, 9, 1),
    end_date=date(2027, 1, 29),
)
editor = User.objects.create_user("equipe@example.org", "x")
partner = User.objects.create_user("partenaire@example.org", "x")
ResidencyMembership.objects.create(residency=residency, user=editor, role="equipe")
ResidencyMembership.objects.create(residency=residency, user=partner, role="partenaire")
book = get_or_create_codebook(residency)
parents = Code.objects.bulk_create(
    Code(codebook=book, name=f"Thème {i}", colour="#1f6f8b", position=i) for i in range(30)
)
codes = parents + Code.objects.bulk_create(
    Code(codebook=book, name=f"Code {i}", parent=parents[i % 30], colour="#a3431f", position=100 + i)
    for i in range(N_CODES - 30)
)
materials = Material.objects.bulk_create(
    Material(
        residency=residency,
        kind="note",
        title=f"Note {i}",
        body=TEXT,
        captured_at=datetime(2026, 9, 12, 10, 30, tzinfo=UTC),
        latitude=49.93 + i / 10000,
        longitude=2.93,
        visibility="partenaires",
    )
    for i in range(N_SEGMENTS // SEGMENTS_PER_MATERIAL)
)
segments = Segment.objects.bulk_create(
    Segment(
        residency=residency,
        material=m,
        field="body",
        start=k * 9,
        end=k * 9 + 8,
        quote=TEXT[k * 9 : k * 9 + 8],
        created_by=editor,
    )
    for m in materials
    for k in range(SEGMENTS_PER_MATERIAL)
)
SegmentCode.objects.bulk_create(
    SegmentCode(segment=s, code=codes[(i * 7 + j) % N_CODES])
    for i, s in enumerate(segments)
    for j in range(2)
)
# 100 findings citing 20 segments each; 20 enjeux of 5 findings; one action citing 10 enjeux.
findings = Finding.objects.bulk_create(
    Finding(residency=residency, title=f"Constat {i}", swot="faiblesse", position=i) for i in range(100)
)
Evidence.objects.bulk_create(
    Evidence(finding=f, segment=segments[(i * 20 + k) % N_SEGMENTS])
    for i, f in enumerate(findings)
    for k in range(20)
)
enjeux = Enjeu.objects.bulk_create(
    Enjeu(residency=residency, title=f"Enjeu {i}", position=i) for i in range(20)
)
for i, enjeu in enumerate(enjeux):
    enjeu.findings.set(findings[i * 5 : i * 5 + 5])
axis = Axis.objects.create(residency=residency, title="Faire liaison(s)")
action = Action.objects.create(
    residency=residency, number=1, axis=axis, title="Action témoin", lead="Commune"
)
ActionEnjeu.objects.bulk_create(ActionEnjeu(action=action, enjeu=e) for e in enjeux[:10])
print(
    f"data: {Segment.objects.count()} segments, {Code.objects.count()} codes, {Finding.objects.count()} findings, "
    f"{Evidence.objects.count()} evidence rows, {Enjeu.objects.count()} enjeux "
    f"({time.perf_counter() - started:.1f} s to create; database: {connection.vendor})"
)


def measure(client, url, runs=5, **headers):
    times, queries, status = [], 0, None
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            response = client.get(url, **headers)
            times.append((time.perf_counter() - t) * 1000)
        queries, status = len(ctx.captured_queries), response.status_code
    return statistics.median(times), max(times), queries, status


pages = [
    ("code board", reverse("analysis:board", args=[residency.pk])),
    ("one code (quotes, photos, map)", reverse("analysis:board_code", args=[residency.pk, codes[40].pk])),
    ("coding list", reverse("analysis:coding_list", args=[residency.pk])),
    (
        "enjeu trace (5 findings, 100 evidence)",
        reverse("analysis:enjeu_detail", args=[residency.pk, enjeux[0].pk]),
    ),
    (
        "action trace (10 enjeux, 1,000 evidence)",
        reverse("roadmap:action_trace", args=[residency.pk, action.pk]),
    ),
    ("fiche action", reverse("roadmap:action_detail", args=[residency.pk, action.pk])),
    (
        "material usage (forward trace)",
        reverse("analysis:material_usage", args=[residency.pk, materials[0].pk]),
    ),
    ("roadmap by axis", reverse("roadmap:home", args=[residency.pk])),
]
print(f"\n{'page':44} {'who':9} {'median ms':>10} {'max ms':>8} {'queries':>8} {'status':>6}")
for who, user in (("team", editor), ("partner", partner)):
    client = Client()
    client.force_login(user)
    for label, url in pages:
        median, worst, queries, status = measure(client, url)
        print(f"{label:44} {who:9} {median:10.0f} {worst:8.0f} {queries:8d} {status:6d}")

# --- Dot vote: 200 phones within a minute ---------------------------------------------------------------
session = PrioritisationSession.objects.create(
    residency=residency,
    title="Comité de pilotage",
    dots_per_participant=5,
    max_dots_per_item=3,
    with_scores=True,
)
set_session_items(session=session, items=[(f"Enjeu {i}", None) for i in range(8)])
set_session_status(session=session, status="ouvert")
items = list(session.items.values_list("pk", flat=True))
vote_url = reverse("workshops:vote", args=[session.public_token])
lock = threading.Lock()
latencies, errors = [], []


def voter(n):
    client = Client()
    data = {f"dots_{pk}": 0 for pk in items}
    data[f"dots_{items[n % 8]}"] = 3
    data[f"dots_{items[(n + 3) % 8]}"] = 2
    data.update({f"score_{pk}": 1 + (n + i) % 5 for i, pk in enumerate(items)})
    try:
        t = time.perf_counter()
        page = client.get(vote_url)
        token = re.search(r'name="participant" value="([^"]+)"', page.content.decode()).group(1)
        response = client.post(vote_url, {**data, "participant": token})
        elapsed = (time.perf_counter() - t) * 1000
        with lock:
            latencies.append(elapsed)
            if response.status_code != 302:
                errors.append(f"HTTP {response.status_code}")
    except Exception as error:  # a locked database, a timeout: counted, not hidden
        with lock:
            errors.append(type(error).__name__ + ": " + str(error)[:80])
    finally:
        connection.close()


t0 = time.perf_counter()
with ThreadPoolExecutor(max_workers=THREADS) as pool:
    list(pool.map(voter, range(N_VOTERS)))
wall = time.perf_counter() - t0
voted = session.participants.filter(voted_at__isnull=False).count()
latencies.sort()
print(
    f"\ndot vote: {N_VOTERS} phones from {THREADS} threads in {wall:.1f} s "
    f"({N_VOTERS / wall:.1f} ballots/s; the target is {N_VOTERS} within 60 s)\n"
    f"  latency per phone (page + submit): median {statistics.median(latencies):.0f} ms, "
    f"p95 {latencies[int(len(latencies) * 0.95) - 1]:.0f} ms, max {latencies[-1]:.0f} ms\n"
    f"  errors: {len(errors)}{' — ' + '; '.join(sorted(set(errors))[:3]) if errors else ''}\n"
    f"  ballots recorded: {voted} / {N_VOTERS}"
)
client = Client()
client.force_login(editor)
median, worst, queries, status = measure(
    client, reverse("workshops:results", args=[residency.pk, session.pk]), HTTP_HX_REQUEST="true"
)
print(
    f"  live results fragment with {voted} ballots: median {median:.0f} ms, {queries} queries (status {status})"
)
