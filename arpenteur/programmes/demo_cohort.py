"""Demo: earlier residencies of the Région Hauts-de-France programme (Clermont, Abbeville,
Saint-Quentin), finished and documented — shared enjeux backed by a finding, a codebook, the methods
used on site, a commissioning budget and roadmap actions — so that the programme's capitalisation
page has something to compare. Illustrative content, marked as demonstration data; idempotent
(each residency is looked up by its title, its content created only once)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal

from django.db import transaction

from arpenteur.analysis.models import Enjeu, Finding, Visibility
from arpenteur.analysis.services import create_code, get_or_create_codebook, save_enjeu, save_finding
from arpenteur.commissioning.models import Budget, BudgetLine
from arpenteur.fieldwork.models import Activity, Material, Method
from arpenteur.residencies.models import FormatTemplate, Residency
from arpenteur.residencies.services import create_residency
from arpenteur.roadmap.models import Action, Axis
from arpenteur.roadmap.services import save_action

from .models import PortfolioEntry, Programme

COHORT = [
    {
        "code": "60157",
        "title": "Clermont — un centre-bourg à habiter",
        "start": date(2021, 9, 13),
        "end": date(2021, 12, 10),
        "budget": [
            ("Immersion : 3 jours, 3 personnes", 3, "9", "650"),
            ("Restitution et cahier", None, "6500", None),
        ],
        "in_kind": ("Hébergement de l’équipe au gîte communal", "1800"),
        "programme_budget": "22000",
        "observation": (
            "Rue de la République, une vitrine sur trois est vide ; les logements au-dessus des commerces "
            "sont inoccupés. Les habitants disent faire leurs courses en périphérie."
        ),
        "enjeux": ["Centre-bourg vivant", "Reconquérir les logements vacants", "Relier la gare au centre"],
        "codes": ["Commerce", "Habitat", "Mobilités", "Patrimoine"],
        "methods": ["balade-urbaine", "porteur-de-parole", "entretiens-acteurs", "degagement-des-enjeux"],
        "actions": [
            ("Ouvrir une boutique à l’essai rue de la République", Action.Status.DONE),
            ("Lancer une OPAH-RU sur les étages vacants", Action.Status.UNDER_WAY),
            ("Jalonner le chemin de la gare au centre", Action.Status.MATURE),
        ],
    },
    {
        "code": "80001",
        "title": "Abbeville — la ville retrouve son fleuve",
        "start": date(2022, 3, 7),
        "end": date(2022, 6, 24),
        "budget": [
            ("Immersion : 4 jours, 4 personnes", 4, "8", "700"),
            ("Cartographie et restitution", None, "9000", None),
        ],
        "in_kind": ("Salle des fêtes prêtée pour les ateliers", "900"),
        "programme_budget": "30000",
        "observation": (
            "Les berges de la Somme sont peu fréquentées, coupées du centre par le boulevard ; les "
            "collégiens empruntent pourtant le chemin de halage pour rejoindre la gare."
        ),
        "enjeux": ["Centre-bourg vivant", "Relier la gare au centre", "Ouvrir la ville sur la Somme"],
        "codes": ["Mobilités", "Paysage et eau", "Commerce"],
        "methods": ["balade-urbaine", "marche-sensible", "carte-sensible", "world-cafe"],
        "actions": [
            ("Rouvrir un passage piéton vers les berges", Action.Status.UNDER_WAY),
            ("Installer une guinguette éphémère l’été", Action.Status.DONE),
            ("Étudier l’apaisement du boulevard", Action.Status.IDEA),
        ],
    },
    {
        "code": "02691",
        "title": "Saint-Quentin — commerces et vacance en centre-ville",
        "format": "residence-longue",
        "start": date(2022, 9, 19),
        "end": date(2023, 1, 27),
        "budget": [
            ("Immersion : 5 jours, 4 personnes", 4, "10", "680"),
            ("Production et restitution", None, "12000", None),
        ],
        "in_kind": ("Local vacant prêté comme permanence", "2500"),
        "programme_budget": "45000",
        "observation": (
            "Autour de la place de l’Hôtel-de-Ville, les rez-de-chaussée vacants se concentrent dans trois "
            "rues ; les propriétaires sont difficiles à joindre."
        ),
        "enjeux": [
            "Centre bourg vivant",
            "Reconquérir les logements vacants",
            "Faire vivre les rez-de-chaussée",
        ],
        "codes": ["Commerce", "Habitat", "Gouvernance"],
        "methods": ["permanence", "porte-a-porte", "balade-urbaine", "vote-par-gommettes"],
        "actions": [
            ("Créer une foncière commerciale avec l’EPF", Action.Status.MATURING),
            ("Occuper trois vitrines par des artistes", Action.Status.DONE),
            ("Recenser les propriétaires de locaux vacants", Action.Status.UNDER_WAY),
            ("Piétonniser la rue d’Isle le samedi", Action.Status.ABANDONED),
        ],
    },
]


def load_cohort(programme: Programme) -> None:
    edition = programme.editions.filter(year=2021).first()
    from .demo import _commune

    for spec in COHORT:
        commune = _commune(spec["code"])
        if commune is None:
            continue
        residency = Residency.objects.filter(is_demo=True, title=spec["title"]).first()
        if residency is None:
            format_ = FormatTemplate.objects.filter(
                slug=spec.get("format", "residence-hauts-de-france")
            ).first()
            residency = _documented(spec, commune, format_)
        residency.programme_operator = programme.operator
        residency.save(update_fields=["programme_operator"])
        PortfolioEntry.objects.get_or_create(
            residency=residency,
            defaults={
                "programme": programme,
                "edition": edition,
                "budget": Decimal(spec["programme_budget"]),
                "listed_publicly": True,
            },
        )


@transaction.atomic
def _documented(spec: dict, commune, format_) -> Residency:
    residency = create_residency(
        title=spec["title"],
        commune=commune,
        start_date=spec["start"],
        end_date=spec["end"],
        created_by=None,
        format=format_,
        is_demo=True,
    )
    book = get_or_create_codebook(residency)
    for name in spec["codes"]:
        if not book.codes.filter(name=name).exists():
            create_code(codebook=book, name=name)
    material = Material.objects.create(
        residency=residency,
        kind=Material.Kind.NOTE,
        title="Notes de la balade d’ouverture",
        body=spec["observation"],
        captured_at=datetime.combine(spec["start"], time(10, 0), tzinfo=UTC),
    )
    finding = save_finding(
        finding=Finding(
            residency=residency,
            title=spec["observation"].split(";")[0][:200],
            swot="faiblesse",
            visibility=Visibility.MEMBERS,
        ),
        user=None,
        materials=[material],
    )
    enjeux = [
        save_enjeu(
            enjeu=Enjeu(residency=residency, title=title, visibility=Visibility.MEMBERS),
            user=None,
            findings=[finding],
        )
        for title in spec["enjeux"]
    ]
    session = residency.sessions.order_by("start_date").first()
    if session is not None:
        for hour, slug in enumerate(spec["methods"], start=9):
            method = Method.objects.filter(slug=slug, residency=None).first()
            if method is None:
                continue
            Activity.objects.create(
                session=session,
                method=method,
                title=method.name,
                day=session.start_date,
                start_time=time(hour, 0),
                end_time=time(hour, 50),
                place=commune.name,
            )
    budget, _created = Budget.objects.get_or_create(residency=residency)
    lines = []
    for position, (label, people, amount, rate) in enumerate(spec["budget"], start=1):
        if people:
            lines.append(
                BudgetLine(
                    budget=budget,
                    position=position,
                    category="immersion",
                    label=label,
                    mode=BudgetLine.Mode.DAYS,
                    people=people,
                    days=Decimal(amount),
                    day_rate=Decimal(rate),
                )
            )
        else:
            lines.append(
                BudgetLine(
                    budget=budget,
                    position=position,
                    category="documentation",
                    label=label,
                    amount_ht=Decimal(amount),
                )
            )
    label, amount = spec["in_kind"]
    lines.append(
        BudgetLine(
            budget=budget,
            position=len(lines) + 1,
            category="deplacements",
            label=label,
            amount_ht=Decimal(amount),
            in_kind=True,
        )
    )
    BudgetLine.objects.bulk_create(lines)
    axis = Axis.objects.create(residency=residency, title="Redonner envie de centre", position=1)
    # Through save_action, like any action: each one cites an enjeu of the residency (here in turn).
    for number, (title, status) in enumerate(spec["actions"]):
        save_action(
            action=Action(
                residency=residency,
                title=title,
                axis=axis,
                lead=f"Commune de {commune.name}",
                status=status,
            ),
            user=None,
            enjeux=[enjeux[number % len(enjeux)]],
        )
    return residency
