"""Demo content of the resource centre: the entries of seed 003 (a public resource centre: guides,
reports, books, dossiers), the training module of seed 002 with its two-day programme, and the local
initiatives those documents cite, placed on the map.

Texts are those of the seeds (summaries shortened, never invented); where a seed does not give a
field (a licence, an exact year), it stays blank rather than guessed. Places of experiences are the
communes and intercommunalities the CNFPT and La Fabrique de la Cité documents name; their source
says which document cites them. Idempotent: rows are looked up by their stable `reference`.
"""

from __future__ import annotations

from datetime import time

from arpenteur.territories.models import Region

from .models import Item, ItemType, Kind, Licence, ProjectType, TerritoryLevel, Theme, TrainingSlot
from .search import index_items

CNFPT_DOC = "« Administration territoriale en transition » (CNFPT)"

# Seed 003, one dict per entry. `themes` are slugs of migration 0003.
RESOURCES = [
    {
        "reference": "demo-territoires-conseils-cartographie",
        "title": "Liste et cartographie des expériences Territoires Conseils",
        "structure": "Banque des Territoires",
        "item_type": ItemType.GUIDE,
        "themes": ["amenagement", "cohesion"],
        "project_type": ProjectType.STRATEGY,
        "summary": (
            "Territoires Conseils est un service mis en place par la Banque des Territoires. Il s’adresse aux "
            "communes de moins de 10 000 habitants, ainsi qu’à toutes les communes d’Outre-mer, les communes "
            "nouvelles et intercommunalités, sans limite de taille.\n\n"
            "Ce service vise à fournir un accompagnement pour la définition d’une stratégie territoriale, un "
            "accompagnement méthodologique, et des services de renseignements juridiques et financiers.\n\n"
            "Vous trouverez répertoriés sur cette plateforme près de 4000 exemples d’initiatives inspirantes "
            "accompagnées par Territoires Conseils, classées selon les structures, les localités, les "
            "thématiques, la temporalité et le type de projet."
        ),
        "links": [{"url": "https://www.banquedesterritoires.fr/", "label": "Banque des Territoires"}],
    },
    {
        "reference": "demo-cnfpt-administration-en-transition",
        "title": "Administration territoriale en transition",
        "structure": "CNFPT",
        "item_type": ItemType.GUIDE,
        "themes": ["transition", "democratie", "economie-circulaire"],
        "project_type": ProjectType.COOPERATION,
        "summary": (
            "Ce document est à la fois un recueil d’exemples inspirants et un outil stratégique pour les "
            "agents, élus, praticiens de la transition. Il montre que la transition écologique ne peut être "
            "cantonnée à une politique sectorielle, mais qu’elle transforme l’ensemble des pratiques "
            "publiques — en interne comme avec les citoyens.\n\n"
            "Il présente une cinquantaine de retours d’expériences : évolution de l’administration "
            "territoriale (Malaunay, La Motte-Servolex, Pessac), planification et prospective post-carbone "
            "(Nancy, Le Mené, la Métropole de Lyon, la Région Occitanie), mobilisation des habitants et "
            "démocratie environnementale (Est Ensemble, Coutances mer et bocage), transformation des "
            "pratiques d’aménagement (Valence, Basse-Terre, Brest, Erdre et Gesvres), économie circulaire, "
            "achats durables et sobriété (Tours, SMICVAL Market, Rouen, Grand Est).\n\n"
            "On voit émerger une logique d’alignement des politiques publiques avec les limites planétaires, "
            "mais aussi de changement culturel profond dans la manière de penser et de gouverner les "
            "territoires."
        ),
        "links": [{"url": "https://www.cnfpt.fr/", "label": "CNFPT"}],
    },
    {
        "reference": "demo-amrf-habiter-les-villages",
        "title": "Habiter les villages : le défi du bâti",
        "structure": "Association des maires ruraux de France (AMRF)",
        "item_type": ItemType.ARTICLE,
        "themes": ["amenagement", "habitat"],
        "project_type": ProjectType.STRATEGY,
        "year_start": 2025,
        "summary": (
            "Le parc de logements ruraux est vieillissant, souvent vacant, mal adapté aux usages actuels et "
            "négligé par les politiques publiques. Malgré un fort désir des Français de vivre à la campagne, "
            "les conditions réelles d’habitat freinent les installations (logements vétustes, passoires "
            "thermiques, coûts de rénovation trop élevés).\n\n"
            "Dossier spécial (pages 9 à 13) du N°428 du journal 36 000 communes, paru en septembre 2025. "
            "Pistes suggérées : la réhabilitation du bâti existant plutôt que la construction neuve, la "
            "simplification des règles d’urbanisme, une fiscalité favorable à la rénovation, un soutien "
            "massif en ingénierie.\n\n"
            "Enjeu central : passer d’une logique d’attractivité à une logique d’habitabilité."
        ),
        "links": [{"url": "https://www.amrf.fr/", "label": "AMRF"}],
    },
    {
        "reference": "demo-senat-intercommunalite-de-la-confiance",
        "title": "Pour une intercommunalité de la confiance, au service des territoires",
        "structure": "Sénat",
        "item_type": ItemType.REPORT,
        "themes": ["democratie"],
        "project_type": ProjectType.COOPERATION,
        "year_start": 2025,
        "summary": (
            "La France compte désormais 1 254 EPCI à fiscalité propre. Avant le scrutin de mars 2026, une "
            "mission d’information du Sénat, forte de 23 membres, a mené ses travaux d’avril à septembre "
            "2025 et entendu 34 élus, représentants d’associations et experts.\n\n"
            "Le rapport formule 20 recommandations pour remettre les élus au cœur du projet politique et du "
            "fonctionnement des intercommunalités : différenciation territoriale, communes nouvelles, "
            "mutualisation (schémas de mutualisation, services communs, accompagnement des petites "
            "communes) et un nouveau pacte intercommunal fondé sur la subsidiarité, le respect de la liberté "
            "communale et la solidarité territoriale."
        ),
        "links": [{"url": "https://www.senat.fr/", "label": "Sénat"}],
    },
    {
        "reference": "demo-flame-transition-energetique",
        "title": "Agir pour la transition énergétique et climatique de son territoire",
        "structure": "Fédération des agences locales pour l’énergie et le climat (FLAME)",
        "item_type": ItemType.GUIDE,
        "themes": ["energie", "adaptation", "habitat", "mobilites"],
        "project_type": ProjectType.STRATEGY,
        "year_start": 2025,
        "summary": (
            "Les élections municipales et communautaires de mars 2026 représenteront un moment-clé : il "
            "reviendra aux élus de prendre connaissance des enjeux énergie-climat et de définir ou d’ajuster "
            "des politiques locales d’atténuation et d’adaptation.\n\n"
            "Le guide présente quatre grands leviers : planifier et aménager le territoire ; maîtriser les "
            "consommations énergétiques du patrimoine bâti et non bâti ; distribuer et produire de "
            "l’énergie ; sensibiliser et mobiliser le grand public et les acteurs économiques. Parmi les "
            "actions : aménager l’espace en l’adaptant au changement climatique, initier un plan de "
            "sobriété énergétique, rénover massivement le patrimoine public, déployer des énergies "
            "renouvelables, instaurer un guichet mobilité."
        ),
        "links": [],
    },
    {
        "reference": "demo-fabrique-cite-villes-moyennes",
        "title": "Villes moyennes : quels enjeux à l’heure des transitions ?",
        "author": "Achille Warnant",
        "structure": "La Fabrique de la Cité",
        "item_type": ItemType.REPORT,
        "themes": ["amenagement", "cohesion"],
        "project_type": ProjectType.STUDY,
        "summary": (
            "Les villes moyennes sont directement concernées par les effets du réchauffement climatique, les "
            "mutations économiques, les transformations sociales et le vieillissement démographique ; elles "
            "abritent de nombreuses initiatives locales, souvent discrètes.\n\n"
            "Trois propositions : réaffirmer une action « sur-mesure » dans les discours et dans les actes "
            "(un fonds national d’expérimentation territoriale) ; sortir du « chacun pour soi territorial » "
            "et de l’attractivité à tout prix, au profit de l’habitabilité territoriale ; cibler "
            "prioritairement les villes moyennes les plus vulnérables, à partir de diagnostics partagés."
        ),
        "links": [],
    },
    {
        "reference": "demo-lafage-metamorphoses",
        "title": "Les Métamorphoses : pour un projet écologique et solidaire d’adaptation au changement climatique",
        "author": "Marie-Hélène Lafage",
        "item_type": ItemType.BOOK,
        "themes": ["adaptation"],
        "licence": Licence.ALL_RIGHTS,
        "summary": (
            "Un essai qui dresse un état des lieux de l’adaptation au changement climatique en France et "
            "défend une conception positive, écologique et solidaire, en s’appuyant sur l’expérience "
            "concrète des acteurs de terrain.\n\n"
            "Face aux inondations, canicules et tensions sur l’eau, l’adaptation reste trop souvent réduite "
            "à un simple problème technique, comme s’il suffisait d’aménager l’existant pour s’adapter. "
            "Préfacé par Bettina Laville du Comité 21, le livre donne la parole à celles et ceux qui "
            "expérimentent d’autres manières d’habiter le monde."
        ),
        "links": [],
    },
    {
        "reference": "demo-partager-l-eau-en-france",
        "title": "Comment partager l’eau en France ?",
        "author": "Sami Bouarfa, Marielle Montginoul, Thomas Pelte, Eric Sauquet",
        "item_type": ItemType.BOOK,
        "themes": ["eau", "adaptation"],
        "licence": Licence.ALL_RIGHTS,
        "year_start": 2025,
        "summary": (
            "Face au changement climatique et à la dégradation sans précédent de la biodiversité aquatique, "
            "les enjeux liés à la gestion et au partage de l’eau prennent une ampleur nouvelle : cette "
            "ressource vitale doit être considérée comme un bien commun.\n\n"
            "Sorti en août 2025, l’ouvrage dresse un état des lieux des connaissances en France, à partir "
            "d’un travail collectif réunissant scientifiques et spécialistes de la gestion de l’eau, et "
            "propose une analyse critique des pistes d’action envisagées par les parties prenantes."
        ),
        "links": [],
    },
]

