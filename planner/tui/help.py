"""The help dialog's text: the screens, then the keys of the open screen and the app (from their bindings)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

KEY_NAMES = {"dollar_sign": "$", "question_mark": "?"}
"""How the help names keys whose Textual names are words."""

HELP = """Screens (keys 1-6)
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
"""


def help_text(bindings: list[BindingType]) -> str:
    """HELP with one line per key binding (screen switches summarized as 1 .. 6)."""
    keys = []
    for binding in bindings:
        assert isinstance(binding, Binding)
        if binding.action.startswith("show_tab"):
            continue
        shown = " / ".join(KEY_NAMES.get(k, k) for k in binding.key.split(","))
        keys.append(f"  {shown:<18} {binding.tooltip or binding.description}")
    keys.append("  1 .. 6             switch screens")
    keys.append("  ctrl+p             command palette")
    return HELP.format(keys="\n".join(keys))
