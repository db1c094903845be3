"""The starter codebook offered to a new residency: the usual themes of a territorial diagnosis,
and the Atelier des territoires taxonomy of territorial resources (domain.md §2.5), plus the
"what immersion reveals" codes (usages invisibles, tensions latentes, signaux faibles).

It is a start list in the sense of Miles & Huberman: the team edits, merges and extends it.
"""

from __future__ import annotations

# (name, colour, description, children as (name, description))
STARTER_CODES: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    (
        "Habitat",
        "#8c4a2f",
        "Logement, vacance, formes bâties, parcours résidentiels.",
        [
            ("Vacance et dégradation", "Logements ou immeubles vides, insalubres, en mauvais état."),
            ("Parcours résidentiels", "Qui arrive, qui part, pourquoi ; jeunes, familles, personnes âgées."),
        ],
    ),
    (
        "Commerce",
        "#b4561b",
        "Commerces, marché, vitrines vides, artisanat, consommation.",
        [
            ("Vacance commerciale", "Cellules vides, rideaux baissés, changements d’activité."),
            ("Marché", "Le marché, ses jours, ses usages, ses publics."),
        ],
    ),
    (
        "Mobilités",
        "#1f6f8b",
        "Déplacements à pied, à vélo, en voiture, en transport ; stationnement ; accessibilité.",
        [
            ("Marche et vélo", "Cheminements, continuités, sécurité, confort."),
            ("Stationnement", "Offre, usages, conflits, perception."),
        ],
    ),
    (
        "Espaces publics",
        "#2e7d4f",
        "Places, rues, parcs, bords d’eau : usages, ambiances, appropriations.",
        [
            ("Lieux de rencontre", "Là où l’on s’arrête, se croise, se retrouve."),
            ("Repères et lisibilité", "Orientation, signalétique, points de repère, entrées de ville."),
        ],
    ),
    ("Patrimoine", "#6a4c93", "Bâti, paysage, mémoire, récits ; patrimoine reconnu ou ordinaire.", []),
    ("Services", "#3d5a80", "Équipements, santé, école, services publics, culture, sport.", []),
    ("Environnement", "#3a7d44", "Eau, nature en ville, risques, climat, énergie, paysage.", []),
    ("Gouvernance", "#5c5c5c", "Élus, services, associations, coopérations, participation, confiance.", []),
    ("Économie et emploi", "#9a6700", "Entreprises, emploi, formation, économie sociale et solidaire.", []),
    ("Jeunesse", "#c2185b", "Ce que vivent et disent les jeunes, leurs lieux, leurs attentes.", []),
    (
        "Ressources territoriales",
        "#00796b",
        "Taxonomie des ressources de l’Atelier des territoires.",
        [
            ("Ressource humaine", "Personnes, compétences, collectifs, associations."),
            ("Ressource naturelle", "Eau, sols, paysages, biodiversité."),
            ("Ressource agricole", "Terres, filières, producteurs, circuits courts."),
            ("Ressource économique", "Entreprises, savoir-faire productifs, marchés."),
            ("Ressource matérielle et bâtie", "Bâtiments, friches, infrastructures, foncier."),
            ("Ressource numérique", "Réseaux, données, outils, tiers-lieux numériques."),
            ("Ressource immatérielle", "Mémoire, culture, identité, récits, fêtes."),
        ],
    ),
    (
        "Ce que l’immersion révèle",
        "#444444",
        "Ce que l’on ne voit qu’en restant sur place.",
        [
            ("Usage invisible", "Un usage réel que les documents ou la commande ignorent."),
            (
                "Tension latente",
                "Un désaccord, un conflit d’usage, une fatigue qui ne se dit pas en réunion.",
            ),
            ("Signal faible", "Un petit fait qui pourrait annoncer un changement."),
            ("Étonnement", "Ce qui a surpris l’équipe, sans avoir à le justifier."),
        ],
    ),
]
