"""Demo data of the roadmap for Péronne: a shared vision, three axes and six fiches action, each
citing the enjeux of the analysis demo. Idempotent: everything is looked up by its title first."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .models import Action, Axis, FundingLine, Indicator, Milestone
from .services import get_or_create_vision, save_action, save_axis

VISION_TITLE = "Péronne, ville-repère entre remparts et étangs"
VISION_TEXT = (
    "En 2035, on traverse Péronne à pied sans y penser : de la gare routière au centre, de la ville "
    "basse aux étangs, des chemins sûrs et signalés relient les quartiers.\n\n"
    "Les remparts restent la fierté de la ville, mais ils s’ouvrent ; les rues commerçantes vivent "
    "aussi en semaine ; les étangs font partie du quotidien des habitants comme des visiteurs."
)
GOVERNANCE = (
    "Un comité de suivi (commune, communauté de communes, Département, habitants volontaires) se réunit "
    "chaque trimestre ; l’équipe municipale tient la feuille de route à jour dans Arpenteur."
)

AXES = [
    ("Faire liaison(s) : marcher d’un quartier à l’autre", "Des trajets quotidiens sûrs et lisibles."),
    ("Faire repère(s) : des lieux qui donnent envie", "Des rues et des places vivantes toute la semaine."),
    ("Ouvrir la ville sur ses étangs", "Faire de la ressource naturelle un repère du quotidien."),
]

E_WALK = "Relier à pied la ville basse, la gare routière et le centre"
E_SHOPS = "Redonner de la vie aux rues commerçantes en semaine"
E_PONDS = "Faire des étangs un repère du quotidien"

ACTIONS = [
    {
        "title": "Jalonner l’itinéraire piéton Porte de Bretagne – gare routière",
        "axis": 0,
        "enjeux": [E_WALK],
        "description": "Marquage au sol, deux passages piétons et une signalétique simple le long du trajet "
        "que les collégiens empruntent déjà.",
        "objectives": "Sécuriser le trajet quotidien des collégiens ; rendre visible le lien gare–centre.",
        "first_steps": "Comptage des passages en mars ; atelier avec les élèves du collège.",
        "place": "Parking de la Porte de Bretagne",
        "latitude": 49.9318,
        "longitude": 2.9340,
        "lead": "Commune de Péronne",
        "partners": "Département de la Somme\nCollège Béranger",
        "status": Action.Status.MATURE,
        "priority": 1,
        "horizon": Action.Horizon.SHORT,
        "quick_win": True,
        "start_date": date(2027, 3, 1),
        "end_date": date(2027, 9, 30),
        "cost_ht": Decimal("18000"),
        "cost_ttc": Decimal("21600"),
        "audience": "public",
        "milestones": [
            ("Comptage avant travaux", date(2027, 3, 15)),
            ("Inauguration à la rentrée", date(2027, 9, 2)),
        ],
        "indicators": [
            (
                "Collégiens empruntant l’itinéraire",
                40,
                2026,
                150,
                2028,
                "passages/jour",
                "Comptage de la commune",
            )
        ],
        "funding": [("DSIL", Decimal("9000"), "demande"), ("Commune de Péronne", Decimal("9000"), "accorde")],
    },
    {
        "title": "Ouvrir une brèche piétonne dans les remparts vers la ville basse",
        "axis": 0,
        "enjeux": [E_WALK],
        "description": "Étudier avec l’Architecte des Bâtiments de France un passage à travers les remparts.",
        "objectives": "Raccourcir de moitié le trajet ville basse – centre sans abîmer le patrimoine.",
        "place": "Remparts, côté ville basse",
        "latitude": 49.9310,
        "longitude": 2.9350,
        "lead": "Commune de Péronne",
        "partners": "Architecte des Bâtiments de France\nDRAC Hauts-de-France",
        "status": Action.Status.IDEA,
        "priority": 2,
        "horizon": Action.Horizon.LONG,
        "start_date": date(2028, 1, 1),
        "end_date": date(2030, 6, 30),
        "cost_ht": Decimal("450000"),
        "cost_ttc": Decimal("540000"),
        "milestones": [("Étude de faisabilité patrimoniale", date(2028, 6, 30))],
        "indicators": [
            ("Temps de marche ville basse – mairie", 14, 2026, 7, 2030, "minutes", "Relevé de l’équipe")
        ],
        "funding": [("DRAC Hauts-de-France", None, "piste"), ("Région Hauts-de-France", None, "piste")],
    },
    {
        "title": "Boutiques à l’essai rue Saint-Fursy",
        "axis": 1,
        "enjeux": [E_SHOPS],
        "description": "Louer à loyer réduit, pour un an, trois vitrines vides à des porteurs de projet.",
        "objectives": "Réduire la vacance commerciale ; tester de nouvelles activités en centre-ville.",
        "place": "Rue Saint-Fursy",
        "latitude": 49.9329,
        "longitude": 2.9327,
        "lead": "Communauté de communes de la Haute-Somme",
        "partners": "CCI Amiens-Picardie\nUnion commerciale de Péronne",
        "status": Action.Status.MATURING,
        "priority": 1,
        "horizon": Action.Horizon.MEDIUM,
        "start_date": date(2027, 6, 1),
        "end_date": date(2029, 6, 30),
        "cost_ht": Decimal("60000"),
        "cost_ttc": Decimal("72000"),
        "milestones": [
            ("Appel à candidatures", date(2027, 9, 15)),
            ("Bilan de la première année", date(2028, 10, 1)),
        ],
        "indicators": [
            ("Vitrines vides rue Saint-Fursy", 11, 2026, 6, 2029, "locaux", "Relevé de l’union commerciale")
        ],
        "funding": [("Banque des Territoires", Decimal("30000"), "demande")],
    },
    {
        "title": "Le marché du samedi prolongé en soirée l’été",
        "axis": 1,
        "enjeux": [E_SHOPS],
        "description": "Quatre samedis d’été, le marché reste ouvert jusqu’à 21 h avec des producteurs locaux.",
        "place": "Place du Marché-l’Herbe",
        "latitude": 49.9336,
        "longitude": 2.9316,
        "lead": "Commune de Péronne",
        "partners": "Producteurs du marché",
        "status": Action.Status.UNDER_WAY,
        "priority": 2,
        "horizon": Action.Horizon.SHORT,
        "quick_win": True,
        "start_date": date(2027, 6, 1),
        "end_date": date(2027, 8, 31),
        "cost_ht": Decimal("4000"),
        "cost_ttc": Decimal("4800"),
        "audience": "equipe",
        "milestones": [("Premier marché du soir", date(2027, 6, 26))],
        "indicators": [("Visiteurs par soirée", None, None, 500, 2027, "personnes", "Comptage des placiers")],
        "funding": [("Commune de Péronne", Decimal("4000"), "accorde")],
    },
    {
        "title": "Sentier des étangs signalé depuis la place du Marché-l’Herbe",
        "axis": 2,
        "enjeux": [E_PONDS, E_WALK],
        "description": "Une signalétique et un sentier balisé de la place aux étangs de la Haute-Somme.",
        "objectives": "Faire des étangs une promenade du quotidien, à dix minutes du centre.",
        "place": "De la place du Marché-l’Herbe aux étangs",
        "lead": "Département de la Somme",
        "partners": "Office de tourisme de la Haute-Somme\nCommune de Péronne",
        "status": Action.Status.MATURE,
        "priority": 2,
        "horizon": Action.Horizon.SHORT,
        "quick_win": True,
        "start_date": date(2027, 4, 1),
        "end_date": date(2027, 10, 31),
        "cost_ht": Decimal("12000"),
        "cost_ttc": Decimal("14400"),
        "audience": "public",
        "perimeter": {
            "type": "LineString",
            "coordinates": [[2.9316, 49.9336], [2.9290, 49.9352], [2.9262, 49.9371]],
        },
        "milestones": [("Pose des panneaux", date(2027, 6, 1))],
        "indicators": [
            ("Promeneurs sur le sentier le dimanche", None, None, 200, 2028, "personnes", "Éco-compteur")
        ],
        "funding": [("Département de la Somme", Decimal("12000"), "accorde")],
    },
    {
        "title": "Une maison des étangs pour l’éducation à l’environnement",
        "axis": 2,
        "enjeux": [E_PONDS],
        "description": "Réhabiliter l’ancienne maison du garde en lieu d’accueil pour les écoles.",
        "place": "Étangs de la Haute-Somme",
        "latitude": 49.9371,
        "longitude": 2.9262,
        "lead": "Communauté de communes de la Haute-Somme",
        "partners": "Conservatoire d’espaces naturels des Hauts-de-France",
        "status": Action.Status.IDEA,
        "priority": 3,
        "horizon": Action.Horizon.LONG,
        "start_date": date(2028, 9, 1),
        "end_date": date(2029, 12, 31),
        "cost_ht": Decimal("380000"),
        "cost_ttc": Decimal("456000"),
        "indicators": [
            ("Classes accueillies par an", 0, 2026, 40, 2030, "classes", "Communauté de communes")
        ],
        "funding": [("Agence de l’eau Artois-Picardie", None, "piste")],
    },
]


def load(context: dict, stdout=None) -> None:
    from arpenteur.analysis.models import Enjeu
    from arpenteur.residencies.models import Residency

    residency = (
        context.get("residency") or Residency.objects.filter(is_demo=True, commune__code="80620").first()
    )
    if residency is None:
        return
    enjeux = {e.title: e for e in Enjeu.objects.filter(residency=residency)}
    if not all(t in enjeux for t in (E_WALK, E_SHOPS, E_PONDS)):
        return  # the analysis demo did not run: no enjeu to cite, so no action
    author = context.get("users", {}).get("coordinator")
    vision = get_or_create_vision(residency)
    if not vision.text:
        vision.title, vision.text, vision.governance, vision.updated_by = (
            VISION_TITLE,
            VISION_TEXT,
            GOVERNANCE,
            author,
        )
        vision.save()
    axes = []
    for position, (title, description) in enumerate(AXES, start=1):
        axis = Axis.objects.filter(residency=residency, title=title).first() or save_axis(
            axis=Axis(residency=residency, title=title, description=description, position=position)
        )
        axes.append(axis)
    for spec in ACTIONS:
        if Action.objects.filter(residency=residency, title=spec["title"]).exists():
            continue
        fields = {
            k: v
            for k, v in spec.items()
            if k not in ("axis", "enjeux", "milestones", "indicators", "funding")
        }
        action = save_action(
            action=Action(residency=residency, axis=axes[spec["axis"]], **fields),
            user=author,
            enjeux=[enjeux[t] for t in spec["enjeux"]],
        )
        for title, due in spec.get("milestones", []):
            Milestone.objects.create(action=action, title=title, due_date=due, done=due < date(2027, 1, 1))
        for name, base, base_year, target, target_year, unit, source in spec.get("indicators", []):
            Indicator.objects.create(
                action=action,
                name=name,
                baseline=base,
                baseline_year=base_year,
                target=target,
                target_year=target_year,
                unit=unit,
                source=source,
            )
        for funder, amount, status in spec.get("funding", []):
            FundingLine.objects.create(action=action, funder=funder, amount=amount, status=status)
    if stdout:
        stdout.write("Feuille de route : vision, trois axes et six fiches action à Péronne.")
