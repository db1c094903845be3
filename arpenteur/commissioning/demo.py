"""Demo of the commission, on the Péronne residency: the intention, a budget from the Hauts-de-France
example with its funding plan, the team directory, three offers marked by a jury of two and awarded
to the Collectif Lisière, the welcome checklist and the steering committee. Idempotent: every
object is looked up before it is created.

Team names other than the Collectif Lisière, people's names and figures are invented."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from arpenteur.residencies.models import CommitteeMember, Decision, Meeting, Residency
from arpenteur.territories.models import Region

from . import services
from .models import (
    BudgetExample,
    ConsultedTeam,
    Criterion,
    DocumentKind,
    ExpectedDeliverable,
    FundingLine,
    Mark,
    Offer,
    Stake,
    Team,
    VatRegime,
    WelcomeTask,
)

TEAMS = [
    (
        "Collectif Lisière",
        Team.Kind.COLLECTIVE,
        "Urbanisme, sociologie, design graphique",
        "Résidences à Ham (2024) et Albert (2025) ; balades urbaines et cartes sensibles.",
        "Malik Benarbia",
        "coordination@collectif-lisiere.example.org",
    ),
    (
        "Atelier Rivages",
        Team.Kind.AGENCY,
        "Architecture, paysage",
        "Étude des berges de la Somme à Corbie ; plan-guide de centre-bourg.",
        "Inès Carpentier",
        "contact@atelier-rivages.example.org",
    ),
    (
        "Coop’Territoires",
        Team.Kind.COOPERATIVE,
        "Concertation, économie locale, médiation",
        "Accompagnement Petites villes de demain dans l’Aisne ; ateliers commerçants.",
        "Thomas Leroux",
        "bonjour@coop-territoires.example.org",
    ),
    (
        "Bureau Quatre Vents",
        Team.Kind.CONSULTANCY,
        "Programmation urbaine, mobilités",
        "Diagnostics de mobilité pour trois intercommunalités de l’Oise.",
        "Anne Poulain",
        "anne.poulain@quatre-vents.example.org",
    ),
]

# (team, price HT, days on site, analysis, marks per evaluator {criterion position: mark})
OFFERS = [
    (
        "Collectif Lisière",
        Decimal("19800"),
        Decimal("14"),
        "Lecture fine des remparts et des étangs comme coupures et comme repères ; balades avec les "
        "commerçants du marché ; équipe présente les trois jours au complet.",
        [{1: 17, 3: 16, 4: 15, "subs": [16, 17, 14]}, {1: 16, 3: 15, 4: 16, "subs": [15, 16, 15]}],
    ),
    (
        "Atelier Rivages",
        Decimal("17500"),
        Decimal("9"),
        "Offre solide sur le paysage, mais la question des quartiers et des habitants reste générale ; "
        "deux personnes seulement sur site.",
        [{1: 13, 3: 14, 4: 13, "subs": [11, 12, 12]}, {1: 12, 3: 13, 4: 14, "subs": [12, 11, 13]}],
    ),
    (
        "Coop’Territoires",
        Decimal("22400"),
        Decimal("12"),
        "Très bonne méthode de participation ; note de compréhension en partie reprise d’une autre commune.",
        [{1: 9, 3: 15, 4: 14, "subs": [15, 16, 14]}, {1: 10, 3: 14, 4: 15, "subs": [14, 15, 13]}],
    ),
]

WELCOME = [
    ("Réserver le gîte communal pour les trois nuits", "Service population", date(2026, 9, 29), True),
    ("Préparer la salle du conseil comme lieu de travail", "Services techniques", date(2026, 10, 6), True),
    ("Nommer un relais au service urbanisme", "Directrice générale des services", date(2026, 9, 25), True),
    (
        "Annoncer la résidence dans le bulletin et au marché",
        "Service communication",
        date(2026, 10, 1),
        False,
    ),
    ("Remettre les clés de la salle et du gîte", "Accueil de la mairie", date(2026, 10, 12), False),
    ("Vérifier l’assurance des ateliers publics", "Secrétariat général", date(2026, 10, 5), False),
]

COMMITTEE = [
    ("Sophie Delattre", "Maire", "Commune de Péronne", CommitteeMember.College.ELECTED),
    ("Hervé Caron", "Adjoint à l’urbanisme", "Commune de Péronne", CommitteeMember.College.ELECTED),
    (
        "Nadia Morel",
        "Directrice générale des services",
        "Commune de Péronne",
        CommitteeMember.College.SERVICES,
    ),
    (
        "Pierre Lefebvre",
        "Chargé de mission aménagement",
        "DDTM de la Somme",
        CommitteeMember.College.PARTNERS,
    ),
    (
        "Claire Dumont",
        "Cheffe de projet résidences",
        "Région Hauts-de-France",
        CommitteeMember.College.PARTNERS,
    ),
    ("Malik Benarbia", "Urbaniste, mandataire", "Collectif Lisière", CommitteeMember.College.TEAM),
    ("Josiane Vasseur", "Présidente", "Union des commerçants", CommitteeMember.College.INHABITANTS),
]


def load(context: dict, stdout=None) -> None:
    residency = (
        context.get("residency") or Residency.objects.filter(is_demo=True, commune__code="80620").first()
    )
    if residency is None:
        return
    users, orgs = context.get("users", {}), context.get("orgs", {})
    _intention(residency, users)
    _budget(residency)
    teams = _teams(residency, orgs)
    _selection(residency, users, teams)
    _welcome(residency)
    _committee(residency)
    if not residency.procurement_documents.filter(kind=DocumentKind.CCTP).exists():
        services.request_document(residency=residency, kind=DocumentKind.CCTP, user=users.get("commissioner"))


def _intention(residency, users):
    intention = services.intention_for(residency)
    if intention.is_complete:
        return
    intention.stakes = [Stake.ECONOMY, Stake.PUBLIC_SPACE, Stake.SOCIAL]
    intention.stakes_note = "Le commerce du centre souffre ; les remparts et les étangs sont peu parcourus."
    intention.people_to_involve = (
        "Élus et services, commerçants du marché, habitants des quartiers de la gare et de Sainte-Radegonde, "
        "collégiens, office de tourisme, Historial de la Grande Guerre."
    )
    intention.earliest_start = date(2026, 9, 1)
    intention.latest_end = date(2026, 12, 18)
    intention.budget_ceiling = Decimal("25000")
    intention.constraints_note = (
        "Éviter les vacances de la Toussaint ; restitution avant le conseil de décembre."
    )
    intention.deliverables = [
        ExpectedDeliverable.ETONNEMENT,
        ExpectedDeliverable.SYNTHESIS,
        ExpectedDeliverable.ROADMAP,
    ]
    intention.step_reached, intention.is_complete = 4, True
    intention.updated_by = users.get("commissioner")
    intention.save()
    intention.communes.add(residency.commune)


def _budget(residency):
    budget = services.budget_for(residency)
    if budget.lines.exists():
        return
    example = BudgetExample.objects.filter(format__slug="residence-hauts-de-france").first()
    if example:
        services.apply_budget_example(budget=budget, example=example)
    budget.vat_regime = VatRegime.STANDARD
    budget.sharing_count, budget.beneficiaries = 2, 7500
    budget.save()
    for kind, name, amount, status in [
        (FundingLine.Funder.REGION, "Région Hauts-de-France — résidences territoriales", "12000", "accorde"),
        (FundingLine.Funder.PVD, "Petites villes de demain (ingénierie)", "5000", "demande"),
        (FundingLine.Funder.COMMUNE, "Commune de Péronne", "6000", "accorde"),
    ]:
        FundingLine.objects.create(
            budget=budget, funder_kind=kind, funder_name=name, amount=Decimal(amount), status=status
        )


def _teams(residency, orgs):
    region = Region.objects.filter(name="Hauts-de-France").order_by("-cog_year").first()
    teams = {}
    for name, kind, disciplines, references, contact, email in TEAMS:
        team, _created = Team.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "disciplines": disciplines,
                "references": references,
                "contact_name": contact,
                "contact_email": email,
                "region": region,
                "organisation": orgs.get("coordinator") if name == "Collectif Lisière" else None,
            },
        )
        teams[name] = team
    for name, day, outcome in [
        (
            "Collectif Lisière",
            date(2026, 6, 10),
            "Trois jours sur site suffisent si la préparation est soignée.",
        ),
        ("Bureau Quatre Vents", date(2026, 6, 17), "Conseille d’associer l’intercommunalité dès le cadrage."),
    ]:
        ConsultedTeam.objects.get_or_create(
            residency=residency, team=teams[name], defaults={"consulted_on": day, "outcome": outcome}
        )
    return teams


def _selection(residency, users, teams):
    if residency.offers.exists():
        return
    grid = services.grid_for(residency)
    grid.has_audition, grid.shortlist_size = True, 2
    grid.save(update_fields=["has_audition", "shortlist_size"])
    jury = [
        services.add_evaluator(grid=grid, user=users["commissioner"], role_note="Maire"),
        services.add_evaluator(grid=grid, user=users["partner"], role_note="DDTM de la Somme"),
    ]
    criteria = {c.position: c for c in Criterion.objects.filter(grid=grid).prefetch_related("subcriteria")}
    awarded = None
    for team_name, price, days, analysis, marks_by_evaluator in OFFERS:
        offer = services.record_offer(
            residency=residency,
            offer=Offer(
                team=teams[team_name],
                price_ht=price,
                days_on_site=days,
                received_on=date(2026, 7, 15),
                site_answer="Voir la note de compréhension jointe.",
                analysis=analysis,
            ),
        )
        for evaluator, marks in zip(jury, marks_by_evaluator, strict=True):
            rows = []
            for position, criterion in criteria.items():
                if criterion.is_price:
                    continue
                subs = list(criterion.subcriteria.all())
                if subs:
                    for sub, mark in zip(subs, marks["subs"], strict=True):
                        rows.append(
                            Mark(
                                evaluation=offer.evaluation,
                                evaluator=evaluator,
                                criterion=criterion,
                                subcriterion=sub,
                                mark=Decimal(mark),
                            )
                        )
                else:
                    rows.append(
                        Mark(
                            evaluation=offer.evaluation,
                            evaluator=evaluator,
                            criterion=criterion,
                            mark=Decimal(marks[position]),
                        )
                    )
            Mark.objects.bulk_create(rows)
        if team_name == "Collectif Lisière":
            awarded = offer
    services.set_shortlist(
        grid=grid,
        evaluation_ids=[o.evaluation_id for o in residency.offers.order_by("received_on", "pk")[:2]],
        notes={},
    )
    services.award_offer(offer=awarded)


def _welcome(residency):
    if residency.welcome_tasks.exists():
        return
    WelcomeTask.objects.bulk_create(
        WelcomeTask(residency=residency, label=label, owner=owner, due_on=due, done=done, position=i)
        for i, (label, owner, due, done) in enumerate(WELCOME, start=1)
    )


def _committee(residency):
    if residency.committee_members.exists():
        return
    members = CommitteeMember.objects.bulk_create(
        CommitteeMember(residency=residency, full_name=n, function=f, organisation=o, college=c)
        for n, f, o, c in COMMITTEE
    )
    launch = Meeting.objects.create(
        residency=residency,
        held_on=date(2026, 9, 16),
        title="Comité de lancement",
        place="Hôtel de ville, salle du conseil",
        agenda="Présentation de l’équipe ; note de cadrage ; calendrier des temps sur site.",
        minutes=(
            "Le comité valide la note de cadrage, en demandant d’associer les collégiens et l’office de "
            "tourisme. Le marché du samedi est retenu pour les micro-trottoirs."
        ),
    )
    launch.attendees.set(members[:6])
    Decision.objects.bulk_create(
        [
            Decision(meeting=launch, text="Note de cadrage validée", owner="Comité"),
            Decision(
                meeting=launch,
                text="Associer le collège Béranger aux balades",
                owner="Nadia Morel",
                due_on=date(2026, 10, 1),
            ),
        ]
    )
    Meeting.objects.create(
        residency=residency,
        held_on=date(2026, 10, 15),
        title="Comité de mi-parcours et restitution provisoire",
        place="Salle des fêtes",
        agenda="Rapport d’étonnement ; premières pistes ; suites à donner.",
    )
