from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from arpenteur.core.access import custom_rule, public, signed_in

from .forms import AcceptInvitationForm, EmailAuthenticationForm, InvitationForm, OrganisationForm
from .models import Invitation, Organisation, User
from .services import InvitationError, accept_invitation, create_organisation, invite_to_organisation

login_view = public(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html",
        authentication_form=EmailAuthenticationForm,
        redirect_authenticated_user=True,
    )
)
logout_view = public(auth_views.LogoutView.as_view())
password_reset = public(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        email_template_name="accounts/email/password_reset.txt",
        subject_template_name="accounts/email/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password_reset_done"),
    )
)
password_reset_done = public(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = public(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("accounts:password_reset_complete"),
    )
)
password_reset_complete = public(
    auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
)


@signed_in
def organisation_list(request):
    if request.user.is_staff:
        organisations = Organisation.objects.all()
    else:
        organisations = Organisation.objects.filter(memberships__user=request.user)
    return render(
        request,
        "accounts/organisation_list.html",
        {"organisations": organisations.order_by("name", "pk"), "nav_section": "organisations"},
    )


@signed_in
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = create_organisation(
            creator=request.user, **{k: form.cleaned_data[k] for k in ("name", "kind", "siren")}
        )
        messages.success(request, _("Organisation créée ; vous en êtes administrateur."))
        return redirect("accounts:organisation", pk=organisation.pk)
    return render(request, "accounts/organisation_form.html", {"form": form, "nav_section": "organisations"})


@custom_rule("Organisation.is_visible_to (members and staff); invitations: Organisation.is_administered_by")
@require_http_methods(["GET", "POST"])
def organisation_detail(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request)
    organisation = get_object_or_404(Organisation, pk=pk)
    if not organisation.is_visible_to(request.user):
        raise PermissionDenied
    can_invite = organisation.is_administered_by(request.user)
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        if not can_invite:
            raise PermissionDenied
        if form.is_valid():
            try:
                invitation = invite_to_organisation(
                    organisation=organisation, invited_by=request.user, **form.cleaned_data
                )
            except InvitationError as error:
                form.add_error("email", str(error))
            else:
                messages.success(request, _("Invitation envoyée à %(email)s.") % {"email": invitation.email})
                return redirect("accounts:organisation", pk=organisation.pk)
    context = {
        "organisation": organisation,
        "memberships": organisation.memberships.select_related("user").order_by("user__email"),
        "invitations": organisation.invitations.pending().order_by("email") if can_invite else [],
        "can_invite": can_invite,
        "form": form,
        "nav_section": "organisations",
    }
    return render(request, "accounts/organisation_detail.html", context)


def redirect_to_login(request):
    from django.contrib.auth.views import redirect_to_login as django_redirect

    return django_redirect(request.get_full_path())


@public
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    """Anyone holding the link may open it; only the invited address can accept it."""
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    context = {"invitation": invitation}
    if not invitation.is_pending:
        return render(request, "accounts/invitation_invalid.html", context, status=410)
    account_exists = User.objects.filter(email__iexact=invitation.email).exists()
    form = None
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                accept_invitation(invitation=invitation, user=request.user)
            except InvitationError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Vous avez rejoint %(org)s.") % {"org": invitation.organisation})
                return redirect("accounts:organisation", pk=invitation.organisation_id)
    elif not account_exists:
        form = AcceptInvitationForm(request.POST or None, email=invitation.email)
        if request.method == "POST" and form.is_valid():
            try:
                user = accept_invitation(
                    invitation=invitation,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                )
            except InvitationError as error:
                form.add_error(None, str(error))
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request,
                    _("Bienvenue ! Votre compte est créé et vous avez rejoint %(org)s.")
                    % {"org": invitation.organisation},
                )
                return redirect("accounts:organisation", pk=invitation.organisation_id)
    context.update({"form": form, "account_exists": account_exists})
    return render(request, "accounts/invitation_accept.html", context)
