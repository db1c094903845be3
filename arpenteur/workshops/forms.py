from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arpenteur.core.concurrency import VersionedFormMixin

from .models import PrioritisationSession


class SessionForm(VersionedFormMixin, forms.ModelForm):
    """A prioritisation session and the enjeux put to the vote."""

    enjeux = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Enjeux du diagnostic soumis au vote"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_items = forms.CharField(
        label=gettext_lazy("Autres enjeux à soumettre (un par ligne)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Pour un enjeu formulé en séance et pas encore au diagnostic."),
    )

    class Meta:
        model = PrioritisationSession
        fields = [
            "title",
            "held_on",
            "place",
            "instructions",
            "dots_per_participant",
            "max_dots_per_item",
            "with_scores",
        ]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "instructions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, enjeux=None, items_locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.items_locked = items_locked
        if enjeux is None:
            del self.fields["enjeux"]
        else:
            self.fields["enjeux"].queryset = enjeux
            self.fields["enjeux"].label_from_instance = lambda enjeu: enjeu.title
        if items_locked:
            for name in ("enjeux", "other_items"):
                self.fields.pop(name, None)

    def clean(self):
        data = super().clean()
        if self.items_locked:
            return data
        chosen = list(data.get("enjeux") or [])
        others = [line.strip() for line in (data.get("other_items") or "").splitlines() if line.strip()]
        if not chosen and not others:
            raise forms.ValidationError(_("Choisissez au moins un enjeu à soumettre au vote."))
        dots, per_item = data.get("dots_per_participant"), data.get("max_dots_per_item")
        if dots and per_item and per_item > dots:
            self.add_error(
                "max_dots_per_item",
                _("Le plafond par enjeu ne peut pas dépasser le nombre de gommettes par participant."),
            )
        data["item_specs"] = [(enjeu.title, enjeu) for enjeu in chosen] + [(label, None) for label in others]
        return data


class BallotForm(forms.Form):
    """One ballot: dots per item (0 to the cap) and, if the session has them, a 1–5 score per item.

    Used by phones and by the team typing paper ballots in; the total is checked here so that the
    participant sees a clear message and keeps what they typed."""

    SCORE_CHOICES = [("", gettext_lazy("Sans avis"))] + [(str(i), str(i)) for i in range(1, 6)]

    def __init__(self, *args, session, items, with_label=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.items = list(items)
        if with_label:
            self.fields["label"] = forms.CharField(
                label=_("Repère du bulletin"),
                max_length=80,
                required=False,
                help_text=_("Un numéro inscrit sur le bulletin papier, jamais un nom."),
            )
        for item in self.items:
            self.fields[f"dots_{item.pk}"] = forms.IntegerField(
                label=_("Gommettes sur « %(label)s »") % {"label": item.label},
                min_value=0,
                max_value=session.max_dots_per_item,
                initial=0,
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "dots-input"}),
            )
            if session.with_scores:
                self.fields[f"score_{item.pk}"] = forms.TypedChoiceField(
                    label=_("Note de « %(label)s »") % {"label": item.label},
                    choices=self.SCORE_CHOICES,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect,
                )

    def rows(self):
        """(item, dots field, score field or None), for the template."""
        for item in self.items:
            yield (
                item,
                self[f"dots_{item.pk}"],
                self[f"score_{item.pk}"] if self.session.with_scores else None,
            )

    def clean(self):
        data = super().clean()
        total = sum(data.get(f"dots_{item.pk}") or 0 for item in self.items)
        if total > self.session.dots_per_participant:
            raise forms.ValidationError(
                _("Vous avez posé %(total)d gommettes, pour %(max)d disponibles : retirez-en %(extra)d.")
                % {
                    "total": total,
                    "max": self.session.dots_per_participant,
                    "extra": total - self.session.dots_per_participant,
                }
            )
        return data

    @property
    def allocations(self) -> dict[int, int]:
        return {item.pk: self.cleaned_data.get(f"dots_{item.pk}") or 0 for item in self.items}

    @property
    def scores(self) -> dict[int, int]:
        if not self.session.with_scores:
            return {}
        return {
            item.pk: value
            for item in self.items
            if (value := self.cleaned_data.get(f"score_{item.pk}")) is not None
        }

    @classmethod
    def initial_for(cls, participant) -> dict:
        initial = {f"dots_{line.item_id}": line.dots for line in participant.dots.all()}
        initial.update({f"score_{score.item_id}": str(score.value) for score in participant.scores.all()})
        if participant.label:
            initial["label"] = participant.label
        return initial
