from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from arpenteur.accounts.models import Organisation
from arpenteur.core.concurrency import VersionedFormMixin
from arpenteur.residencies.forms import CommuneField
from arpenteur.residencies.models import FormatTemplate

from .models import Application, Call, CallQuestion, Edition, NewsPost, Programme, SelectionCriterion

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


RESERVED_SLUGS = {"nouveau"}


class ProgrammeForm(VersionedFormMixin, forms.ModelForm):
    website = forms.URLField(label=_lazy("Site web"), required=False, assume_scheme="https")

    class Meta:
        model = Programme
        fields = [
            "operator",
            "name",
            "slug",
            "summary",
            "aims",
            "territory_covered",
            "regions",
            "formats",
            "partners",
            "funding",
            "website",
            "is_published",
        ]
        widgets = {
            "aims": forms.Textarea(attrs={"rows": 5}),
            "partners": forms.Textarea(attrs={"rows": 4}),
            "formats": forms.CheckboxSelectMultiple,
            "regions": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.all()
        if not user.is_staff:
            organisations = organisations.filter(memberships__user=user)
        self.fields["operator"].queryset = organisations.order_by("name")
        self.fields["formats"].queryset = FormatTemplate.objects.all()
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Laissée vide, elle est tirée du nom.")
        from arpenteur.territories.models import Region

        latest = Region.objects.order_by("-cog_year").values_list("cog_year", flat=True).first()
        self.fields["regions"].queryset = Region.objects.filter(cog_year=latest).order_by("name")

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify(self.cleaned_data.get("name") or "")[:80]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("Cette adresse courte est réservée ; choisissez-en une autre."))
        if not slug:
            raise forms.ValidationError(_("Indiquez une adresse courte (lettres, chiffres et tirets)."))
        clash = Programme.objects.filter(slug=slug).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Cette adresse courte est déjà prise par un autre programme."))
        return slug


