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


@dataclass(frozen=True)
class NavItem:
    """An entry of the main menu. `audience` is "everyone" or "signed_in"; `section` matches the
    `nav_section` a page puts in its context to mark the entry as current."""

    order: int
    label: Any  # a lazy translation
    url_name: str
    section: str
    audience: str = "everyone"


_phase_panels: list[PhasePanel] = []
_nav_items: list[NavItem] = []
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


def register_nav_item(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in _nav_items):
        _nav_items.append(item)


def nav_items(*, signed_in: bool) -> list[NavItem]:
    visible = (i for i in _nav_items if i.audience == "everyone" or signed_in)
    return sorted(visible, key=lambda item: item.order)
