"""Git textconv for plan files, so plain `git diff` shows what a change does, not only what it says.

    git config diff.planner.textconv "python -m planner.export.textconv"

with `plans/*.toml diff=planner` in `.gitattributes`. Output: the file as written, then
`planner show` of it as `# ` comment lines. Git aborts the whole diff when a textconv fails, so
this never fails: an invalid or unreadable plan gets its problems listed instead of the evaluation.

The comment lines follow the display language (PLANNER_LANG, else the locale, as every command); the file's
own lines are the file. Git caches textconv output (`diff.planner.cachetextconv`): after switching language,
`git update-ref -d refs/notes/textconv/planner` clears the cache (a changed blob shows the new language anyway).
"""

from __future__ import annotations

import sys

from planner.errors import PlannerError, PlanProblems
from planner.i18n import N_, _

MARK = N_("# --- computed by planner from the lines above (not part of the file) ---")


def plan_textconv(text: str, file: str) -> str:
    """The plan text followed by its evaluation (or its problems) as comment lines."""
    from planner.export.text import show_text
    from planner.store.catalogs import load_catalog
    from planner.store.loader import load_text

    out = text if text.endswith("\n") or not text else text + "\n"
    try:
        catalog = load_catalog(None)
    except PlannerError as error:
        computed = [_("cannot evaluate: {error}", error=error)]
    else:
        try:
            computed = show_text(load_text(text, file, catalog).evaluation).splitlines()
        except PlanProblems as problems:
            computed = [_("not a valid plan:"), *(str(e) for e in problems.errors)]
        except PlannerError as error:
            computed = [_("not a valid plan:"), str(error)]
    return out + "\n" + _(MARK) + "\n" + "".join(f"# {line}".rstrip() + "\n" for line in computed)


def main(argv: list[str] | None = None) -> int:
    """`python -m planner.export.textconv FILE`: always exits 0 so `git diff` keeps working."""
    import os

    from planner.i18n import resolve_language, set_language

    args = sys.argv[1:] if argv is None else argv
    set_language(resolve_language(None, os.environ))
    if len(args) != 1:
        print(_("usage: python -m planner.export.textconv FILE"), file=sys.stderr)
        return 2
    try:
        with open(args[0], "rb") as handle:
            data = handle.read()
    except OSError as error:
        sys.stdout.write("# " + _("cannot read {path}: {reason}", path=args[0], reason=error.strerror or error) + "\n")
        return 0
    text = data.decode("utf-8", "replace").removeprefix("\ufeff")
    try:
        sys.stdout.write(plan_textconv(text, "plan.toml"))
    except Exception as error:  # never break `git diff`: show the file and why the rest is missing
        sys.stdout.write(text + "\n# " + _("planner could not evaluate this file: {error}", error=f"{type(error).__name__}: {error}") + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
