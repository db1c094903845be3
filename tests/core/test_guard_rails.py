"""Project-wide guard rails: every view declares who may open it, every setting is documented,
production refuses an unsafe configuration."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import URLPattern, URLResolver, get_resolver

from arpenteur.core import env

ROOT = Path(__file__).resolve().parents[2]


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if getattr(pattern, "namespace", None) == "admin" or str(pattern.pattern).startswith("admin/"):
                continue
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_every_view_declares_an_access_rule():
    missing = [
        route for route, view in _walk(get_resolver().url_patterns) if not getattr(view, "access_rule", None)
    ]
    assert missing == [], f"Views without an explicit access rule: {missing}"


def test_no_template_links_an_uploaded_file_directly():
    """Uploaded files (field photos, recordings, consent proofs, jury documents) are never under a public
    /media/ URL: templates reach them through views that check who asks. `.url` of a FileField would bypass
    that in production, where nothing serves /media/ (see docs/deployment.md)."""
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "arpenteur").rglob("templates/**/*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\.(file|proof|docx|odt|pdf)\.url\b", line)
    ]
    assert offenders == [], f"Templates linking a stored file directly: {offenders}"


def test_every_environment_setting_is_documented():
    documented = set(
        re.findall(r"`([A-Z][A-Z0-9_]+)`", (ROOT / "docs" / "settings.md").read_text(encoding="utf-8"))
    )
    undocumented = sorted(env.READ_NAMES - documented)
    assert env.READ_NAMES, "settings should read the environment through arpenteur.core.env"
    assert undocumented == []


@pytest.mark.parametrize(
    ("reader", "value"),
    [(lambda: env.env_bool("X_TEST_BOOL"), "peut-être"), (lambda: env.env_int("X_TEST_INT", 1), "douze")],
)
def test_bad_environment_values_fail_loudly(monkeypatch, reader, value):
    monkeypatch.setenv("X_TEST_BOOL", value)
    monkeypatch.setenv("X_TEST_INT", value)
    with pytest.raises(ImproperlyConfigured):
        reader()


def _run_in_production(extra_env, *args):
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    environment.update(
        {"ARPENTEUR_ENV": "production", "DJANGO_SETTINGS_MODULE": "arpenteur.settings", **extra_env}
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "arpenteur", *args],
        env=environment,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key_and_hosts():
    result = _run_in_production({}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "ALLOWED_HOSTS" in result.stderr


def test_production_with_a_safe_configuration_passes_check_deploy(tmp_path):
    safe = {
        "SECRET_KEY": "k3y-" + "a1B2c3D4e5F6g7H8i9J0" * 3,
        "ALLOWED_HOSTS": "arpenteur.example.org",
        "SITE_URL": "https://arpenteur.example.org",
        "ARPENTEUR_DATA_DIR": str(tmp_path),
    }
    result = _run_in_production(safe, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr + result.stdout


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy_with_a_nonce(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert f'nonce="{nonce}"' in response.content.decode()
    assert "unsafe-inline" not in policy


@pytest.mark.django_db
def test_the_interface_is_french_by_default_and_has_an_english_translation(client):
    assert "Aller au contenu" in client.get("/").content.decode()
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en">' in response.content.decode()
    assert "Skip to content" in response.content.decode()
