"""Seed the dated procurement thresholds, the cost reference ranges, one budgeted example per
format and the procurement document templates. All are data an administrator edits afterwards."""

from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import migrations

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "data" / "modeles"

THRESHOLDS = [
    (
        "dispense",
        0,
        "Pas de publicité ni de mise en concurrence obligatoires ; choisir une offre pertinente, "
        "faire bon usage de l’argent public, ne pas toujours retenir le même prestataire. Demander "
        "deux ou trois devis reste une bonne pratique.",
        "Code de la commande publique, R2122-8 (seuil de 40 000 € HT)",
    ),
    (
        "mapa",
        40000,
        "Procédure adaptée : l’acheteur fixe librement les modalités (publicité adaptée au montant, "
        "critères et pondération annoncés dans le règlement de la consultation).",
        "Code de la commande publique, L2123-1 et R2123-1 à R2123-8",
    ),
    (
        "formalisee",
        221000,
        "Au-dessus du seuil européen des fournitures et services des collectivités : appel d’offres "
        "publié au JOUE et au BOAMP.",
        "Seuils européens 2024-2025 (règlements délégués de la Commission)",
    ),
]

REFERENCES = [
    ("taux_jour", 600, 900, "Document source « Plaidoyer pour les résidences territoriales »"),
    ("documentation", 4000, 15000, "Document source « Plaidoyer pour les résidences territoriales »"),
    ("total_usuel", 20000, 90000, "Document source « Plaidoyer pour les résidences territoriales »"),
]


def team(category, label, people, days, rate):
    return {"category": category, "label": label, "mode": "jours", "people": people, "days": days, "day_rate": rate}


def fixed(category, label, amount, in_kind=False):
    return {"category": category, "label": label, "mode": "forfait", "amount_ht": amount, "in_kind": in_kind}


EXAMPLES = [
    (
        "residence-eclair",
        "Résidence éclair — 4 personnes, 5 jours sur site",
        "4 personnes × 5 jours × 700 € ; documentation au bas de la fourchette ; logement prêté par la commune.",
        [
            team("preparation", "Préparation, visite préalable, note de cadrage", 2, 2, 650),
            team("immersion", "Immersion de 5 jours", 4, 5, 700),
            team("intersession", "Analyse et rapport d’étonnement", 2, 3, 650),
            fixed("documentation", "Cahier de synthèse : mise en page, impression", 4000),
            fixed("deplacements", "Trajets et repas", 1500),
            fixed("deplacements", "Hébergement (gîte communal)", 1200, True),
            fixed("aleas", "Aléas (5 %)", 1000),
        ],
    ),
    (
        "residence-3-temps",
        "Résidence « 3 temps » — 4 personnes, 3 temps de 4 jours",
        "Trois temps sur site séparés d’intersessions ; exposition et prototypes légers.",
        [
            team("preparation", "Préparation et note de cadrage", 2, 3, 650),
            team("immersion", "Trois temps sur site de 4 jours", 4, 12, 700),
            team("intersession", "Intersessions : codage, diagnostic, feuille de route", 3, 6, 650),
            fixed("documentation", "Cahier de synthèse, carte, exposition", 8000),
            fixed("production", "Prototypes et préfigurations", 3000),
            fixed("deplacements", "Trajets et repas", 3000),
            fixed("accessibilite", "Version FALC et interprétation LSF à la restitution", 1500),
            fixed("deplacements", "Hébergement et salle prêtés", 3000, True),
            fixed("aleas", "Aléas", 2000),
        ],
    ),
    (
        "residence-longue",
        "Résidence longue — 3 personnes, 6 semaines sur 6 mois",
        "Trois périodes de deux semaines ; taux de résidence d’architectes plus bas que le conseil.",
        [
            team("preparation", "Préparation et rencontres", 2, 4, 600),
            team("immersion", "Trois périodes de 14 jours", 3, 30, 600),
            team("intersession", "Intersessions et livret", 2, 8, 600),
            fixed("documentation", "Livret de résidence et carnet de bord", 12000),
            fixed("production", "Prototypes", 5000),
            fixed("deplacements", "Trajets", 2500),
            fixed("deplacements", "Logement et atelier prêtés", 6000, True),
        ],
    ),
    (
        "residence-hauts-de-france",
        "Résidence Hauts-de-France — 4 personnes, 3 jours et une restitution",
        "Visites préparatoires, trois jours d’immersion, une journée de restitution, un cahier de synthèse.",
        [
            team("preparation", "Visites préparatoires et entretiens", 2, 3, 650),
            team("immersion", "Immersion de 3 jours", 4, 3, 700),
            team("immersion", "Journée de restitution", 2, 1, 700),
            team("intersession", "Analyse et cahier de synthèse", 2, 4, 650),
            fixed("documentation", "Cahier de synthèse : graphisme, impression", 6000),
            fixed("deplacements", "Trajets et repas", 1200),
        ],
    ),
    (
        "atelier-territoires-flash",
        "Atelier des territoires Flash — 3 personnes, 2 ateliers",
        "Deux ateliers in situ ; esquisse de plan-guide.",
        [
            team("preparation", "Préparation", 1, 2, 750),
            team("immersion", "Ateliers in situ", 3, 3, 750),
            team("intersession", "Esquisse de plan-guide", 2, 4, 750),
            fixed("documentation", "Mise en forme", 4000),
            fixed("deplacements", "Trajets", 900),
        ],
    ),
    (
        "atelier-territoires-local",
        "Atelier des territoires Local — 4 personnes sur 10 mois",
        "Plusieurs ateliers, intersessions longues, feuille de route partagée.",
        [
            team("preparation", "Préparation et cadrage", 2, 5, 800),
            team("immersion", "Ateliers in situ", 4, 8, 800),
            team("intersession", "Intersessions et feuille de route", 3, 10, 800),
            fixed("documentation", "Documents de l’atelier", 10000),
            fixed("deplacements", "Trajets", 3000),
        ],
    ),
]


