from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from .models import Application


@task()
def send_application_receipt(application_id: int) -> None:
    """The receipt (accusé de réception) of a submitted application, to its contact and submitter."""
    application = (
        Application.objects.select_related(
            "call__programme__operator", "applicant", "commune", "submitted_by"
        )
        .filter(pk=application_id, submitted_at__isnull=False)
        .first()
    )
    if application is None:
        return
    recipients = sorted(
        {
            email.lower()
            for email in (application.contact_email, getattr(application.submitted_by, "email", ""))
            if email
        }
    )
    if not recipients:
        return
    context = {
        "application": application,
        "url": settings.SITE_URL + reverse("programmes:application", args=[application.pk]),
    }
    send_mail(
        subject=render_to_string("programmes/email/receipt_subject.txt", context).strip(),
        message=render_to_string("programmes/email/receipt.txt", context),
        from_email=None,
        recipient_list=recipients,
    )
