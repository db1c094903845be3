"""Pure helpers of the on-site programme: the days of a session, what a public page may say about an
activity, and an iCalendar (RFC 5545) writer.

The iCalendar file is written by us rather than through a library: a programme is a handful of
events, and the few rules that matter (escaping, folding at 75 octets, CRLF, UTC times, stable UIDs)
fit in a page and are tested directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings

CRLF = "\r\n"
FOLD_AT = 75  # octets per line, CRLF excluded (RFC 5545 §3.1)


# --- Days ---------------------------------------------------------------------------------------


@dataclass
class ProgrammeDay:
    day: date
    activities: list = field(default_factory=list)


def session_days(session, activities: Iterable) -> list[ProgrammeDay]:
    """Every day of the session, in order, each with its activities (an empty day is still a day
    of the programme: the team sees where there is room)."""
    days = {
        session.start_date + timedelta(days=n): ProgrammeDay(session.start_date + timedelta(days=n))
        for n in range(session.days)
    }
    for activity in activities:
        days.setdefault(activity.day, ProgrammeDay(activity.day)).activities.append(activity)
    for programme_day in days.values():
        programme_day.activities.sort(key=lambda a: (a.start_time, a.end_time, a.pk or 0))
    return [days[d] for d in sorted(days)]


# --- What the public may read -------------------------------------------------------------------


def public_invited_labels(people, consented_ids: set[int]) -> list[str]:
    """The invited actors as a public page may name them — the same rule as the publications
    annex: an organisation by its name, a person only by the public name they chose, and either only
    when they currently consent to the publication of text (`consented_ids`). Everyone else is left
    out (not even counted by category, so that a small commune's single « élue » is not singled out)."""
    labels = []
    for stakeholder in people:
        if stakeholder.pk not in consented_ids:
            continue
        if stakeholder.kind == "organisation":
            labels.append(stakeholder.name)
        elif stakeholder.pseudonym:
            labels.append(stakeholder.pseudonym)
    return sorted(set(labels))


# --- Times --------------------------------------------------------------------------------------


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def activity_bounds(activity) -> tuple[datetime, datetime]:
    """Start and end of an activity as aware datetimes in the residency's time zone (France)."""
    zone = local_zone()
    start = datetime.combine(activity.day, activity.start_time, tzinfo=zone)
    end = datetime.combine(activity.day, activity.end_time, tzinfo=zone)
    return start, end


# --- iCalendar ----------------------------------------------------------------------------------


def ical_escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines."""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets without cutting a UTF-8 character; continuation lines
    start with one space (which counts in their 75 octets)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= FOLD_AT:
        return line
    parts, current, size, limit = [], [], 0, FOLD_AT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, FOLD_AT - 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def ical_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def uid_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "arpenteur.invalid"


def activity_uid(activity) -> str:
    """Stable across exports and edits (the pk never changes), unique across installations."""
    return f"activite-{activity.pk}@{uid_domain()}"


@dataclass
class CalendarEvent:
    uid: str
    start: datetime
    end: datetime
    stamp: datetime
    summary: str
    description: str = ""
    location: str = ""
    latitude: float | None = None
    longitude: float | None = None
    url: str = ""
    sequence: int = 0


def calendar_text(name: str, events: Iterable[CalendarEvent]) -> str:
    """A complete VCALENDAR object, CRLF-terminated lines, folded."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Arpenteur//Programme de résidence//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ical_escape(name)}",
        f"X-WR-TIMEZONE:{settings.TIME_ZONE}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{ical_utc(event.stamp)}",
            f"DTSTART:{ical_utc(event.start)}",
            f"DTEND:{ical_utc(event.end)}",
            f"SEQUENCE:{event.sequence}",
            f"SUMMARY:{ical_escape(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{ical_escape(event.description)}")
        if event.location:
            lines.append(f"LOCATION:{ical_escape(event.location)}")
        if event.latitude is not None and event.longitude is not None:
            lines.append(f"GEO:{event.latitude:.6f};{event.longitude:.6f}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
