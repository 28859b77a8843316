"""`planner export --format ics`: phases, milestones and tasks as all-day events (RFC 5545).

UIDs derive from the plan name and the task id (or phase number), so importing a new export into
the same calendar updates the events instead of duplicating them; SEQUENCE and DTSTAMP grow with
the export time so clients take the newer version. Set SOURCE_DATE_EPOCH for a reproducible file.
Text values are escaped (backslash, `;`, `,`, newlines) and lines folded at 75 octets, CRLF.
"""

from __future__ import annotations

import os
import re
import uuid
from datetime import date, datetime, timedelta, timezone

from planner.domain.results import Evaluation
from planner.domain.money import krw
from planner.export.report import staff_text
from planner.i18n import _, translate

PRODID = "-//planner//LLM migration plan//EN"
UID_NAMESPACE = uuid.UUID("6f1c3d5e-2b7a-5c9e-8a41-3d2f0b9e7c11")
"""Fixed namespace for the UUIDv5 UIDs: changing it would duplicate every imported event."""
UID_DOMAIN = "planner"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def ics_text(text: str) -> str:
    """A TEXT value escaped per RFC 5545 3.3.11; control characters other than tab dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def event_uid(plan_name: str, kind: str, key: str) -> str:
    """Stable UID for one event of one plan: UUIDv5 of (plan name, kind, task id or phase)."""
    name = "\x1f".join((plan_name, kind, key))
    return f"{uuid.uuid5(UID_NAMESPACE, name)}@{UID_DOMAIN}"


def export_time() -> datetime:
    """Now (UTC), or SOURCE_DATE_EPOCH for reproducible output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(timezone.utc).replace(microsecond=0)


def _day(value: date) -> str:
    return value.strftime("%Y%m%d")


def _event(uid: str, stamp: datetime, first: date, last: date, summary: str, description: str, category: str) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp.strftime('%Y%m%dT%H%M%SZ')}",
        f"SEQUENCE:{int(stamp.timestamp()) // 60}",  # minutes since 1970: grows with every export
        f"DTSTART;VALUE=DATE:{_day(first)}",
        f"DTEND;VALUE=DATE:{_day(last + timedelta(days=1))}",  # DTEND is exclusive
        f"SUMMARY:{ics_text(summary)}",
        f"DESCRIPTION:{ics_text(description)}",
        f"CATEGORIES:{ics_text(category)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def calendar(ev: Evaluation) -> str:
    """The whole VCALENDAR."""
    stamp = export_time()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_text(ev.name)}",
    ]
    names = {p.phase: translate(p.name) for p in ev.phases}
    for p in ev.phases:
        name = translate(p.name)
        description = "\n".join(
            [
                ev.name,
                _("Phase {phase} {name}: {start} to {end}", phase=p.phase, name=name, start=p.start.isoformat(), end=p.end.isoformat()),
                _("Cost: {cost}", cost=krw(p.cost_krw)),
                _("Staff (FTE): {staff}", staff=staff_text(p.staff_fte, ev.role_names)),
            ]
        )
        lines += _event(event_uid(ev.name, "phase", str(p.phase)), stamp, p.start, p.end, _("Phase {phase}: {name}", phase=p.phase, name=name), description, _("Phase"))
    for t in ev.schedule.tasks:
        phase = _("Phase {phase} {name}", phase=t.phase, name=names.get(t.phase, "")).rstrip()
        details = [ev.name, f"{phase}", _("Task {id}", id=t.id)]
        if not t.milestone:
            details.append(_("{start} to {end} ({days} days)", start=t.start.isoformat(), end=t.end.isoformat(), days=t.duration_days))
        if t.depends_on:
            details.append(_("After: {tasks}", tasks=", ".join(t.depends_on)))
        if t.critical:
            details.append(_("On the critical path: a day late here is a day late at the end."))
        if t.roles:
            details.append(_("Staff (FTE): {staff}", staff=staff_text(t.roles, ev.role_names)))
        details += [translate(note) for note in t.notes]
        name = translate(t.name)
        kind, summary = (_("Milestone"), _("Milestone: {name}", name=name)) if t.milestone else (_("Task"), name)
        lines += _event(event_uid(ev.name, "task", t.id), stamp, t.start, t.end, summary, "\n".join(details), kind)
    if not ev.schedule.tasks and not ev.phases:
        # RFC 5545 wants at least one component; the plan start is the one date known without a schedule.
        lines += _event(event_uid(ev.name, "start", ""), stamp, ev.start, ev.start, _("{name}: Phase 1 starts", name=ev.name), _("No schedule computed yet."), _("Milestone"))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
