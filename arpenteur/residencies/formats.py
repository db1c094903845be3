"""The formats seeded at installation (domain study §3.2 and the seed documents).

Sessions are placed by their offset from the residency's first day, for the typical span; a
residency with another span gets them scaled. Costs are € HT ranges where public figures exist;
left empty where no per-site cost is published (Atelier des territoires, Hauts-de-France).
"""

A, R, P, S = "arpenter", "reveler", "prefigurer", "restituer"

FORMATS = [
    {
        "slug": "residence-eclair",
        "name": "Résidence éclair",
        "order": 1,
        "summary": "Une immersion unique de 4 à 5 jours, puis une restitution quelques semaines plus tard. "
        "Pour une question précise à l’échelle d’une commune ou d’un quartier.",
        "source": "Document source « Plaidoyer pour les résidences territoriales » ; analogues publics : HdF, Atelier Flash.",
        "typical_span_days": 60,
        "team_size_min": 3,
        "team_size_max": 5,
        "cost_low": 18000,
        "cost_high": 30000,
        "sessions": [
            {"title": "Immersion", "phase": A, "offset_days": 14, "duration_days": 5},
            {"title": "Restitution", "phase": S, "offset_days": 56, "duration_days": 1},
        ],
        "deliverables": ["Rapport d’étonnement", "Cahier de synthèse", "Feuille de route"],
    },
    {
        "slug": "residence-3-temps",
        "name": "Résidence « 3 temps »",
        "order": 2,
        "summary": "Trois temps sur site — arpenter, révéler, préfigurer — séparés d’intersessions, sur 3 à 6 mois.",
        "source": "Document source ; 27e Région (3 semaines sur 4 à 6 mois) ; Pleaux (6 semaines en 3 périodes).",
        "typical_span_days": 150,
        "team_size_min": 3,
        "team_size_max": 6,
        "cost_low": 40000,
        "cost_high": 70000,
        "sessions": [
            {"title": "Arpenter", "phase": A, "offset_days": 14, "duration_days": 4},
            {"title": "Révéler", "phase": R, "offset_days": 60, "duration_days": 4},
            {"title": "Préfigurer", "phase": P, "offset_days": 110, "duration_days": 4},
            {"title": "Restitution publique", "phase": S, "offset_days": 145, "duration_days": 1},
        ],
        "deliverables": [
            "Note de cadrage",
            "Rapport d’étonnement",
            "Diagnostic partagé",
            "Feuille de route",
            "Cahier de synthèse",
        ],
    },
    {
        "slug": "residence-longue",
        "name": "Résidence longue",
        "order": 3,
        "summary": "Une présence continue d’un à trois mois, ou plusieurs périodes longues : permanence, co-programmation, prototypes.",
        "source": "Document source ; résidences d’architectes (6 semaines) ; CAUE 29 PAF! (6 semaines sur 6 mois).",
        "typical_span_days": 180,
        "team_size_min": 2,
        "team_size_max": 4,
        "cost_low": 60000,
        "cost_high": 90000,
        "sessions": [
            {"title": "Période 1 — lire le territoire", "phase": A, "offset_days": 15, "duration_days": 14},
            {
                "title": "Période 2 — construire avec les habitants",
                "phase": R,
                "offset_days": 75,
                "duration_days": 14,
            },
            {
                "title": "Période 3 — préfigurer et transmettre",
                "phase": P,
                "offset_days": 140,
                "duration_days": 14,
            },
        ],
        "deliverables": ["Carnet de bord", "Prototypes", "Livret de résidence", "Feuille de route"],
    },
    {
        "slug": "residence-hauts-de-france",
        "name": "Résidence Hauts-de-France",
        "order": 4,
        "summary": "Visites préparatoires, trois jours d’immersion (balades, ateliers, micro-trottoirs, entretiens), "
        "puis une journée de restitution quelques semaines plus tard, avec un cahier de synthèse.",
        "source": "Région Hauts-de-France et URBA8 ; Péronne, 15 mars → 10 mai 2022.",
        "typical_span_days": 56,
        "team_size_min": 2,
        "team_size_max": 6,
        "cost_low": None,
        "cost_high": None,
        "sessions": [
            {"title": "Immersion (3 jours)", "phase": A, "offset_days": 0, "duration_days": 3},
            {"title": "Restitution finale", "phase": S, "offset_days": 55, "duration_days": 1},
        ],
        "deliverables": ["Restitution provisoire", "Cahier de synthèse"],
    },
    {
        "slug": "atelier-territoires-flash",
        "name": "Atelier des territoires — Flash",
        "order": 5,
        "summary": "À l’échelle d’une commune ou d’un îlot : une à trois sessions courtes (≈ 2 jours) sur 3 à 6 mois.",
        "source": "DGALN, amenagement-durable.ecologie.gouv.fr (Ateliers Flash).",
        "typical_span_days": 120,
        "team_size_min": 1,
        "team_size_max": 4,
        "cost_low": None,
        "cost_high": None,
        "sessions": [
            {"title": "Atelier in situ 1", "phase": A, "offset_days": 20, "duration_days": 2},
            {"title": "Atelier in situ 2", "phase": P, "offset_days": 90, "duration_days": 1},
        ],
        "deliverables": ["Esquisse de plan-guide", "Feuille de route", "Manifeste ou charte"],
    },
    {
        "slug": "atelier-territoires-local",
        "name": "Atelier des territoires — Local",
        "order": 6,
        "summary": "À l’échelle intercommunale : trois ateliers in situ d’un à deux jours (diagnostic et enjeux, stratégie, "
        "feuille de route) séparés d’inter-ateliers, sur 10 à 15 mois.",
        "source": "DGALN, amenagement-durable.ecologie.gouv.fr (Ateliers locaux).",
        "typical_span_days": 365,
        "team_size_min": 3,
        "team_size_max": 8,
        "cost_low": None,
        "cost_high": None,
        "sessions": [
            {"title": "Atelier 1 — diagnostic et enjeux", "phase": A, "offset_days": 60, "duration_days": 2},
            {
                "title": "Atelier 2 — définition d’une stratégie",
                "phase": R,
                "offset_days": 180,
                "duration_days": 2,
            },
            {
                "title": "Atelier 3 — élaboration d’une feuille de route",
                "phase": P,
                "offset_days": 300,
                "duration_days": 2,
            },
        ],
        "deliverables": [
            "Note de cadrage",
            "Carnet de suivi",
            "Rapport final",
            "Feuille de route",
            "Plan guide",
        ],
    },
    {
        "slug": "atelier-territoires-multisite",
        "name": "Atelier des territoires — Multisite",
        "order": 7,
        "summary": "Une session nationale sur un thème, plusieurs sites pilotes comparés : ateliers par site et séminaires "
        "nationaux, sur environ 18 mois.",
        "source": "DGALN (Ateliers nationaux, AMI).",
        "typical_span_days": 540,
        "team_size_min": 4,
        "team_size_max": 10,
        "cost_low": None,
        "cost_high": None,
        "sessions": [
            {"title": "Séminaire national de lancement", "phase": A, "offset_days": 30, "duration_days": 2},
            {"title": "Atelier sur site 1", "phase": A, "offset_days": 90, "duration_days": 2},
            {"title": "Atelier sur site 2", "phase": R, "offset_days": 240, "duration_days": 2},
            {"title": "Atelier sur site 3", "phase": P, "offset_days": 390, "duration_days": 2},
            {
                "title": "Séminaire national de capitalisation",
                "phase": S,
                "offset_days": 510,
                "duration_days": 2,
            },
        ],
        "deliverables": ["Feuille de route par site", "Rapport de capitalisation comparée"],
    },
]
