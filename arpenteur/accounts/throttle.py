"""Login throttling: too many wrong passwords for one address from one IP address lock that pair
for a while. Counted in the database so that every web process sees the same count; the key is a
hash, so the table holds neither addresses nor IPs."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import LoginThrottle


def _key(email: str, ip: str) -> str:
    return hashlib.sha256(f"{email.strip().lower()}|{ip}".encode()).hexdigest()


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


def is_locked(email: str, ip: str) -> bool:
    return LoginThrottle.objects.filter(key=_key(email, ip), locked_until__gt=timezone.now()).exists()


@transaction.atomic
def record_failure(email: str, ip: str) -> None:
    now = timezone.now()
    window = timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    row, created = LoginThrottle.objects.select_for_update().get_or_create(
        key=_key(email, ip), defaults={"failures": 1, "last_failure_at": now}
    )
    if not created:
        if row.last_failure_at < now - window:
            row.failures = 0
        LoginThrottle.objects.filter(pk=row.pk).update(failures=F("failures") + 1, last_failure_at=now)
        row.refresh_from_db()
    if row.failures >= settings.LOGIN_FAILURE_LIMIT:
        LoginThrottle.objects.filter(pk=row.pk).update(locked_until=now + window, failures=0)


def record_success(email: str, ip: str) -> None:
    LoginThrottle.objects.filter(key=_key(email, ip)).delete()
