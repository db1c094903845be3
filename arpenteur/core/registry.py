"""Extension points through which later apps plug into earlier ones without being imported by them.

The chain of apps (residencies → commissioning → fieldwork → analysis → roadmap → publications…)
only imports backwards. A phase page of a residency is drawn by `residencies`, but its content comes
from the apps that own that phase: they register a panel here in their AppConfig.ready(). The same
goes for the demo data: each app registers a loader, run in chain order by `seed_demo`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PhasePanel:
    """A block shown on a residency's phase page.

    `context` receives (request, residency) and returns the template context, or None to hide
    the panel (e.g. when the user may not see it).
    """

    phase: str
    order: int
    template: str
    context: Callable[[Any, Any], dict | None]


@dataclass(frozen=True)
class DemoLoader:
    order: int
    name: str
    load: Callable[..., None]


_phase_panels: list[PhasePanel] = []
_demo_loaders: list[DemoLoader] = []


def register_phase_panel(panel: PhasePanel) -> None:
    if panel not in _phase_panels:
        _phase_panels.append(panel)


def phase_panels(phase: str) -> list[PhasePanel]:
    return sorted((p for p in _phase_panels if p.phase == phase), key=lambda p: p.order)


def register_demo_loader(loader: DemoLoader) -> None:
    if all(existing.name != loader.name for existing in _demo_loaders):
        _demo_loaders.append(loader)


def demo_loaders() -> list[DemoLoader]:
    return sorted(_demo_loaders, key=lambda loader: loader.order)
