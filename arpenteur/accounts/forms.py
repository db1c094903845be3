from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from . import throttle
from .models import Organisation, OrganisationMembership


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Adresse électronique"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "Adresse électronique ou mot de passe incorrect. Après plusieurs essais infructueux, la "
            "connexion est suspendue quelques minutes."
        ),
        "inactive": _("Ce compte est désactivé."),
        "locked": _(
            "Connexion suspendue : trop de tentatives ont échoué pour cette adresse. Réessayez dans "
            "%(minutes)s minutes, ou choisissez un nouveau mot de passe avec « Mot de passe oublié ? »."
        ),
    }

    def clean(self):
        email = self.cleaned_data.get("username") or ""
        ip = throttle.client_ip(self.request)
        if email and throttle.is_locked(email, ip):
            raise forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": settings.LOGIN_LOCKOUT_MINUTES},
            )
        try:
            data = super().clean()
        except forms.ValidationError:
            if email:
                throttle.record_failure(email, ip)
                if throttle.is_locked(email, ip):
                    raise forms.ValidationError(
                        self.error_messages["locked"],
                        code="locked",
                        params={"minutes": settings.LOGIN_LOCKOUT_MINUTES},
                    ) from None
            raise
        throttle.record_success(email, ip)
        return data


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Adresse électronique de la personne invitée"))
    role = forms.ChoiceField(label=_("Rôle"), choices=OrganisationMembership.Role.choices)


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Nom complet"), max_length=150)
    password1 = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Au moins 10 caractères, pas uniquement des chiffres, pas un mot de passe courant."),
    )
    password2 = forms.CharField(
        label=_("Confirmation du mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Les deux mots de passe ne sont pas identiques."))
        if first:
            from .models import User

            try:
                password_validation.validate_password(
                    first, User(email=self.email, full_name=data.get("full_name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class OrganisationForm(forms.ModelForm):
    siren = forms.CharField(
        label=_("SIREN"),
        required=False,
        validators=[RegexValidator(r"^\d{9}$", _("Le SIREN compte exactement 9 chiffres."))],
        help_text=_("9 chiffres, facultatif."),
    )
    website = forms.URLField(label=_("Site web"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "kind", "siren", "website"]
