"""External tools some tests drive (LibreOffice, poppler-utils, the frictionless command)."""

import os

import pytest


def missing_tool(reason: str):
    """Skip a test whose tool is absent on a developer's machine. On CI, where `.ci/run` and `make test`
    install it, fail instead: a check that silently stopped running would prove nothing."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} — CI installs it, so its absence is an error")
    pytest.skip(reason)
