import os
import random

import pytest
from django.db.models.query import QuerySet

from .personas import Cast

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

_original_fetch_all = QuerySet._fetch_all


def _fetch_all_shuffling_unordered(self):
    """Guard rail: a queryset without ORDER BY comes back in random order in tests, so no code
    relies on an order the database does not promise."""
    already = self._result_cache is not None
    _original_fetch_all(self)
    if (
        not already
        and not self.ordered
        and isinstance(self._result_cache, list)
        and len(self._result_cache) > 1
    ):
        random.shuffle(self._result_cache)


QuerySet._fetch_all = _fetch_all_shuffling_unordered


@pytest.fixture
def cast(db):
    return Cast.build()


@pytest.fixture
def client_for(client):
    """client_for(user) → a test client signed in as that user (or anonymous for None)."""

    def make(user):
        client.logout()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
