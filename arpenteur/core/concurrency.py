"""Optimistic locking: two people editing the same record never silently overwrite each other.

A versioned model has a `version` integer. Its edit form carries the version the user started
from; saving bumps it only if nobody saved in between. Otherwise the form gets a French error
naming the fields the other person changed, keeps everything the user typed, and takes the new
version so that a second, informed submit goes through.
"""

from __future__ import annotations

from django import forms
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _


class Versioned(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class VersionedFormMixin(forms.ModelForm):
    """ModelForm mixin for Versioned models: adds the hidden version and the conflict check."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def save_if_unchanged(self) -> bool:
        """Save when nobody else saved since the form was opened; return False on a conflict."""
        instance = self.instance
        if instance.pk is None:
            self.save()
            return True
        expected = self.cleaned_data.get("version") or instance.version
        model = type(instance)
        with transaction.atomic():
            bumped = model.objects.filter(pk=instance.pk, version=expected).update(version=F("version") + 1)
            if bumped:
                instance.version = expected + 1
                self.save()
                return True
        current = model.objects.get(pk=instance.pk)
        differing = [
            str(self.fields[name].label or name)
            for name in self.fields
            if name != "version"
            and name in self.cleaned_data
            and hasattr(current, name)
            and _comparable(getattr(current, name)) != _comparable(self.cleaned_data[name])
        ]
        message = _(
            "Quelqu’un d’autre a enregistré cette fiche pendant que vous la modifiiez. "
            "Vos saisies sont conservées ci-dessous : vérifiez-les puis enregistrez à nouveau pour les garder."
        )
        if differing:
            message += " " + _("La version enregistrée diffère de la vôtre pour : %(fields)s.") % {
                "fields": ", ".join(differing)
            }
        self.add_error(None, message)
        # The next submit is an informed one: it starts from the version now stored.
        data = self.data.copy()
        data[self.add_prefix("version")] = current.version
        self.data = data
        return False


def _comparable(value):
    if isinstance(value, models.Model):
        return value.pk
    # A many-to-many field: the stored side is a related manager, the typed side a queryset.
    if isinstance(value, models.Manager):
        value = value.all()
    if isinstance(value, models.QuerySet):
        return {item.pk for item in value}
    return value
