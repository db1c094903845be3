"""French territories with their official codes and the COG vintage (year) they come from.

INSEE commune codes change every year (mergers into communes nouvelles, splits), so each row
carries `cog_year`, and a residency points at a row of a given vintage. Delegated and associated
communes and municipal arrondissements are kept, attached to their parent commune.
"""

from __future__ import annotations

import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _


def fold(text: str) -> str:
    """Lower-case, accent-free, punctuation-light form used to search names (« Saint-Étienne » → « saint etienne »)."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    for char in "-'’":
        ascii_text = ascii_text.replace(char, " ")
    return " ".join(ascii_text.split())


class Region(models.Model):
    code = models.CharField(_("code"), max_length=3)
    cog_year = models.PositiveSmallIntegerField(_("millésime du COG"))
    name = models.CharField(_("nom"), max_length=100)
    chef_lieu = models.CharField(_("chef-lieu (code INSEE)"), max_length=5, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    area_km2 = models.DecimalField(
        _("superficie (km²)"), max_digits=10, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        ordering = ["name", "cog_year"]
        constraints = [models.UniqueConstraint(fields=["code", "cog_year"], name="region_code_year")]

    def __str__(self) -> str:
        return self.name


class Departement(models.Model):
    code = models.CharField(_("code"), max_length=3)
    cog_year = models.PositiveSmallIntegerField(_("millésime du COG"))
    name = models.CharField(_("nom"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements")
    chef_lieu = models.CharField(_("chef-lieu (code INSEE)"), max_length=5, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    area_km2 = models.DecimalField(
        _("superficie (km²)"), max_digits=10, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code", "cog_year"]
        constraints = [models.UniqueConstraint(fields=["code", "cog_year"], name="departement_code_year")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Epci(models.Model):
    siren = models.CharField(_("SIREN"), max_length=9)
    cog_year = models.PositiveSmallIntegerField(_("millésime du COG"))
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(
        _("nature juridique"), max_length=10, blank=True, help_text=_("CC, CA, CU, METRO…")
    )
    funding_mode = models.CharField(_("mode de financement"), max_length=10, blank=True)
    population = models.PositiveIntegerField(_("population municipale"), null=True, blank=True)

    class Meta:
        verbose_name = _("EPCI")
        verbose_name_plural = _("EPCI")
        ordering = ["name", "cog_year"]
        constraints = [models.UniqueConstraint(fields=["siren", "cog_year"], name="epci_siren_year")]

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    class Kind(models.TextChoices):
        COMMUNE = "COM", _("Commune")
        DELEGATED = "COMD", _("Commune déléguée")
        ASSOCIATED = "COMA", _("Commune associée")
        ARRONDISSEMENT = "ARM", _("Arrondissement municipal")

    code = models.CharField(_("code INSEE"), max_length=5)
    cog_year = models.PositiveSmallIntegerField(_("millésime du COG"))
    kind = models.CharField(_("type"), max_length=4, choices=Kind.choices, default=Kind.COMMUNE)
    name = models.CharField(_("nom"), max_length=100)
    search_name = models.CharField(max_length=100, editable=False, db_index=True)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="communes")
    epci = models.ForeignKey(Epci, null=True, blank=True, on_delete=models.SET_NULL, related_name="communes")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text=_(
            "Commune nouvelle ou commune de rattachement, pour une commune déléguée, associée ou un arrondissement."
        ),
    )
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    postal_codes = models.CharField(_("codes postaux"), max_length=200, blank=True)
    population = models.PositiveIntegerField(_("population municipale"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("année de la population"), null=True, blank=True)
    area_km2 = models.DecimalField(
        _("superficie (km²)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    latitude = models.FloatField(_("latitude du centre"), null=True, blank=True)
    longitude = models.FloatField(_("longitude du centre"), null=True, blank=True)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name", "code", "cog_year"]
        constraints = [
            models.UniqueConstraint(fields=["code", "kind", "cog_year"], name="commune_code_kind_year")
        ]
        indexes = [models.Index(fields=["code", "cog_year"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.departement_code})"

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def departement_code(self) -> str:
        return self.code[:3] if self.code.startswith("97") else self.code[:2]

    @property
    def label(self) -> str:
        """« Péronne (80) — 80620 », as shown in pickers and lists."""
        return f"{self.name} ({self.departement_code}) — {self.code}"