def seed(apps, schema_editor):
    Threshold = apps.get_model("commissioning", "ProcurementThreshold")
    Reference = apps.get_model("commissioning", "CostReference")
    Example = apps.get_model("commissioning", "BudgetExample")
    Template = apps.get_model("commissioning", "DocumentTemplate")
    FormatTemplate = apps.get_model("residencies", "FormatTemplate")
    valid_from = date(2024, 1, 1)
    for route, amount, explanation, source in THRESHOLDS:
        Threshold.objects.get_or_create(
            route=route,
            valid_from=valid_from,
            defaults={"from_amount_ht": Decimal(amount), "explanation": explanation, "source": source},
        )
    for key, low, high, source in REFERENCES:
        Reference.objects.get_or_create(
            key=key, valid_from=valid_from, defaults={"low": low, "high": high, "source": source}
        )
    for order, (slug, title, summary, lines) in enumerate(EXAMPLES, start=1):
        Example.objects.get_or_create(
            title=title,
            defaults={
                "format": FormatTemplate.objects.filter(slug=slug).first(),
                "summary": summary,
                "lines": lines,
                "order": order,
            },
        )
    titles = {
        "cctp": "Cahier des clauses techniques particulières (CCTP)",
        "rc": "Règlement de la consultation",
        "ami": "Appel à manifestation d’intérêt",
        "convention": "Convention de recherche-action",
        "analyse": "Rapport d’analyse des offres",
    }
    for kind, title in titles.items():
        body = (TEMPLATES_DIR / f"{kind}.txt").read_text(encoding="utf-8")
        Template.objects.get_or_create(kind=kind, defaults={"title": title, "body": body})


class Migration(migrations.Migration):
    dependencies = [
        ("commissioning", "0002_budget_documents_offers"),
        ("residencies", "0002_seed_formats"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
