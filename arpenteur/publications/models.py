"""What a residency gives back: its publication record (opt-in of both the commissioner and the
coordinator, licence chosen at the start), the plan of its cahier de synthèse (sections, chosen
quotes and photos, connecting text) and its deliverables (versioned files built in the background).

Material from the field is referenced by id, not by foreign key: the publishable queryset of the
fieldwork app is the only gate through which it is read, so an id that stops being publishable
(consent withdrawn, material made private) simply drops out of every public output.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from arpenteur.core.concurrency import Versioned


class Licence(models.TextChoices):
    CC_BY = "CC-BY-4.0", _("Creative Commons Attribution 4.0 (CC BY)")
    CC_BY_SA = (
        "CC-BY-SA-4.0",
        _("Creative Commons Attribution – Partage dans les mêmes conditions 4.0 (CC BY-SA)"),
    )
    LO_2 = "etalab-2.0", _("Licence Ouverte / Open Licence 2.0 (Etalab)")


LICENCE_DETAILS = {
    Licence.CC_BY: {
        "short": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/deed.fr",
        "spdx": "CC-BY-4.0",
    },
    Licence.CC_BY_SA: {
        "short": "CC BY-SA 4.0",
        "url": "https://creativecommons.org/licenses/by-sa/4.0/deed.fr",
        "spdx": "CC-BY-SA-4.0",
    },
    Licence.LO_2: {
        "short": "Licence Ouverte 2.0",
        "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        "spdx": "etalab-2.0",
    },
}


def licence_details(code: str) -> dict:
    return {"code": code, "title": str(Licence(code).label), **LICENCE_DETAILS[Licence(code)]}


class PublicationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(commissioner_opt_in_at__isnull=False, coordinator_opt_in_at__isnull=False).exclude(
            published_at=None
        )


class Publication(Versioned):
    """The decision to publish a residency. Published only when the commissioner AND the
    coordinator have both opted in; either of them withdrawing unpublishes it."""

    residency = models.OneToOneField(
        "residencies.Residency", on_delete=models.CASCADE, related_name="publication"
    )
    licence = models.CharField(
        _("licence"),
        max_length=20,
        choices=Licence.choices,
        default=Licence.CC_BY_SA,
        help_text=_(
            "Choisie au début de la résidence, elle s’applique au cahier, aux affiches, à la page publique "
            "et aux données ouvertes. Elle ne change plus une fois la résidence publiée."
        ),
    )
    summary = models.TextField(
        _("présentation publique"),
        blank=True,
        help_text=_("Quelques phrases en tête de la page publique. Elles seront publiées telles quelles."),
    )
    commissioner_opt_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    commissioner_opt_in_at = models.DateTimeField(null=True, blank=True)
    coordinator_opt_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    coordinator_opt_in_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at", "pk"]

    def __str__(self) -> str:
        return f"Publication — {self.residency}"

    @property
    def is_published(self) -> bool:
        return bool(self.commissioner_opt_in_at and self.coordinator_opt_in_at and self.published_at)

    @property
    def licence_info(self) -> dict:
        return licence_details(self.licence)


class CahierSection(Versioned):
    """One section of the cahier de synthèse: included or not, its rank, and the team's connecting
    text (published as written)."""

    class Key(models.TextChoices):
        DISPOSITIF = "dispositif", _("Le dispositif")
        PORTRAIT = "portrait", _("Portrait du territoire")
        COMMANDE = "commande", _("La commande")
        DEROULE = "deroule", _("Le déroulé de la résidence")
        VU_ENTENDU = "vu_entendu", _("Ce que nous avons vu et entendu")
        DIAGNOSTIC = "diagnostic", _("Le diagnostic partagé")
        VISION = "vision", _("La vision stratégique")
        FEUILLE_DE_ROUTE = "feuille_de_route", _("La feuille de route")
        SUITES = "suites", _("Les suites proposées")
        ANNEXES = "annexes", _("Annexes")

    residency = models.ForeignKey(
        "residencies.Residency", on_delete=models.CASCADE, related_name="cahier_sections"
    )
    key = models.CharField(_("section"), max_length=20, choices=Key.choices)
    included = models.BooleanField(_("dans le cahier"), default=True)
    position = models.PositiveSmallIntegerField(_("rang"), default=0)
    text = models.TextField(
        _("texte de liaison"),
        blank=True,
        help_text=_("Écrit par l’équipe, publié tel quel en tête de la section."),
    )

    class Meta:
        verbose_name = _("section du cahier")
        verbose_name_plural = _("sections du cahier")
        ordering = ["residency", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["residency", "key"], name="one_cahier_section_per_key")
        ]

    def __str__(self) -> str:
        return self.get_key_display()


class CahierItem(models.Model):
    """A quote or a photo the team chose for « Ce que nous avons vu et entendu », in its order."""

    class Kind(models.TextChoices):
        QUOTE = "citation", _("Citation")
        PHOTO = "photo", _("Photo")

    residency = models.ForeignKey(
        "residencies.Residency", on_delete=models.CASCADE, related_name="cahier_items"
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    material_id = models.PositiveIntegerField(_("matériau"))
    position = models.PositiveSmallIntegerField(_("rang"), default=0)
    caption = models.CharField(
        _("légende ou texte de liaison"), max_length=500, blank=True, help_text=_("Publié tel quel.")
    )

    class Meta:
        verbose_name = _("élément choisi du cahier")
        verbose_name_plural = _("éléments choisis du cahier")
        ordering = ["residency", "kind", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["residency", "material_id"], name="one_cahier_item_per_material")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.material_id}"


def deliverable_upload_to(instance: Deliverable, filename: str) -> str:
    # The stored name never carries a user-supplied file name.
    ext = {"pdf": "pdf", "odt": "odt"}[instance.fmt]
    return f"livrables/{instance.residency_id}/{instance.kind}-{instance.paper.lower()}-v{instance.version}.{ext}"


class Deliverable(models.Model):
    """A built document. Every build is a new version; earlier versions stay downloadable."""

    class Kind(models.TextChoices):
        CAHIER = "cahier", _("Cahier de synthèse")
        POSTERS = "affiches", _("Affiches d’exposition")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        ODT = "odt", _("ODT (texte modifiable)")

    class Paper(models.TextChoices):
        A4 = "A4", "A4"
        A1 = "A1", "A1"
        A0 = "A0", "A0"

    class Status(models.TextChoices):
        QUEUED = "en_attente", _("En attente")
        RUNNING = "en_cours", _("En cours")
        READY = "pret", _("Prêt")
        FAILED = "echec", _("Échec")

    residency = models.ForeignKey(
        "residencies.Residency", on_delete=models.CASCADE, related_name="deliverables"
    )
    kind = models.CharField(_("livrable"), max_length=12, choices=Kind.choices)
    fmt = models.CharField(_("format"), max_length=4, choices=Format.choices, default=Format.PDF)
    paper = models.CharField(_("papier"), max_length=2, choices=Paper.choices, default=Paper.A4)
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(_("état"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    step = models.CharField(_("étape"), max_length=120, blank=True)
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices)
    file = models.FileField(_("fichier"), upload_to=deliverable_upload_to, blank=True)
    size_bytes = models.PositiveIntegerField(null=True, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("livrable")
        verbose_name_plural = _("livrables")
        ordering = ["residency", "kind", "fmt", "paper", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["residency", "kind", "fmt", "paper", "version"], name="one_deliverable_version"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="deliverable_progress_percent"),
        ]
        indexes = [models.Index(fields=["residency", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.paper} {self.fmt.upper()} v{self.version}"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY and bool(self.file)

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def download_name(self) -> str:
        commune = self.residency.commune.name
        ext = self.fmt
        label = "cahier-de-synthese" if self.kind == self.Kind.CAHIER else f"affiches-{self.paper.lower()}"
        return f"{label}-{commune}-v{self.version}.{ext}".replace(" ", "-")