# Seed 002: a training module and its programme (day, start, end, title, details).
TRAINING = {
    "reference": "demo-module-7-3-strategie-residentielle",
    "title": "Module 7.3 — Construire une stratégie résidentielle collaborative avec les habitants et les "
    "gestionnaires",
    "item_type": ItemType.TRAINING,
    "themes": ["habitat", "cohesion", "democratie"],
    "project_type": ProjectType.TRAINING,
    "summary": (
        "Une formation de deux jours, à distance, pour faire émerger avec les habitants, les gestionnaires "
        "et les agents de proximité une stratégie de projet résidentiel inclusive et un plan d’action à "
        "2-3 ans."
    ),
    "objectives": "\n".join(
        [
            "Identifier les enjeux de réactivation des espaces collectifs et leur capacité à renforcer la "
            "cohésion sociale",
            "Faire émerger une stratégie de projet résidentiel inclusive",
            "Insuffler une dynamique de projet collaborative avec les parties prenantes du quotidien",
            "Découvrir des méthodes et des outils de travail basés sur l’intelligence collective",
            "Intégrer l’expérimentation comme un levier de transformation du parc social",
            "Co-construire un schéma directeur et un plan d’action à 2-3 ans pour mettre en œuvre le projet "
            "résidentiel",
            "Faciliter la redéfinition des règles collectives de gestion et d’entretien",
            "Accompagner l’évolution des métiers de la proximité pour renforcer le rôle des agents",
        ]
    ),
    "instructors": "Pierre-Mathieu Degruel, architecte-urbaniste, expert en stratégie de projet inclusive et "
    "collaborative",
    "duration": "2 jours (à distance)",
    "links": [],
}
TRAINING_SLOTS = [
    (1, "9:15", "9:30", "Accueil des stagiaires sur ZOOM", ""),
    (1, "9:30", "9:45", "Présentation du programme de la formation et de ses objectifs", ""),
    (
        1,
        "9:45",
        "10:45",
        "Jeux de groupe pour faire connaissance, recueillir les attentes des participant·es",
        "",
    ),
    (1, "10:45", "11:45", "Revue de projets inspirants / Partage d’expériences entre participant·es", ""),
    (
        1,
        "11:45",
        "12:30",
        "État des lieux collectifs / Identification des enjeux croisés entre les participant·es",
        "",
    ),
    (1, "12:30", "14:00", "Pause déjeuner", ""),
    (
        1,
        "14:00",
        "15:30",
        "Intervention de Mathieu Marchal – Responsable des Chaudronneries – résidence d’économie sociétale, "
        "Montreuil, quartier Bel Air",
        "Cas pratique : quelles ressources communes pour quels espaces communs ? Vers une pensée systémique "
        "des projets (espaces-services-métiers)",
    ),
    (
        1,
        "15:30",
        "17:00",
        "Atelier de préparation de la journée 2",
        "Définition collective d’un îlot résidentiel théorique et création de personnages qui habitent, "
        "travaillent ou gèrent cet îlot. Qualification du fonctionnement urbain et social du quartier via un "
        "format d’animation de type « world café »",
    ),
    (2, "9:15", "9:30", "Accueil des stagiaires sur ZOOM", ""),
    (
        2,
        "9:30",
        "10:45",
        "Atelier en groupes : vers la définition inclusive de projets résidentiels (jeux de rôle et maquettage)",
        "",
    ),
    (2, "10:45", "11:15", "Mise en commun des projets : défendre le fruit d’une réflexion collective", ""),
    (2, "11:15", "12:00", "Chercher le consensus en organisant le débat et la délibération collective", ""),
    (2, "12:00", "12:30", "Asseoir un schéma directeur résidentiel à 3 ans porté par toutes et tous", ""),
    (2, "12:30", "14:00", "Pause déjeuner", ""),
    (2, "14:00", "15:00", "Atelier en groupes : imaginer collectivement le plan d’action idéal", ""),
    (
        2,
        "15:00",
        "16:00",
        "Mise en commun et recherche de consensus pour s’accorder sur un plan d’action unique",
        "",
    ),
    (2, "16:00", "16:30", "Synthèse et évaluation de la formation", ""),
]

