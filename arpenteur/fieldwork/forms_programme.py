"""Forms of the on-site programme and of the methods catalogue (the shared ActivityForm and
MethodForm are reused, narrowed to one session or one residency)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .forms import DATE_WIDGET, TIME_WIDGET, ActivityForm, MethodForm
from .models import Activity, Method, SessionProgramme

COORDINATE_WIDGET = {"step": "any", "inputmode": "decimal"}


class ProgrammeActivityForm(ActivityForm):
    """One activity of a given session's programme. The session comes from the page, not from a
    field; the end time may be left empty when a method is chosen (its usual duration is used)."""

    class Meta(ActivityForm.Meta):
        fields = [f for f in ActivityForm.Meta.fields if f != "session"] + ["internal_notes"]
        widgets = {
            **ActivityForm.Meta.widgets,
            "latitude": forms.NumberInput(attrs=COORDINATE_WIDGET),
            "longitude": forms.NumberInput(attrs=COORDINATE_WIDGET),
            "internal_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, residency=session.residency, **kwargs)
        self.instance.session = session
        self.fields["lead"].label = _("Animée par (membre de l’équipe)")
        self.fields["end_time"].required = False
        self.fields["end_time"].help_text = _("Vide : la durée habituelle de la méthode choisie.")
        self.fields["day"].help_text = _("Du %(start)s au %(end)s.") % {
            "start": session.start_date.strftime("%d/%m/%Y"),
            "end": session.end_date.strftime("%d/%m/%Y"),
        }
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("day", session.start_date)

    def clean(self):
        data = super().clean()
        start, end, method = data.get("start_time"), data.get("end_time"), data.get("method")
        if start and not end and "end_time" not in self.errors:
            if method is None:
                self.add_error("end_time", _("Indiquez l’heure de fin (ou choisissez une méthode)."))
            else:
                finish = datetime.combine(datetime.min, start) + timedelta(minutes=method.duration_minutes)
                if finish.date() != datetime.min.date():
                    self.add_error("end_time", _("La durée de la méthode dépasse minuit : indiquez la fin."))
                else:
                    data["end_time"] = finish.time()
                    self.instance.end_time = finish.time()
        return data


class ActivityMoveForm(forms.Form):
    """Move an activity to another day and start time; its duration is kept."""

    day = forms.DateField(label=_("Nouveau jour"), widget=DATE_WIDGET)
    start_time = forms.TimeField(label=_("Nouvelle heure de début"), widget=TIME_WIDGET)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity = activity
        if not self.is_bound:
            self.initial.update(
                {"day": activity.day, "start_time": activity.start_time, "version": activity.version}
            )

    def clean(self):
        data = super().clean()
        day, start = data.get("day"), data.get("start_time")
        if not day or not start:
            return data
        activity = self.activity
        duration = datetime.combine(day, activity.end_time) - datetime.combine(day, activity.start_time)
        finish = datetime.combine(day, start) + duration
        if finish.date() != day:
            raise ValidationError(_("Déplacée à cette heure, l’activité finirait après minuit."))
        activity.day, activity.start_time, activity.end_time = day, start, finish.time()
        try:
            activity.clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(name if name in ("day", "start_time") else None, message)
        return data


class ProgrammePublicationForm(forms.ModelForm):
    """Opt-in of one session's programme; the residency-wide switch lives in FieldworkSettings."""

    all_sessions = forms.BooleanField(
        label=_("Publier aussi les programmes de tous les temps sur site de la résidence"), required=False
    )

    class Meta:
        model = SessionProgramme
        fields = ["is_public", "public_introduction"]
        widgets = {"public_introduction": forms.Textarea(attrs={"rows": 3})}


class ResidencyMethodForm(MethodForm):
    """A method of the catalogue. A new one belongs to the residency (visible only there); only
    platform staff edit the common catalogue."""

    class Meta(MethodForm.Meta):
        fields = [
            *MethodForm.Meta.fields[:7],
            "group_size_min",
            "group_size_max",
            *MethodForm.Meta.fields[7:],
        ]

    def __init__(self, *args, residency, **kwargs):
        super().__init__(*args, **kwargs)
        self.residency = residency

    def clean(self):
        data = super().clean()
        low, high = data.get("group_size_min"), data.get("group_size_max")
        if low is not None and high is not None and high < low:
            self.add_error("group_size_max", _("Le maximum doit être au moins égal au minimum."))
        return data

    def save(self, commit=True):
        method = self.instance
        if method.pk is None:
            method.residency = self.residency
            base = slugify(method.name)[:70] or "methode"
            slug, n = base, 1
            while Method.objects.filter(residency=self.residency, slug=slug).exists():
                n += 1
                slug = f"{base}-{n}"
            method.slug = slug
        return super().save(commit)
