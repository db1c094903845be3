from django import forms
from django.utils.translation import gettext_lazy as _

MAX_IMPORT_BYTES = 40 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV ou JSON"),
        help_text=_(
            "Colonnes des exports de la bibliothèque (identifiant, nature, titre, structure, type, "
            "thematiques…). CSV séparé par des points-virgules ou des virgules, en UTF-8."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Simuler seulement (rien n'est enregistré, le rapport dit ce qui serait fait)"),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".json", ".txt")):
            raise forms.ValidationError(_("Le fichier doit être un .csv ou un .json."))
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("Le fichier dépasse 40 Mo : découpez-le ou utilisez la commande import_library.")
            )
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("Le fichier n'est ni en UTF-8 ni en Windows-1252.")) from None
        self.cleaned_data["fmt"] = "json" if name.endswith(".json") else "csv"
        self.cleaned_data["text"] = text
        return upload