# Initiatives cited by the documents above: (reference, title, level, code, place, region code,
# lat, lon, themes, project type, year, summary).
EXPERIENCES = [
    (
        "demo-malaunay-administration-en-transition",
        "Malaunay : une organisation interne repensée pour la transition",
        TerritoryLevel.COMMUNE,
        "76402",
        "Malaunay",
        "",
        49.527,
        1.042,
        ["transition"],
        ProjectType.COOPERATION,
        None,
        "La commune transforme son organisation interne pour mieux prendre en compte la transition : "
        "formation des agents, feuilles de route transversales, mobilisation de collectifs internes.",
    ),
    (
        "demo-la-motte-servolex-administration",
        "La Motte-Servolex : former les agents et travailler en transversal",
        TerritoryLevel.COMMUNE,
        "73179",
        "La Motte-Servolex",
        "84",
        45.596,
        5.877,
        ["transition"],
        ProjectType.TRAINING,
        None,
        "Une ville qui fait évoluer son administration : formation des agents et feuilles de route "
        "transversales pour intégrer la transition à toutes les politiques.",
    ),
    (
        "demo-le-mene-planification-energetique",
        "Le Mené : planification énergétique et prospective post-carbone",
        TerritoryLevel.COMMUNE,
        "22046",
        "Le Mené",
        "53",
        48.285,
        -2.535,
        ["energie", "transition"],
        ProjectType.STRATEGY,
        None,
        "Une commune rurale inscrite dans une dynamique de long terme : planification énergétique, "
        "neutralité carbone, énergies renouvelables, croisant prospective et co-construction.",
    ),
    (
        "demo-est-ensemble-convention-citoyenne",
        "Est Ensemble : une convention citoyenne pour la démocratie environnementale",
        TerritoryLevel.EPCI,
        "",
        "Est Ensemble",
        "",
        48.862,
        2.443,
        ["democratie", "transition"],
        ProjectType.PARTICIPATION,
        None,
        "Renforcer la participation citoyenne et les liens élus-habitants-experts par une convention "
        "citoyenne ; l’éducation et le lien social comme moteurs de la transition.",
    ),
    (
        "demo-coutances-education-populaire",
        "Coutances mer et bocage : éducation populaire et projets artistiques collaboratifs",
        TerritoryLevel.EPCI,
        "",
        "Coutances mer et bocage",
        "",
        49.048,
        -1.445,
        ["democratie", "patrimoine"],
        ProjectType.PARTICIPATION,
        None,
        "Des outils d’éducation populaire et des projets artistiques collaboratifs pour mobiliser les "
        "habitants autour de la transition.",
    ),
    (
        "demo-brest-amenagement-resilient",
        "Brest : végétaliser et aménager pour un urbanisme résilient",
        TerritoryLevel.COMMUNE,
        "29019",
        "Brest",
        "53",
        48.390,
        -4.486,
        ["amenagement", "adaptation", "mobilites"],
        ProjectType.WORKS,
        None,
        "Des projets de végétalisation, de mobilité douce et d’urbanisme résilient : l’aménagement évolue "
        "pour mieux répondre aux contraintes environnementales et aux attentes sociales.",
    ),
    (
        "demo-valence-vegetalisation",
        "Valence : végétalisation et mobilité douce dans l’aménagement des espaces publics",
        TerritoryLevel.COMMUNE,
        "26362",
        "Valence",
        "84",
        44.933,
        4.892,
        ["amenagement", "adaptation", "mobilites"],
        ProjectType.WORKS,
        None,
        "Transformer les pratiques d’aménagement : végétaliser, faire place aux mobilités douces, adapter "
        "les espaces publics aux fortes chaleurs.",
    ),
    (
        "demo-tours-commande-publique",
        "Tours : une commande publique responsable",
        TerritoryLevel.COMMUNE,
        "37261",
        "Tours",
        "",
        47.394,
        0.685,
        ["economie-circulaire", "transition"],
        ProjectType.STRATEGY,
        None,
        "Des achats durables : la commande publique mise au service de la transition écologique.",
    ),
    (
        "demo-smicval-market",
        "SMICVAL Market : réduire les déchets par le réemploi",
        TerritoryLevel.EPCI,
        "",
        "SMICVAL (Libournais – Haute-Gironde)",
        "",
        44.897,
        -0.317,
        ["economie-circulaire"],
        ProjectType.SERVICE,
        None,
        "Un lieu de dépôt et de réemploi porté par le syndicat de collecte et de valorisation des déchets, "
        "pour réduire les déchets.",
    ),
    (
        "demo-rouen-sobriete-numerique",
        "Rouen : une démarche de sobriété numérique",
        TerritoryLevel.COMMUNE,
        "76540",
        "Rouen",
        "",
        49.443,
        1.099,
        ["economie-circulaire", "transition"],
        ProjectType.TRAINING,
        None,
        "La sobriété numérique comme levier de la transition, dans l’administration comme auprès des "
        "habitants.",
    ),
    (
        "demo-premery-territoire-zero-chomeur",
        "Prémery : l’expérimentation Territoires zéro chômeur de longue durée",
        TerritoryLevel.COMMUNE,
        "58218",
        "Prémery",
        "",
        47.170,
        3.338,
        ["cohesion", "commerce"],
        ProjectType.COOPERATION,
        2017,
        "Une petite ville de la Nièvre engagée dans l’expérimentation Territoires zéro chômeur de longue "
        "durée, suivie depuis 2018 par le géographe Achille Warnant.",
    ),
]


