"""The help dialog's text: the screens, then the keys of the open screen and the app (from their bindings)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from planner.i18n import _
from planner.tui.render import ljust

KEY_NAMES = {"dollar_sign": "$", "question_mark": "?"}
"""How the help names keys whose Textual names are words."""


def _help() -> str:
    return _(
        """Screens (keys 1-6)
  1 Overview   organization, strategy, TCO by strategy, break-even, warnings
  2 Workloads  the workloads; a add, e/enter edit, d delete
  3 Placement  where each workload runs and why; e/enter override, d remove override
  4 Hardware   GPU groups, servers, load against capacity, alternatives; e choose GPUs
  5 Timeline   Gantt by phase, critical path; e/enter edit a task, d remove a task edit
  6 Costs      cost per phase by category, staff per phase, cumulative cost per strategy

Keys
{keys}

In forms: tab / shift+tab move between fields, enter saves, escape cancels.
Blank workload fields take the kind's defaults (shown dimmed).
Dialogs: y / enter yes, n / escape no.
Every command is also in the command palette (ctrl+p), e.g. "plan: save", "export: json".
The language: "언어: 한국어" or "language: English" in the command palette, or planner --lang ko|en.
""",
        keys="{keys}",
    )


def help_text(bindings: list[BindingType]) -> str:
    """The help with one line per key binding (screen switches summarized as 1 .. 6), in the current language."""
    keys = []
    for binding in bindings:
        assert isinstance(binding, Binding)
        if binding.action.startswith("show_tab"):
            continue
        shown = " / ".join(KEY_NAMES.get(k, k) for k in binding.key.split(","))
        keys.append(f"  {ljust(shown, 18)} {_(binding.tooltip or binding.description)}")
    switch, palette = _("switch screens"), _("command palette")
    keys.append(f"  {ljust('1 .. 6', 18)} {switch}")
    keys.append(f"  {ljust('ctrl+p', 18)} {palette}")
    return _help().replace("{keys}", "\n".join(keys))