class EditionForm(forms.ModelForm):
    class Meta:
        model = Edition
        fields = ["year", "year_end", "title", "scheme", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class CallForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Call
        fields = [
            "title",
            "kind",
            "edition",
            "description",
            "eligibility",
            "allow_communes",
            "allow_epci",
            "opens_at",
            "closes_at",
            "is_published",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "eligibility": forms.Textarea(attrs={"rows": 3}),
            "opens_at": DATETIME_WIDGET,
            "closes_at": DATETIME_WIDGET,
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].queryset = programme.editions.all()
        self.fields["opens_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]
        self.fields["closes_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]

    def clean(self):
        data = super().clean()
        if not data.get("allow_communes") and not data.get("allow_epci"):
            self.add_error("allow_epci", _("Ouvrez l’appel aux communes, aux EPCI, ou aux deux."))
        return data


class QuestionForm(forms.ModelForm):
    class Meta:
        model = CallQuestion
        fields = ["position", "text", "help_text", "required"]


class CriterionForm(forms.ModelForm):
    class Meta:
        model = SelectionCriterion
        fields = ["position", "label", "description", "weight"]


class _CriteriaFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        total = sum(f.cleaned_data.get("weight") or 0 for f in kept)
        if kept and total != 100:
            raise forms.ValidationError(
                _("Les pondérations doivent totaliser 100 ; elles totalisent %(total)s.") % {"total": total}
            )


QuestionFormSet = forms.inlineformset_factory(Call, CallQuestion, form=QuestionForm, extra=2, can_delete=True)
CriterionFormSet = forms.inlineformset_factory(
    Call, SelectionCriterion, form=CriterionForm, formset=_CriteriaFormSet, extra=2, can_delete=True
)


class NewsPostForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = NewsPost
        fields = ["title", "lead", "body", "residency", "published_at", "is_published"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10}), "published_at": DATETIME_WIDGET}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        from arpenteur.residencies.models import Residency

        self.fields["residency"].queryset = Residency.objects.filter(portfolio_entry__programme=programme)
        self.fields["published_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


# --- Applications ----------------------------------------------------------------------------------


class ApplicationStartForm(forms.Form):
    applicant = forms.ModelChoiceField(
        label=_lazy("Collectivité candidate"),
        queryset=Organisation.objects.none(),
        help_text=_lazy("Une commune ou un EPCI dont vous êtes membre."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant"].queryset = organisations


class ApplicationForm(VersionedFormMixin, forms.ModelForm):
    """The application itself, with one field per question of the call (answers kept as JSON)."""

    commune = CommuneField(
        label=_lazy("Commune concernée"),
        help_text=_lazy("Tapez le nom ou le code INSEE (5 chiffres), puis choisissez dans la liste."),
    )

    class Meta:
        model = Application
        fields = ["project_title", "commune", "summary", "contact_name", "contact_email"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.questions = list(call.questions.all())
        if self.instance.pk and self.instance.commune_id and not self.is_bound:
            self.initial["commune"] = f"{self.instance.commune.name} ({self.instance.commune.code})"
        for question in self.questions:
            self.fields[f"q_{question.pk}"] = forms.CharField(
                label=question.text,
                help_text=question.help_text,
                required=False,  # a draft may be incomplete; completeness is checked on submit
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=(self.instance.answers or {}).get(str(question.pk), ""),
            )
        for name in ("project_title",):
            self.fields[name].required = True

    @property
    def question_fields(self):
        return [self[f"q_{q.pk}"] for q in self.questions]

    @property
    def main_fields(self):
        return [
            self[name] for name in ("project_title", "commune", "summary", "contact_name", "contact_email")
        ]

    def save(self, commit=True):
        application = super().save(commit=False)
        application.answers = {str(q.pk): self.cleaned_data.get(f"q_{q.pk}", "") for q in self.questions}
        if commit:
            application.save()
        return application

    def missing_for_submission(self) -> list[str]:
        """Labels of what a submission still lacks (required answers, contact, summary)."""
        missing = []
        data = self.cleaned_data
        for name, label in (
            ("summary", _("le projet en quelques lignes")),
            ("contact_name", _("la personne à contacter")),
            ("contact_email", _("le courriel de contact")),
        ):
            if not (data.get(name) or "").strip():
                missing.append(str(label))
        for question in self.questions:
            if question.required and not (data.get(f"q_{question.pk}") or "").strip():
                missing.append(f"« {question.text} »")
        return missing


ALLOWED_ATTACHMENTS = {
    # extension: (label, magic prefixes) — the content must start like the type it claims.
    "pdf": ("PDF", (b"%PDF",)),
    "odt": ("OpenDocument", (b"PK\x03\x04",)),
    "ods": ("OpenDocument", (b"PK\x03\x04",)),
    "docx": ("Word", (b"PK\x03\x04",)),
    "xlsx": ("Excel", (b"PK\x03\x04",)),
    "jpg": ("JPEG", (b"\xff\xd8\xff",)),
    "jpeg": ("JPEG", (b"\xff\xd8\xff",)),
    "png": ("PNG", (b"\x89PNG\r\n\x1a\n",)),
}


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_lazy("Pièce jointe"))
    description = forms.CharField(label=_lazy("Description"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, OpenDocument, Word, Excel, JPEG ou PNG ; %(mb)s Mo au plus."
        ) % {"mb": settings.PROGRAMMES_ATTACHMENT_MAX_MB}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name or ""
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension not in ALLOWED_ATTACHMENTS:
            raise forms.ValidationError(
                _(
                    "Le type de « %(name)s » n’est pas accepté : envoyez un PDF, un document OpenDocument, "
                    "Word ou Excel, ou une image JPEG ou PNG."
                )
                % {"name": name}
            )
        limit = settings.PROGRAMMES_ATTACHMENT_MAX_MB * 1024 * 1024
        if upload.size > limit:
            raise forms.ValidationError(
                _("« %(name)s » pèse %(size)s Mo : la limite est de %(mb)s Mo.")
                % {
                    "name": name,
                    "size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ","),
                    "mb": settings.PROGRAMMES_ATTACHMENT_MAX_MB,
                }
            )
        head = upload.read(16)
        upload.seek(0)
        if not head.startswith(ALLOWED_ATTACHMENTS[extension][1]):
            raise forms.ValidationError(
                _("« %(name)s » ne ressemble pas à un fichier %(kind)s : vérifiez le fichier envoyé.")
                % {"name": name, "kind": ALLOWED_ATTACHMENTS[extension][0]}
            )
        return upload


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_lazy("Motif (communiqué à la collectivité)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class PortfolioFilterForm(forms.Form):
    q = forms.CharField(label=_lazy("Commune ou titre"), required=False)
    format = forms.ChoiceField(label=_lazy("Format"), required=False)
    phase = forms.ChoiceField(label=_lazy("Phase en cours"), required=False)
    edition = forms.ChoiceField(label=_lazy("Édition"), required=False)
    departement = forms.ChoiceField(label=_lazy("Département"), required=False)

    def __init__(self, *args, formats, editions, departements, **kwargs):
        super().__init__(*args, **kwargs)
        from arpenteur.residencies.models import PhaseKind

        everything = [("", _("Tous"))]
        self.fields["format"].choices = everything + [(f, f) for f in formats]
        self.fields["phase"].choices = [("", _("Toutes")), *PhaseKind.choices]
        self.fields["edition"].choices = [("", _("Toutes"))] + [(str(pk), label) for pk, label in editions]
        self.fields["departement"].choices = everything + departements


class SelectionForm(forms.Form):
    """The operator's decision to select an application: the residency to create."""

    format = forms.ModelChoiceField(
        label=_lazy("Format de la résidence"), queryset=FormatTemplate.objects.none(), required=False
    )
    start_date = forms.DateField(label=_lazy("Début"), widget=DATE_WIDGET)
    end_date = forms.DateField(label=_lazy("Fin"), widget=DATE_WIDGET)
    budget = forms.DecimalField(
        label=_lazy("Budget alloué par le programme (€ TTC)"),
        max_digits=10,
        decimal_places=0,
        min_value=0,
        required=False,
    )
    edition = forms.ModelChoiceField(label=_lazy("Édition"), queryset=Edition.objects.none(), required=False)
    note = forms.CharField(
        label=_lazy("Motif (communiqué à la collectivité)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        offered = programme.formats.all()
        self.fields["format"].queryset = offered if offered.exists() else FormatTemplate.objects.all()
        self.fields["edition"].queryset = programme.editions.all()

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("La fin de la résidence doit suivre son début."))
        return data
