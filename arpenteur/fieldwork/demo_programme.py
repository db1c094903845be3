"""Demo data of the programme: the on-site sessions of the Péronne residency, slot by slot, in the
manner of the Hauts-de-France residencies (a preparatory visit, two days of walks, street
interviews and meetings, a provisional restitution on day 3, the final one weeks later).

Positions are approximate points of Péronne's centre (hôtel de ville, remparts, étangs). The
immersion's programme is published for inhabitants, so the public page has something to show.
Idempotent: a session that already has activities is left as it is.
"""

from __future__ import annotations

from datetime import date, time

from .models import Activity, Method, SessionProgramme

HOTEL_DE_VILLE = (49.9319, 2.9336)
MARCHE = (49.9318, 2.9327)
HISTORIAL = (49.9303, 2.9339)
PORTE_DE_BRETAGNE = (49.9290, 2.9305)
GARE_ROUTIERE = (49.9343, 2.9362)
FAUBOURG = (49.9262, 2.9347)
SALLE_DES_FETES = (49.9333, 2.9352)

# The balade's route: hôtel de ville → remparts → Porte de Bretagne → étangs (GeoJSON: lon, lat).
BALADE_ROUTE = {
    "type": "LineString",
    "coordinates": [
        [2.9336, 49.9319],
        [2.9325, 49.9305],
        [2.9310, 49.9296],
        [2.9305, 49.9290],
        [2.9285, 49.9282],
    ],
}

# session title → [(day, start, end, method slug, title, place, position, lead persona, lead label,
#                   audience, expected, public, description, internal notes)]
PROGRAMMES = {
    "Visite préparatoire avec le maire": [
        (
            date(2026, 9, 22),
            time(10, 0),
            time(12, 0),
            "entretiens-acteurs",
            "Rencontre avec le maire et les services",
            "Hôtel de ville, salle du conseil",
            HOTEL_DE_VILLE,
            "coordinator",
            "",
            "Maire, directrice générale des services, service urbanisme",
            6,
            False,
            "Préciser la question posée, les attentes et le calendrier ; recueillir les documents existants.",
            "Demander les plans du PLU et l’étude de revitalisation de 2019.",
        ),
        (
            date(2026, 9, 22),
            time(14, 0),
            time(16, 30),
            "balade-urbaine",
            "Visite de site avec les élus",
            "Départ devant l’hôtel de ville",
            HOTEL_DE_VILLE,
            "commissioner",
            "Le maire et l’équipe",
            "Élus du conseil municipal",
            10,
            False,
            "Les élus présentent les lieux qui comptent pour eux : remparts, étangs, centre commerçant.",
            "",
        ),
    ],
    "Immersion : balades, micro-trottoirs, entretiens": [
        (
            date(2026, 10, 13),
            time(9, 0),
            time(9, 30),
            None,
            "Accueil de l’équipe en mairie",
            "Hôtel de ville",
            HOTEL_DE_VILLE,
            "commissioner",
            "",
            "",
            None,
            False,
            "",
            "Clés de la salle des fêtes à récupérer à l’accueil.",
        ),
        (
            date(2026, 10, 13),
            time(9, 30),
            time(12, 30),
            "balade-urbaine",
            "Balade urbaine avec les élus : des remparts aux étangs",
            "Départ : parvis de l’hôtel de ville",
            HOTEL_DE_VILLE,
            "coordinator",
            "Le maire et l’équipe",
            "Élus, services techniques",
            15,
            True,
            "Un parcours à pied par les remparts et la Porte de Bretagne jusqu’aux étangs ; arrêts commentés.",
            "",
        ),
        (
            date(2026, 10, 13),
            time(12, 30),
            time(14, 0),
            None,
            "Déjeuner",
            "Restaurant de la place",
            MARCHE,
            None,
            "",
            "",
            None,
            False,
            "",
            "",
        ),
        (
            date(2026, 10, 13),
            time(14, 0),
            time(16, 0),
            "micro-trottoir",
            "Micro-trottoir au marché",
            "Place du Marché-l’Herbe",
            MARCHE,
            "team_member",
            "L’équipe",
            "Passants, commerçants du marché",
            40,
            True,
            "Trois questions courtes : où vous arrêtez-vous en ville ? Qu’est-ce qui vous manque ? "
            "Un lieu que vous aimez ?",
            "Prévoir le panneau « l’équipe de la résidence vous écoute ».",
        ),
        (
            date(2026, 10, 13),
            time(16, 30),
            time(18, 0),
            "entretiens-acteurs",
            "Entretiens avec les commerçants du centre-ville",
            "Rue Saint-Fursy",
            MARCHE,
            "team_member",
            "",
            "Union commerciale, trois commerçants",
            4,
            False,
            "",
            "Entretiens enregistrés seulement avec accord écrit.",
        ),
        (
            date(2026, 10, 13),
            time(18, 30),
            time(20, 30),
            "carte-sensible",
            "Café-carte : dessinez votre Péronne",
            "Salle des fêtes",
            SALLE_DES_FETES,
            "coordinator",
            "L’équipe de la résidence",
            "Tous les habitants, en famille",
            30,
            True,
            "Autour d’un café, chacun dessine ses trajets, ses lieux aimés et ceux qu’il évite.",
            "",
        ),
        (
            date(2026, 10, 14),
            time(8, 0),
            time(9, 30),
            "observation-usagers",
            "Observation des usages à la gare routière",
            "Gare routière",
            GARE_ROUTIERE,
            "team_member",
            "",
            "",
            None,
            False,
            "Comptage des trajets des collégiens entre la gare et le centre.",
            "",
        ),
        (
            date(2026, 10, 14),
            time(10, 0),
            time(12, 0),
            "marche-sensible",
            "Marche sensible le long des étangs",
            "Rendez-vous à la Porte de Bretagne",
            PORTE_DE_BRETAGNE,
            "team_member",
            "L’équipe et l’association des riverains des étangs",
            "Habitants, promeneurs",
            20,
            True,
            "Écouter, regarder, sentir : ce que l’on perçoit du centre-ville depuis l’eau.",
            "",
        ),
        (
            date(2026, 10, 14),
            time(12, 0),
            time(13, 30),
            None,
            "Déjeuner partagé",
            "Historial, salle pédagogique",
            HISTORIAL,
            None,
            "",
            "",
            None,
            False,
            "",
            "",
        ),
        (
            date(2026, 10, 14),
            time(14, 0),
            time(16, 0),
            "atelier-enfants",
            "Atelier « ma ville rêvée » avec une classe de CM2",
            "École Jean-Macé",
            HOTEL_DE_VILLE,
            "team_member",
            "",
            "Une classe de CM2 et son enseignante",
            25,
            False,
            "",
            "Autorisations parentales pour les photos : voir avec la directrice.",
        ),
        (
            date(2026, 10, 14),
            time(16, 30),
            time(18, 30),
            "porteur-de-parole",
            "Porteur de parole au faubourg de Paris",
            "Carrefour du faubourg de Paris",
            FAUBOURG,
            "coordinator",
            "L’équipe",
            "Habitants du faubourg, passants",
            30,
            True,
            "Une question affichée en grand : « Qu’est-ce qui vous relie au centre-ville ? »",
            "",
        ),
        (
            date(2026, 10, 14),
            time(19, 0),
            time(21, 0),
            None,
            "Séance de travail de l’équipe",
            "Gîte de l’équipe",
            None,
            "coordinator",
            "",
            "",
            None,
            False,
            "",
            "Trier les saisies, préparer les trois planches de la restitution provisoire.",
        ),
    ],
    "Restitution provisoire": [
        (
            date(2026, 10, 15),
            time(17, 0),
            time(18, 30),
            "vote-par-gommettes",
            "Restitution provisoire : ce que nous avons vu et entendu",
            "Salle des fêtes",
            SALLE_DES_FETES,
            "coordinator",
            "L’équipe de la résidence",
            "Habitants, élus, commerçants",
            60,
            True,
            "Trois planches d’étonnements ; chacun pointe par des gommettes ce qui lui paraît prioritaire.",
            "",
        ),
        (
            date(2026, 10, 15),
            time(18, 30),
            time(19, 45),
            "world-cafe",
            "World café : faire repère, faire liaison",
            "Salle des fêtes",
            SALLE_DES_FETES,
            "team_member",
            "L’équipe",
            "Tous les participants",
            40,
            True,
            "Quatre tables, trois tours de vingt minutes, une restitution commune.",
            "",
        ),
    ],
    "Restitution finale": [
        (
            date(2026, 12, 8),
            time(18, 0),
            time(20, 0),
            "vote-par-gommettes",
            "Restitution finale et présentation de la feuille de route",
            "Historial de la Grande Guerre",
            HISTORIAL,
            "coordinator",
            "Le maire et l’équipe de la résidence",
            "Habitants, élus, partenaires",
            80,
            True,
            "Présentation du cahier de synthèse et des premières actions ; échanges avec la salle.",
            "",
        ),
    ],
}

