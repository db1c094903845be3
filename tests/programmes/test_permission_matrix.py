"""One row per programme view and persona: operators run their programmes (applications,
scoring, portfolio, capitalisation); applicants see their own applications; the public sees
published pages and news. GET requests only change nothing; the expected status says who may."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from arpenteur.programmes.models import ApplicationAttachment

from ..factories import CommuneFactory
from .conftest import PROGRAMME_PERSONAS
from .factories import ApplicationFactory, EditionFactory, NewsPostFactory

pytestmark = pytest.mark.django_db

OP = {"operator": 200, "staff": 200, "anonymous": 302}  # operators only; others 403
PUBLIC = dict.fromkeys(PROGRAMME_PERSONAS, 200)


@pytest.fixture
def world(pcast):
    org = pcast.applicant.org_memberships.get().organisation
    submitted = ApplicationFactory(
        call=pcast.call, commune=CommuneFactory(name="Ham", code="80410"), applicant=org, submitted=True
    )
    attachment = ApplicationAttachment.objects.create(
        application=submitted,
        file=ContentFile(b"%PDF-1.4", name="note.pdf"),
        original_name="note.pdf",
        size=8,
    )
    news = NewsPostFactory(programme=pcast.programme, title="Une actualité publiée")
    edition = EditionFactory(programme=pcast.programme)
    slug = pcast.programme.slug
    return {
        "programmes:list": ([], PUBLIC),
        "programmes:detail": ([slug], PUBLIC),
        "programmes:call": ([slug, pcast.call.pk], PUBLIC),
        "programmes:news": ([slug], PUBLIC),
        "programmes:news_detail": ([slug, news.slug], PUBLIC),
        "programmes:edit": ([slug], OP),
        "programmes:edition_add": ([slug], OP),
        "programmes:call_add": ([slug], OP),
        "programmes:call_edit": ([slug, pcast.call.pk], OP),
        "programmes:news_add": ([slug], OP),
        "programmes:news_edit": ([slug, news.slug], OP),
        "programmes:applications": ([slug], OP),
        "programmes:portfolio": ([slug], OP),
        "programmes:capitalisation": ([slug], OP),
        "programmes:capitalisation_all": ([], OP),
        "programmes:apply": ([slug, pcast.call.pk], {"anonymous": 302, "applicant": 200}),
        "programmes:my_applications": ([], {"anonymous": 302, **{p: 200 for p in PROGRAMME_PERSONAS[1:]}}),
        "programmes:application": ([submitted.pk], {**OP, "applicant": 200}),
        "programmes:attachment": ([submitted.pk, attachment.pk], {**OP, "applicant": 200}),
        "programmes:application_score": ([submitted.pk], {**OP, "applicant": 403}),
        "programmes:application_select": ([submitted.pk], {**OP, "applicant": 403}),
        "_edition": edition,
    }


# Pages that only the programme's people may see answer 404 to others (they do not exist for them);
# pages of a programme the user sees but may not change answer 403.
NOT_FOUND_FOR_OTHERS = {
    "programmes:application",
    "programmes:attachment",
    "programmes:application_score",
    "programmes:application_select",
}


@pytest.mark.parametrize("persona", PROGRAMME_PERSONAS)
def test_every_programme_page_has_its_rule(client_for, pcast, world, persona):
    world.pop("_edition")
    client = client_for(pcast.user(persona))
    failures = []
    for name, (args, allowed) in world.items():
        response = client.get(reverse(name, args=args))
        if response.streaming:
            # Reading a download to the end closes its file (the test client closes it then,
            # without closing the database connection as response.close() would).
            b"".join(response.streaming_content)
        default = 404 if name in NOT_FOUND_FOR_OTHERS else 403
        if name == "programmes:apply" and persona not in allowed:
            # Signed-in users who belong to no eligible commune or EPCI are sent back with a message.
            default = 302
        expected = allowed.get(persona, default)
        if response.status_code != expected:
            failures.append((name, response.status_code, expected))
    assert failures == []


@pytest.mark.parametrize("persona", PROGRAMME_PERSONAS)
def test_only_operators_change_things_by_post(client_for, pcast, world, persona):
    edition = world.pop("_edition")
    client = client_for(pcast.user(persona))
    response = client.post(reverse("programmes:edition_delete", args=[pcast.programme.slug, edition.pk]))
    expected = {"operator": 302, "staff": 302, "anonymous": 302}.get(persona, 403)
    assert response.status_code == expected
    assert pcast.programme.editions.filter(pk=edition.pk).exists() == (persona not in {"operator", "staff"})
