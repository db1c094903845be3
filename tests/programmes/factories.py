"""Factories of the programmes app; traits read like scenarios (an open call, a closed one…)."""

from datetime import time, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from arpenteur.analysis.models import Code, Codebook, Enjeu, Visibility
from arpenteur.commissioning.models import Budget, BudgetLine
from arpenteur.fieldwork.models import Activity, Method
from arpenteur.programmes.models import (
    Application,
    Call,
    CallQuestion,
    Edition,
    NewsPost,
    PortfolioEntry,
    Programme,
    SelectionCriterion,
)
from arpenteur.residencies.models import FormatTemplate, Session
from arpenteur.roadmap.models import Action, Audience, Axis

from ..factories import CommuneFactory, OrganisationFactory, ResidencyFactory


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme

    operator = factory.SubFactory(OrganisationFactory, kind="region")
    name = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    summary = "Des résidences pour redynamiser les centres-bourgs."
    is_published = True


class EditionFactory(DjangoModelFactory):
    class Meta:
        model = Edition

    programme = factory.SubFactory(ProgrammeFactory)
    year = 2026
    title = factory.Sequence(lambda n: f"Édition {n}")


class CallFactory(DjangoModelFactory):
    """An open, published call by default; `closed=True` for one whose deadline has passed."""

    class Meta:
        model = Call
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Appel à candidatures {n}")
    eligibility = "Communes de moins de 20 000 habitants et leurs EPCI."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))
    is_published = True

    class Params:
        closed = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=40)),
            closes_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )

    @factory.post_generation
    def with_grid(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        CallQuestion.objects.create(call=self, position=1, text="Pourquoi une résidence maintenant ?")
        CallQuestion.objects.create(
            call=self, position=2, text="Quels lieux voulez-vous montrer ?", required=False
        )
        for position, (label, weight) in enumerate(
            [("Pertinence du projet", 40), ("Portage politique", 35), ("Capacité à mobiliser", 25)], start=1
        ):
            SelectionCriterion.objects.create(call=self, position=position, label=label, weight=weight)


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    applicant = factory.SubFactory(OrganisationFactory, kind="commune")
    commune = factory.SubFactory(CommuneFactory)
    project_title = "Redonner vie à la place du marché"
    summary = "La place se vide ; nous voulons comprendre pourquoi avec les habitants."
    contact_name = "Maire de la commune"
    contact_email = "mairie@example.org"

    class Params:
        submitted = factory.Trait(
            status=Application.Status.SUBMITTED,
            submitted_at=factory.LazyFunction(timezone.now),
            receipt_number="TEST-0001",
        )


class PortfolioEntryFactory(DjangoModelFactory):
    class Meta:
        model = PortfolioEntry

    programme = factory.SubFactory(ProgrammeFactory)
    residency = None
    budget = 20000
    listed_publicly = True


class NewsPostFactory(DjangoModelFactory):
    class Meta:
        model = NewsPost

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Actualité {n}")
    slug = factory.Sequence(lambda n: f"actualite-{n}")
    body = "La résidence s’achève."
    is_published = True


def a_documented_residency(
    programme,
    *,
    enjeux=(),
    codes=(),
    methods=(),
    budget_lines=(),
    actions=(),
    draft_enjeux=(),
    draft_actions=(),
    format_slug="residence-3-temps",
):
    """A residency of `programme`'s portfolio with what the capitalisation compares: enjeux (title),
    codes (name), activities (method name), budget lines ((mode, amount or (people, days, rate),
    in_kind)), roadmap actions (status). Drafts are the team's only."""
    residency = ResidencyFactory(format=FormatTemplate.objects.get(slug=format_slug))
    PortfolioEntryFactory(programme=programme, residency=residency)
    for title in enjeux:
        Enjeu.objects.create(residency=residency, title=title)
    for title in draft_enjeux:
        Enjeu.objects.create(residency=residency, title=title, visibility=Visibility.TEAM)
    if codes:
        book = Codebook.objects.create(residency=residency)
        for name in codes:
            Code.objects.create(codebook=book, name=name)
    if methods:
        session = Session.objects.filter(residency=residency).first() or Session.objects.create(
            residency=residency,
            title="Temps sur site",
            start_date=residency.start_date,
            end_date=residency.start_date,
        )
        for name in methods:
            method = Method.objects.filter(name=name, residency=None).first() or Method.objects.create(
                slug=f"m-{Method.objects.count()}", name=name
            )
            Activity.objects.create(
                session=session,
                method=method,
                title=name,
                day=session.start_date,
                start_time=time(9, 30),
                end_time=time(11, 0),
            )
    if budget_lines:
        budget = Budget.objects.create(residency=residency)
        for position, (mode, amount, in_kind) in enumerate(budget_lines, start=1):
            line = BudgetLine(
                budget=budget, position=position, category="immersion", label="Ligne", in_kind=in_kind
            )
            if mode == "jours":
                line.mode = BudgetLine.Mode.DAYS
                line.people, line.days, line.day_rate = amount
            else:
                line.amount_ht = amount
            line.save()
    if actions or draft_actions:
        axis = Axis.objects.create(residency=residency, title="Axe 1")
        statuses = [(s, Audience.MEMBERS) for s in actions] + [(s, Audience.TEAM) for s in draft_actions]
        for number, (status, audience) in enumerate(statuses, start=1):
            Action.objects.create(
                residency=residency,
                number=number,
                title=f"Action {number}",
                axis=axis,
                lead="Commune",
                status=status,
                audience=audience,
            )
    return residency