PUBLIC_INTRODUCTION = (
    "Pendant deux jours, l’équipe de la résidence arpente Péronne avec vous. Les rendez-vous ouverts "
    "ci-dessous sont libres et gratuits : venez comme vous êtes, même une demi-heure."
)


def load(context: dict, stdout=None) -> None:
    residency = context.get("residency")
    if residency is None:
        return
    users = context.get("users", {})
    methods = {m.slug: m for m in Method.objects.filter(residency__isnull=True)}
    created = 0
    for session in residency.sessions.all().order_by("start_date", "pk"):
        rows = PROGRAMMES.get(session.title)
        if not rows or session.activities.exists():
            continue
        for (
            day,
            start,
            end,
            slug,
            title,
            place,
            position,
            lead,
            lead_label,
            audience,
            expected,
            is_public,
            description,
            notes,
        ) in rows:
            Activity.objects.create(
                session=session,
                method=methods.get(slug) if slug else None,
                title=title,
                day=day,
                start_time=start,
                end_time=end,
                place=place,
                latitude=position[0] if position else None,
                longitude=position[1] if position else None,
                route=BALADE_ROUTE if slug == "balade-urbaine" and day.month == 10 else None,
                lead=users.get(lead) if lead else None,
                lead_label=lead_label,
                audience=audience,
                expected_participants=expected,
                is_public=is_public,
                description=description,
                internal_notes=notes,
            )
            created += 1
        if session.title.startswith("Immersion"):
            SessionProgramme.objects.update_or_create(
                session=session, defaults={"is_public": True, "public_introduction": PUBLIC_INTRODUCTION}
            )
    if stdout and created:
        stdout.write(f"Programme des temps sur site : {created} activités")
