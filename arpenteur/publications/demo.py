"""Demo: Péronne is published (both opt-ins, CC BY-SA chosen at the start), its cahier has the
team's connecting text, and a first cahier is queued — built by the worker of `make run`, not
during seed_demo."""

from __future__ import annotations

from arpenteur.residencies.models import Residency

from .models import CahierSection, Deliverable, Licence
from .services import ensure_cahier_sections, get_publication, request_deliverable, set_publication_opt_in

SUMMARY = (
    "Pendant trois mois, le Collectif Lisière a arpenté Péronne avec ses habitants, ses élus et ses "
    "commerçants : balades, micro-trottoirs au marché, entretiens. Voici ce que nous avons vu et entendu, "
    "le diagnostic que nous avons partagé et la feuille de route qui en est née."
)

TEXTS = {
    CahierSection.Key.DISPOSITIF: (
        "La Région Hauts-de-France accompagne des communes qui veulent regarder autrement leur centre : "
        "une équipe pluridisciplinaire s’installe quelques jours sur place, écoute, observe, puis restitue."
    ),
    CahierSection.Key.PORTRAIT: (
        "Péronne, ville fortifiée de la haute Somme, tient entre ses remparts, ses étangs et la voie ferrée ; "
        "ses quartiers se tournent parfois le dos."
    ),
    CahierSection.Key.COMMANDE: "La municipalité nous a posé une question simple en apparence : où sont les repères ?",
    CahierSection.Key.DEROULE: "Deux jours d’immersion en octobre, une restitution provisoire, puis huit semaines de travail.",
    CahierSection.Key.VU_ENTENDU: (
        "Les mots des habitants disent mieux que nous la ville vécue : nous en avons gardé quelques-uns, "
        "avec l’accord de celles et ceux qui les ont prononcés."
    ),
    CahierSection.Key.DIAGNOSTIC: "Forces, faiblesses, opportunités et menaces, partagées avec les élus le 15 octobre.",
    CahierSection.Key.SUITES: (
        "La commune pourra inscrire les premières actions dans sa convention Petites villes de demain ; "
        "un retour sur résidence est prévu dans un an."
    ),
}


def load(context: dict, stdout=None) -> None:
    residency = (
        context.get("residency") or Residency.objects.filter(is_demo=True, commune__code="80620").first()
    )
    if residency is None:
        return
    users = context.get("users", {})
    publication = get_publication(residency)
    if not publication.summary:
        publication.summary = SUMMARY
        publication.licence = Licence.CC_BY_SA
        publication.save(update_fields=["summary", "licence"])
    for section in ensure_cahier_sections(residency):
        if not section.text and section.key in TEXTS:
            section.text = TEXTS[section.key]
            section.save(update_fields=["text"])
    if not publication.is_published and users.get("commissioner") and users.get("coordinator"):
        set_publication_opt_in(residency=residency, user=users["commissioner"], opt_in=True)
        set_publication_opt_in(residency=residency, user=users["coordinator"], opt_in=True)
    if not Deliverable.objects.filter(residency=residency, kind=Deliverable.Kind.CAHIER).exists():
        # Queued, built after the commit by the worker that `make run` starts.
        request_deliverable(residency=residency, kind=Deliverable.Kind.CAHIER, user=users.get("coordinator"))
    if stdout:
        stdout.write("Publications : Péronne publiée, cahier de synthèse en file d’attente.")