def load(context: dict, stdout=None) -> None:
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    regions = {region.code: region for region in Region.objects.order_by("cog_year")}
    touched = []
    for entry in RESOURCES:
        values = {key: value for key, value in entry.items() if key not in ("reference", "themes")}
        values.setdefault("territory_level", TerritoryLevel.NATIONAL)
        values["source_name"] = "Centre de ressources (démonstration)"
        touched.append(_save(Kind.RESOURCE, entry["reference"], values, entry["themes"], themes))

    training_values = {key: value for key, value in TRAINING.items() if key not in ("reference", "themes")}
    training = _save(Kind.RESOURCE, TRAINING["reference"], training_values, TRAINING["themes"], themes)
    touched.append(training)
    if not training.slots.exists():
        TrainingSlot.objects.bulk_create(
            TrainingSlot(
                item=training, day=day, start=_time(start), end=_time(end), title=title, details=details
            )
            for day, start, end, title, details in TRAINING_SLOTS
        )

    for reference, title, level, code, place, region, lat, lon, slugs, project, year, summary in EXPERIENCES:
        values = {
            "title": title,
            "item_type": ItemType.INITIATIVE,
            "territory_level": level,
            "territory_code": code,
            "territory_name": place,
            "cog_year": 2024 if code else None,
            "region": regions.get(region),
            "latitude": lat,
            "longitude": lon,
            "project_type": project,
            "year_start": year,
            "summary": summary,
            "structure": place,
            "porteur": place,
            # Which document cites it: in the source, not in the summary (« cité par » would match
            # searches for « cités »).
            "source_name": CNFPT_DOC if year is None else "« Villes moyennes » (La Fabrique de la Cité)",
        }
        touched.append(_save(Kind.EXPERIENCE, reference, values, slugs, themes))
    index_items([item.pk for item in touched])
    if stdout:
        stdout.write(f"Bibliothèque : {len(touched)} fiches de démonstration.")


def _save(kind, reference, values, slugs, themes) -> Item:
    item, _created = Item.objects.update_or_create(reference=reference, defaults={"kind": kind, **values})
    item.themes.set([themes[slug] for slug in slugs if slug in themes])
    return item


def _time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))
