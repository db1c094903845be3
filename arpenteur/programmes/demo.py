"""Demo programmes: the Région Hauts-de-France « Résidences » (seed 001) and the State's Atelier des
territoires (seed 004, editions and themes), a call with a few applications, Péronne and Tergnier
in the portfolio, and news posts.

Texts come from the public pages of both programmes (seeds 001 and 004); budgets and applications
are illustrative and marked as demonstration data. Idempotent: rows are looked up by stable keys.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from arpenteur.accounts.models import Organisation
from arpenteur.residencies.models import FormatTemplate, Residency
from arpenteur.territories.models import Commune, Region

from .demo_cohort import load_cohort
from .models import (
    Application,
    Call,
    CallQuestion,
    Edition,
    NewsPost,
    PortfolioEntry,
    Programme,
    SelectionCriterion,
)

PARIS = ZoneInfo("Europe/Paris")


def _at(year, month, day, hour=12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=PARIS)


HDF_AIMS = (
    "Accompagner les communes des Hauts-de-France qui souhaitent travailler sur l’attractivité de leur "
    "centre-ville ou de leur centre-bourg mais ne disposent pas d’ingénierie adaptée, ou souhaitent un "
    "regard extérieur.\n\n"
    "La problématique d’attractivité est complexe (politiques publiques à articuler, temporalités "
    "différentes, besoins hétérogènes des habitants et usagers) : il faut décloisonner les approches et "
    "accompagner le territoire sur l’ensemble du processus — réflexion stratégique, planification, "
    "mobilisation du foncier, hiérarchisation des opérations.\n\n"
    "L’approche « terrain » est essentielle : la résidence est une immersion de plusieurs jours dans la "
    "commune, dans les conditions et le cadre définis par le Maire, avec une diversité d’acteurs (élus, "
    "professionnels, techniciens, chercheurs, associations, habitants et usagers). En règle générale, "
    "trois jours d’immersion (balades urbaines, ateliers, rencontres d’acteurs) puis une journée de "
    "restitution quelques semaines plus tard."
)
HDF_PARTNERS = "\n".join(
    [
        "URBA8 — réseau régional des agences d’urbanisme (planification, habitat, mobilités, économie, "
        "commerce, environnement, foncier)",
        "Agence Hauts-de-France 2020-2040 — équipes mobilisées avec les directions de la Région",
        "État et Départements — associés à la démarche, pour articuler leurs dispositifs",
        "CEREMA, Établissement public foncier, SEM — selon les besoins de la commune",
    ]
)
HDF_NEWS = [
    (
        "tergnier-college-de-prospective",
        "Le Collège de prospective en « Résidences » à Tergnier",
        _at(2021, 10, 4),
        "Après une longue interruption due à la crise sanitaire, le collège de prospective a renoué le "
        "29 septembre avec ses rencontres, en résidence à Tergnier.",
        "Les membres du collège de prospective ont rejoint l’équipe de la résidence pour une journée "
        "d’arpentage des cités cheminotes et d’échanges avec les élus.\n\nLeurs regards croisés nourrissent "
        "le travail d’analyse restitué à la commune quelques semaines plus tard.",
        "02738",
    ),
    (
        "tergnier-la-residence-s-acheve",
        "Tergnier, la résidence s’achève !",
        _at(2021, 12, 2),
        "Des recommandations pour renouveler l’attractivité du centre-ville. Tergnier compte parmi les "
        "114 communes lauréates de l’appel à projets régional « Redynamisation des centres-villes et "
        "centres-bourgs ».",
        "La journée de restitution a présenté aux élus et aux habitants l’analyse de l’équipe et ses "
        "recommandations : relier les quartiers, révéler le patrimoine cheminot, réinvestir les commerces "
        "vacants.\n\nLe cahier de synthèse suivra.",
        "02738",
    ),
    (
        "peronne-cahier-de-synthese",
        "Résidence à Péronne : le Cahier de synthèse est disponible !",
        _at(2022, 6, 20),
        "Après Clermont-de-l’Oise (60) et Tergnier (02), et juste avant Audruicq (62), la Région "
        "Hauts-de-France accompagnée de l’agence de développement et d’urbanisme a mené une résidence "
        "à Péronne.",
        "Deux jours d’immersion les 15 et 16 mars, une restitution provisoire le troisième jour, puis la "
        "restitution finale le 10 mai : le cahier de synthèse rassemble le diagnostic partagé et les "
        "pistes d’action pour faire repère et faire liaison dans le centre-ville.",
        "80620",
    ),
    (
        "audruicq-un-dispositif-innovant",
        "La résidence d’Audruicq, un dispositif innovant en appui des communes",
        _at(2022, 11, 15),
        "Pour garder son dynamisme et son rayonnement, Audruicq, ville du Pas-de-Calais qui a gardé sa "
        "physionomie de place forte médiévale, accueille à son tour une résidence.",
        "Les documents de la résidence d’Audruicq seront bientôt disponibles. La commune "
        "d’Avesnes-sur-Helpe vient quant à elle de s’inscrire dans la démarche.",
        "",
    ),
]

ADT_AIMS = (
    "Faciliter, sur les territoires sélectionnés, l’émergence de stratégies partagées et innovantes en "
    "matière de développement local et de transition écologique, à partir d’un travail de concertation "
    "avec les acteurs locaux, des projets en cours et des ressources propres du territoire (humaines, "
    "écologiques, agricoles, économiques, matérielles, numériques, immatérielles).\n\n"
    "Au niveau national, une rencontre valorise les expériences locales et tire des enseignements "
    "transversaux par une approche comparative des résultats des Ateliers ; une publication de "
    "référence l’accompagne."
)
ADT_PARTNERS = "\n".join(
    [
        "DGALN — pilotage d’ensemble et financement à 100 %",
        "D(R)EAL et DDT(M) — maîtrise d’ouvrage locale, en posture de partenaires et de facilitateurs",
        "Communes et EPCI — élus et techniciens, co-portage de la feuille de route",
        "Équipes pluridisciplinaires — architectes, urbanistes, paysagistes, géographes, experts",
        "CAUE, CEREMA, architectes et paysagistes conseils, agences d’urbanisme, universités",
    ]
)
# (year, year_end, title, scheme) — from seed 004.
ADT_EDITIONS = [
    (2006, None, "Littoral 1", "Atelier Multisite"),
    (2007, None, "Montagne", "Atelier Multisite"),
    (2009, None, "Littoral 2", "Atelier Multisite"),
    (2010, None, "Atelier flash Xynthia", "Atelier Flash"),
    (2011, None, "Territoires économiques", "Atelier Multisite"),
    (2012, None, "Territoires en mutation exposés aux risques", "Atelier Multisite"),
    (2013, None, "Atelier des territoires session 1", "Atelier Multisite"),
    (2014, None, "Atelier des territoires session 2", "Atelier Multisite"),
    (2015, None, "Comment requalifier par le paysage des territoires à vivre ?", "Atelier Multisite"),
    (2016, None, "Mieux vivre ensemble dans le périurbain", "Atelier Multisite"),
    (2016, None, "Vivre et travailler en montagne", "Atelier Multisite"),
    (2017, None, "Faire de l’eau une ressource pour l’aménagement", "Atelier Multisite"),
    (2017, None, "Villes patrimoniales", "Atelier Multisite"),
    (2019, None, "Amplifier la transition écologique avec les territoires", "Atelier Multisite"),
    (2020, 2022, "Ateliers Flash et Ateliers Locaux « à la carte »", "Atelier Flash / Local"),
    (2021, 2022, "Mieux aménager avec des sols vivants", "Atelier Multisite (session nationale)"),
    (
        2021,
        2022,
        "AMI « Aménagement touristique durable » (Atelier des territoires, EcoQuartier, PPA)",
        "AMI",
    ),
    (2023, None, "Aménagement, territoires productifs et création de valeurs", "Atelier Multisite"),
]


def load(context: dict, stdout=None) -> None:
    orgs = context.get("orgs") or {}
    region_org = orgs.get("operator") or Organisation.objects.get(name="Région Hauts-de-France")
    hdf = _hdf_programme(region_org)
    adt = _adt_programme()
    _hdf_call(hdf)
    _portfolio(hdf)
    load_cohort(hdf)
    _news(hdf)
    context["programmes"] = [hdf, adt]
    if stdout:
        stdout.write(f"Programmes de démonstration : {hdf.name}, {adt.name}")


def _hdf_programme(operator: Organisation) -> Programme:
    programme, created = Programme.objects.get_or_create(
        slug="residences-hauts-de-france",
        defaults={
            "operator": operator,
            "name": "Les résidences — Région Hauts-de-France",
            "summary": (
                "Un dispositif régional en faveur de la redynamisation des centres-villes et centres-bourgs : "
                "plusieurs jours d’immersion dans la commune, puis une restitution."
            ),
            "aims": HDF_AIMS,
            "territory_covered": "Région Hauts-de-France",
            "partners": HDF_PARTNERS,
            "funding": "Région Hauts-de-France, avec URBA8 et l’Agence Hauts-de-France 2020-2040",
            "website": "https://2040.hautsdefrance.fr/les-residences-2/",
            "is_published": True,
            "is_demo": True,
        },
    )
    if created:
        programme.regions.set(Region.objects.filter(code="32").order_by("-cog_year")[:1])
        programme.formats.set(FormatTemplate.objects.filter(slug__in=["residence-hauts-de-france"]))
    for year, year_end, title, scheme in [
        (
            2019,
            None,
            "Appel à projets « Redynamisation des centres-villes et centres-bourgs »",
            "Appel à projets",
        ),
        (2021, 2022, "Premières résidences : Clermont-de-l’Oise, Tergnier, Péronne", "Résidence"),
        (2022, 2023, "Audruicq, Avesnes-sur-Helpe", "Résidence"),
        (2027, None, "Résidences 2027", "Résidence"),
    ]:
        Edition.objects.get_or_create(
            programme=programme, year=year, title=title, defaults={"year_end": year_end, "scheme": scheme}
        )
    return programme


def _adt_programme() -> Programme:
    dgaln, _ = Organisation.objects.get_or_create(
        name="DGALN — Sous-direction de l’aménagement durable", defaults={"kind": Organisation.Kind.STATE}
    )
    programme, created = Programme.objects.get_or_create(
        slug="atelier-des-territoires",
        defaults={
            "operator": dgaln,
            "name": "L’Atelier des territoires",
            "summary": (
                "Accompagner les acteurs pour construire un projet d’aménagement en faveur de la transition "
                "écologique."
            ),
            "aims": ADT_AIMS,
            "territory_covered": "France entière",
            "partners": ADT_PARTNERS,
            "funding": "Financé à 100 % par la DGALN",
            "website": "https://www.atelier-territoires.logement.gouv.fr/",
            "is_published": True,
            "is_demo": True,
        },
    )
    if created:
        programme.formats.set(FormatTemplate.objects.filter(slug__startswith="atelier-territoires-"))
    for year, year_end, title, scheme in ADT_EDITIONS:
        Edition.objects.get_or_create(
            programme=programme, year=year, title=title, defaults={"year_end": year_end, "scheme": scheme}
        )
    return programme


def _commune(code: str) -> Commune | None:
    return Commune.objects.filter(code=code, kind=Commune.Kind.COMMUNE).order_by("-cog_year").first()


def _hdf_call(programme: Programme) -> Call:
    call, created = Call.objects.get_or_create(
        programme=programme,
        title="Résidences 2027 — appel à candidatures des communes",
        defaults={
            "kind": Call.Kind.AAP,
            "edition": programme.editions.filter(year=2027).first(),
            "description": (
                "La Région accueille de nouvelles communes dans la démarche des résidences. Décrivez votre "
                "centre-ville ou centre-bourg, la question que vous vous posez et les acteurs que vous "
                "mobiliserez : une équipe pluridisciplinaire viendra en immersion trois jours, puis restituera "
                "son analyse et ses recommandations quelques semaines plus tard."
            ),
            "eligibility": (
                "Communes lauréates de l’appel à projets régional « Redynamisation des centres-villes et "
                "centres-bourgs », et leurs EPCI. Le Maire s’engage à accueillir l’équipe et à mobiliser les "
                "acteurs locaux."
            ),
            "opens_at": _at(2026, 10, 1, 9),
            "closes_at": _at(2027, 3, 31, 12),
            "is_published": True,
        },
    )
    if not created:
        return call
    questions = [
        ("Quelle question voulez-vous poser sur l’attractivité de votre centre ?", True),
        (
            "Quels acteurs mobiliserez-vous pendant l’immersion (élus, associations, commerçants, habitants) ?",
            True,
        ),
        ("Quels projets ou études en cours la résidence peut-elle éclairer ?", False),
    ]
    for position, (text, required) in enumerate(questions, start=1):
        CallQuestion.objects.create(call=call, position=position, text=text, required=required)
    criteria = [
        (
            "Pertinence de la question posée",
            "Une problématique d’attractivité claire, à l’échelle du centre",
            35,
        ),
        ("Portage politique", "Engagement du Maire et de l’équipe municipale", 25),
        ("Mobilisation des acteurs locaux", "Associations, commerçants, habitants, usagers", 20),
        ("Articulation avec les dispositifs en cours", "PVD, ACV, ORT, PLUi, études", 20),
    ]
    for position, (label, description, weight) in enumerate(criteria, start=1):
        SelectionCriterion.objects.create(
            call=call, position=position, label=label, description=description, weight=weight
        )
    q = {c.position: str(c.pk) for c in call.questions.all()}
    for code, org_name, title, summary, contact, answers in [
        (
            "80001",
            "Commune d’Abbeville",
            "Remettre la Somme au cœur de la ville",
            "Le centre d’Abbeville tourne le dos au fleuve ; les berges et la place Max-Lejeune se vident après "
            "18 heures.",
            ("Service urbanisme", "urbanisme@abbeville.example.org"),
            {
                1: "Comment relier le centre reconstruit, les berges de la Somme et la gare ?",
                2: "Union commerciale, centre social, lycée, conseil citoyen.",
            },
        ),
        (
            "02691",
            "Commune de Saint-Quentin",
            "Les rez-de-chaussée vacants du centre",
            "Un commerce sur cinq est vacant rue d’Isle ; nous voulons imaginer d’autres usages avec les habitants.",
            ("Direction du développement", "developpement@saint-quentin.example.org"),
            {
                1: "Que faire des rez-de-chaussée vacants : commerces, ateliers, logements ?",
                2: "Propriétaires, CCI, associations étudiantes.",
                3: "Opération de revitalisation du territoire (ORT) en cours.",
            },
        ),
    ]:
        commune = _commune(code)
        if commune is None:
            continue
        applicant, _ = Organisation.objects.get_or_create(
            name=org_name, defaults={"kind": Organisation.Kind.COMMUNE, "commune": commune}
        )
        Application.objects.create(
            call=call,
            applicant=applicant,
            commune=commune,
            project_title=title,
            summary=summary,
            contact_name=contact[0],
            contact_email=contact[1],
            answers={q[k]: v for k, v in answers.items()},
            status=Application.Status.SUBMITTED,
            submitted_at=_at(2026, 11, 3, 10),
            receipt_number=f"RESIDENCES-H-2026-{commune.code}",
        )
    return call


def _portfolio(programme: Programme) -> None:
    edition = programme.editions.filter(year=2027).first()
    for code, budget, synthesis in [
        (
            "80620",
            Decimal("24000"),
            (
                "Cahier de synthèse de la résidence de Péronne",
                "https://2040.hautsdefrance.fr/residence-a-peronne-le-cahier-de-synthese-est-disponible/",
            ),
        ),
        ("02738", Decimal("45000"), ("", "")),
    ]:
        residency = Residency.objects.filter(is_demo=True, commune__code=code).order_by("pk").first()
        if residency is None:
            continue
        PortfolioEntry.objects.get_or_create(
            residency=residency,
            defaults={
                "programme": programme,
                "edition": edition,
                "budget": budget,
                "listed_publicly": True,
                "synthesis_title": synthesis[0],
                "synthesis_url": synthesis[1],
            },
        )


def _news(programme: Programme) -> None:
    for slug, title, published_at, lead, body, code in HDF_NEWS:
        residency = (
            Residency.objects.filter(is_demo=True, commune__code=code).order_by("pk").first()
            if code
            else None
        )
        NewsPost.objects.get_or_create(
            programme=programme,
            slug=slug,
            defaults={
                "title": title,
                "published_at": published_at,
                "lead": lead,
                "body": body,
                "residency": residency,
                "is_published": True,
            },
        )
