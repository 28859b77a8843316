"""The `planner` command. Headless commands never import Textual; only the app does."""

from __future__ import annotations

from planner.store.patterns import load as _load_kept_patterns

_load_kept_patterns()  # first: the regular expressions earlier processes compiled (argparse's gettext compiles one)

import argparse
import codecs
import io
import os
import sys
from pathlib import Path
from typing import Callable, NoReturn

from planner.domain.messages import msg
from planner.errors import PlannerError, PlanProblems
from planner.i18n import LANGUAGES, N_, _, get_language, ngettext, resolve_language, set_language, translate, translator
from planner.store.shipped import sample_plan_dir

COMMANDS = ("new", "validate", "fmt", "show", "export", "diff", "catalog", "import", "git-setup")
EXAMPLE_PLAN = "midsize-chatbot"
RANGES_FORMATS = ("html", "markdown", "xlsx", "json")
"""Export formats that carry the ranges with --ranges."""




def _catalog(args: argparse.Namespace):
    from planner.store.catalogs import load_catalog

    return load_catalog(args.catalogs)


def _load(path: str, catalog, evaluator=None):
    """The plan file loaded (planner.store.loader), or PlannerError / PlanProblems with every problem located;
    evaluated by `evaluator` when given (`_ranges_evaluator`)."""
    from planner.store.loader import load

    if evaluator is None:
        return load(path, catalog)
    return load(path, catalog, evaluate=lambda plan, _catalog: evaluator.evaluate(plan))


def _evaluated_plans(paths: list[str], catalog, problems: list[int]):
    """(path, plan, evaluation, text) for each plan that loads; prints the others' problems, worst exit code in `problems`."""
    for path in paths:
        try:
            loaded = _load(path, catalog)
            yield path, loaded.plan, loaded.evaluation, loaded.text
        except PlanProblems as errors:
            for error in errors.errors:
                print(str(error), file=sys.stderr)
            problems.append(1)
        except PlannerError as error:
            print(str(error), file=sys.stderr)
            problems.append(error.exit_code)


def cmd_validate(args: argparse.Namespace) -> int:
    from planner.export.summary import plan_summary
    from planner.store.locate import KeyLines

    status = [0]
    for path, plan, ev, text in _evaluated_plans(args.plans, _catalog(args), status):
        if plan.summary and plan.summary != plan_summary(ev):
            print(f"{path}:{KeyLines(text).line_of(('summary',))}: summary: " + _("stale (inputs changed since it was written); run `planner fmt {path}`", path=path), file=sys.stderr)
            status.append(1)
            continue
        for warning in ev.warnings:
            print(f"{path}: " + _("warning: {warning}", warning=translate(warning)))
        print(f"{path}: " + _("ok ({count} workloads)", count=len(plan.workloads)))
    return max(status)


def cmd_fmt(args: argparse.Namespace) -> int:
    from planner.export.summary import plan_summary
    from planner.store.plan_io import dump_plan, is_read_only, read_comments, remove_stale_temp_files, write_text_atomic

    status = [0]
    for path, plan, ev, text in _evaluated_plans(args.plans, _catalog(args), status):
        canonical = dump_plan(plan.model_copy(update={"summary": plan_summary(ev)}), read_comments(text))
        if canonical == text:
            continue
        if args.check:
            print(f"{path}: " + _("not canonical or summary stale; run `planner fmt {path}`", path=path), file=sys.stderr)
            status.append(1)
            continue
        if is_read_only(path):
            print(f"{path}: " + _("read-only; not formatted (make it writable first: chmod u+w {path})", path=path), file=sys.stderr)
            status.append(2)
            continue
        try:
            write_text_atomic(path, canonical)
        except OSError as error:
            print(f"{path}: " + _("cannot write: {reason}", reason=error.strerror or error), file=sys.stderr)
            status.append(2)
            continue
        except PlannerError as error:
            print(str(error), file=sys.stderr)
            status.append(error.exit_code)
            continue
        remove_stale_temp_files(path)
        print(f"{path}: " + _("formatted"))
    return max(status)


def _ranges_evaluator(args: argparse.Namespace, catalog):
    """With --ranges, the Evaluator to evaluate the plan with: it keeps the levelled schedules, which the
    ranges date again over draws instead of levelling the plan again. None without --ranges."""
    if not getattr(args, "ranges", False):
        return None
    from planner.domain.evaluate import Evaluator

    return Evaluator(catalog, keep_levelled=True)


def _ranges(args: argparse.Namespace, loaded, catalog, evaluator=None):
    """The plan's ranges when --ranges asks for them (planner.domain.ranges), else None."""
    if not getattr(args, "ranges", False):
        return None
    from planner.domain.ranges import evaluate_ranges
    from planner.store.collector import collector_paused

    with collector_paused():  # the draws' arrays are freed by reference counting; a full collection walks the whole evaluation
        return evaluate_ranges(loaded.plan, catalog, loaded.evaluation, args.draws, args.seed, evaluator=evaluator)


def cmd_show(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    kept = _ranges_evaluator(args, catalog)
    loaded = _load(args.plan, catalog, kept)
    ev = loaded.evaluation
    ranges = _ranges(args, loaded, catalog, kept)
    if args.json:
        from planner.export.json_export import write_evaluation_json

        write_evaluation_json(ev, sys.stdout, args.indent, ranges)
    else:
        from planner.export.text import show_text

        sys.stdout.write(show_text(ev))
        if ranges is not None:
            from planner.export.ranges_export import ranges_text

            sys.stdout.write("\n".join(ranges_text(ranges, ev.horizon_months)) + "\n")
    return 0


def sample_templates() -> list[str]:
    """Names of the shipped sample plans, for `new --template`."""
    return sorted(p.stem for p in sample_plan_dir().glob("*.toml"))


def cmd_new(args: argparse.Namespace) -> int:
    from planner.store.plan_io import write_text_atomic

    templates = sample_templates()
    if args.template is not None and args.template not in templates:
        raise PlannerError(msg("unknown template {template}; choose one of: {templates}", template=repr(args.template), templates=", ".join(templates)), exit_code=2)
    target = Path(args.path)
    if target.exists():
        raise PlannerError(msg("already exists; not overwritten"), file=args.path, exit_code=2)
    if not target.parent.is_dir() and str(target.parent):
        raise PlannerError(msg("folder does not exist"), file=str(target.parent), exit_code=2)
    if args.template is None:
        from planner.store.blank import blank_plan_text, plan_name_from_path

        text = blank_plan_text(plan_name_from_path(target.stem), _catalog(args))
    else:
        from planner.store.templates import new_plan_text

        template = sample_plan_dir() / f"{args.template}.toml"
        text = new_plan_text(template.read_text(encoding="utf-8"), str(template), _catalog(args))
    try:
        write_text_atomic(target, text)
    except OSError as error:
        raise PlannerError(msg("cannot write: {reason}", reason=error.strerror or str(error)), file=args.path, exit_code=2) from None
    done = _("new plan from template {template}", template=args.template) if args.template else _("new blank plan (add workloads in the app, or `planner import`)")
    print(f"{args.path}: {done}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from planner.store.inventory import import_workloads, workloads_toml

    catalog = _catalog(args)
    base, text = None, ""
    if args.into:
        if not Path(args.into).exists():
            raise PlannerError(msg("no such plan; create it first with `planner new {path}`", path=args.into), file=args.into, exit_code=2)
        loaded = _load(args.into, catalog)
        base, text = loaded.plan, loaded.text
    result = import_workloads(args.file, base, catalog)
    if result.errors:
        for error in result.errors:
            print(str(error), file=sys.stderr)
        print(f"{args.file}: " + ngettext("{n} problem; nothing written", "{n} problems; nothing written", len(result.errors)), file=sys.stderr)
        return 1
    _preview(args.file, result, catalog)
    if not args.into:
        sys.stdout.write(workloads_toml(result.workloads))
        return 0
    from planner.domain.evaluate import evaluate
    from planner.export.summary import plan_summary
    from planner.store.plan_io import dump_plan, read_comments, write_text_atomic

    plan = result.plan
    canonical = dump_plan(plan.model_copy(update={"summary": plan_summary(evaluate(plan, catalog))}), read_comments(text))
    try:
        write_text_atomic(args.into, canonical)
    except OSError as error:
        raise PlannerError(msg("cannot write: {reason}", reason=error.strerror or str(error)), file=args.into, exit_code=2) from None
    print(f"{args.into}: " + ngettext("{n} workload imported from {file}", "{n} workloads imported from {file}", len(result.workloads), file=args.file), file=sys.stderr)
    return 0


def _preview(file: str, result, catalog) -> None:
    """What the import read, on stderr: the columns it recognized and each workload with its placement."""
    from planner.domain.evaluate import evaluate

    inventory = result.inventory
    mapped = ", ".join(f"{inventory.headers[i]} -> {name}" for i, name in inventory.columns.items())
    print(f"{file}: " + ngettext("{n} workload; columns {mapped}", "{n} workloads; columns {mapped}", len(result.workloads), mapped=mapped), file=sys.stderr)
    if inventory.ignored:
        print(f"{file}: " + _("ignored columns (not recognized): {columns}", columns=", ".join(inventory.ignored)), file=sys.stderr)
    ev = evaluate(result.plan, catalog)
    placed = {w.id: w for w in ev.workloads}
    for workload in result.workloads:
        w = placed[workload["id"]]
        per_day = _("{count} requests/day", count=f"{w.requests_per_day:>10,.0f}")
        print(f"  {w.id:<28} {w.kind:<20} {per_day}  {w.data:<12} -> {w.placement}", file=sys.stderr)


def cmd_git_setup(args: argparse.Namespace) -> int:
    from planner.store.gitsetup import git_setup

    for line in git_setup(Path.cwd(), args.plans, args.force).lines:
        print(translate(line))
    return 0


def cmd_catalog(args: argparse.Namespace) -> int:
    from planner.store.catalogs import CATALOG_FILES

    catalog = _catalog(args)
    found = False
    for file, specs in CATALOG_FILES.items():
        for section, _model, attr in specs:
            for entry_id, entry in getattr(catalog, attr).items():
                if args.id and entry_id != args.id:
                    continue
                found = True
                if args.id:
                    print(f"[{section}] {entry_id}  ({file})")
                    for key, value in entry.model_dump(mode="json").items():
                        if key != "id":
                            print(f"  {key} = {value}")
                else:
                    as_of = _("as of {date}", date=entry.as_of.isoformat())
                    if getattr(entry, "retired", None):
                        as_of = _("as of {date}, retired {retired}", date=entry.as_of.isoformat(), retired=entry.retired.isoformat())
                    elif getattr(entry, "deprecated", None):
                        as_of = _("as of {date}, deprecated {deprecated}", date=entry.as_of.isoformat(), deprecated=entry.deprecated.isoformat())
                    print(f"{section:<12} {entry_id:<32} {as_of}  {entry.source}")
    if args.id and not found:
        raise PlannerError(msg("no catalog entry with id {id}", id=repr(args.id)), exit_code=1)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from planner.export.format_names import BINARY_FORMATS, DESCRIPTIONS

    if args.format not in DESCRIPTIONS:
        raise PlannerError(msg("unknown format {format}; choose one of: {formats}", format=repr(args.format), formats=", ".join(DESCRIPTIONS)), exit_code=2)
    if args.output == "-":  # stdout, as `-o -` means to most command-line tools (a file named "-" is `-o ./-`)
        args.output = None
    if args.format in BINARY_FORMATS and not args.output and sys.stdout.isatty():
        raise PlannerError(msg("{format} is a binary file; write it with -o FILE (or redirect stdout)", format=args.format), exit_code=2)
    if args.output:
        from planner.store.plan_io import export_refusal

        refusal = export_refusal(args.output, args.plan, args.force)
        if refusal:
            raise PlannerError(refusal, file=args.output, exit_code=2)
    catalog = _catalog(args)
    kept = _ranges_evaluator(args, catalog)
    loaded = _load(args.plan, catalog, kept)
    ev = loaded.evaluation
    if args.ranges and args.format not in RANGES_FORMATS:
        raise PlannerError(msg("--ranges goes with --format {formats}, not {format}", formats=", ".join(RANGES_FORMATS), format=args.format), exit_code=2)
    ranges = _ranges(args, loaded, catalog, kept)
    if args.format == "json" and not args.output:
        from planner.export.json_export import write_evaluation_json

        write_evaluation_json(ev, sys.stdout, args.indent, ranges)
        return 0
    if args.format == "json":
        from planner.export.json_export import evaluation_json

        text = evaluation_json(ev, args.indent, ranges)
    elif args.format in BINARY_FORMATS:
        from planner.export.formats import render_bytes

        text = render_bytes(ev, args.format, catalog, ranges)
    else:
        from planner.export.formats import render

        text = render(ev, args.format)
    if ranges is not None and args.format != "json":
        from planner.export import ranges_export as ranges_report

        if args.format == "html":
            text = ranges_report.with_ranges_html(text, ranges)
        elif args.format == "markdown":
            text = text + ranges_report.ranges_markdown(ranges)
    if args.output:
        from planner.store.plan_io import write_text_atomic

        try:
            write_text_atomic(args.output, text)
        except OSError as error:
            raise PlannerError(msg("cannot write: {reason}", reason=error.strerror or str(error)), file=args.output, exit_code=2) from None
        print(f"{args.output}: " + _("{format} export written", format=args.format), file=sys.stderr)
    elif isinstance(text, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(text)
    else:
        sys.stdout.write(text)
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from planner.export.diff import run_diff

    return run_diff(args, _catalog(args))


def cmd_app(args: argparse.Namespace) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise PlannerError(
            _("the app needs a terminal; for scripts use `planner show PLAN` or `planner export PLAN --format F`"),
            exit_code=2,
        )
    from planner.tui import run_app

    return run_app(args.plan, catalog_dir=args.catalogs, example=sample_plan_dir() / f"{EXAMPLE_PLAN}.toml")


def _indent(text: str) -> int:
    """--indent N: spaces per level, 0-8."""
    try:
        spaces = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text!r} is not a number of spaces", text=text)) from None
    if not 0 <= spaces <= 8:
        raise argparse.ArgumentTypeError(_("{spaces} spaces; choose 0 to 8", spaces=spaces))
    return spaces


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a whole number: {text!r}", text=text)) from None
    if not 1 <= value <= 100_000:
        raise argparse.ArgumentTypeError(_("must be between {low} and {high}, got {value}", low=1, high=100000, value=value))
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a whole number: {text!r}", text=text)) from None
    if not 0 <= value < 2**32:
        raise argparse.ArgumentTypeError(_("must be between {low} and {high}, got {value}", low=0, high=4294967295, value=value))
    return value


def _ranges_arguments(p: argparse.ArgumentParser) -> None:
    from planner.domain.limits import DEFAULT_DRAWS, DEFAULT_SEED

    p.add_argument("--ranges", action="store_true", help=_("also give P10/P50/P90 of the TCO, break-even and dates over draws of the uncertain inputs"))
    p.add_argument("--draws", type=_count, default=DEFAULT_DRAWS, metavar="N", help=_("draws with --ranges (default {draws}; fewer for very large plans)", draws=f"{DEFAULT_DRAWS:,}"))
    p.add_argument("--seed", type=_seed, default=DEFAULT_SEED, metavar="S", help=_("seed of the draws with --ranges (default {seed})", seed=DEFAULT_SEED))


class _Parser(argparse.ArgumentParser):
    """argparse's parser, which checks each argument it is given with a help formatter made for the terminal's width
    (and makes the subcommands' prog with one): the first one imports shutil (and its zlib, bz2 and lzma) for it, ~6 M
    instructions at every start that only help and usage need. Neither reads the width (the prog is the given usage):
    they get a formatter 80 columns wide; help and usage get argparse's own."""

    _checking = False

    def add_argument(self, *args, **kwargs):
        self._checking = True
        try:
            return super().add_argument(*args, **kwargs)
        finally:
            self._checking = False

    def add_subparsers(self, **kwargs):
        """(Its formatter writes the given usage as the subcommands' prog: no width either.)"""
        self._checking = self.usage is not None
        try:
            return super().add_subparsers(**kwargs)
        finally:
            self._checking = False

    def _get_formatter(self):
        if self._checking:
            return self.formatter_class(prog=self.prog, width=80)
        return super()._get_formatter()


def _parser(command: str | None = None) -> tuple[argparse.ArgumentParser, dict[str, Callable[[argparse.Namespace], int]]]:
    """The command line's parser and each command's handler. With `command` (the first argument, a command), the parser
    has that command's subparser alone: the others' and the overall help (its epilog lists the templates and every
    export format) are only read by `planner --help`, and building them cost ~15 M instructions at every start."""
    common = _Parser(add_help=False)
    common.add_argument("--catalogs", metavar="DIR", help=_("company catalog directory overriding shipped entries by id (or PLANNER_CATALOGS)"))
    _add_lang(common)
    from planner.export.format_names import DESCRIPTIONS  # not planner.export.formats: that imports every renderer

    def wanted(name: str) -> bool:
        return command is None or command == name

    templates = sample_templates() if wanted("new") else []
    formats = "\n".join(f"  {name:<9} {translate(text)}" for name, text in DESCRIPTIONS.items()) if wanted("export") else ""
    overall = None
    if command is None:
        overall = _("export formats (export --format F):") + f"\n{formats}\n\n" + _("templates (new --template NAME): {templates}", templates=", ".join(templates))
        overall += "\n\n" + _("`planner COMMAND --help` describes a command.")
    parser = _Parser(
        prog="planner",
        usage="planner [PLAN]  |  planner COMMAND ...",
        description=_("Place LLM workloads on cloud, hybrid or on-prem GPUs and plan the migration.")
        + "\n\n"
        + _("planner [PLAN]  opens the app on PLAN (created if missing; without PLAN, the example plan)."),
        epilog=overall,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    if wanted("new"):
        p = sub.add_parser("new", parents=[common], help=_("write a new plan: blank, or from a sample with --template"))
        p.add_argument("path")
        p.add_argument("--template", metavar="NAME", help=_("sample plan to copy, one of: {templates} (default: a blank plan)", templates=", ".join(templates)))
    if wanted("validate"):
        p = sub.add_parser("validate", parents=[common], help=_("list every problem, one line each"))
        p.add_argument("plans", nargs="+", metavar="PLAN")
    if wanted("fmt"):
        p = sub.add_parser("fmt", parents=[common], help=_("rewrite canonically and refresh [summary]"))
        p.add_argument("plans", nargs="+", metavar="PLAN")
        p.add_argument("--check", action="store_true", help=_("only report files that would change (exit 1)"))
    if wanted("show"):
        p = sub.add_parser("show", parents=[common], help=_("the evaluation as text or JSON"))
        p.add_argument("plan")
        p.add_argument("--json", action="store_true", help=_("the evaluation as JSON (the same in every language)"))
        p.add_argument("--indent", type=_indent, metavar="N", help=_("indent the JSON by N spaces for reading (default: compact)"))
        _ranges_arguments(p)
    if wanted("export"):
        p = sub.add_parser("export", parents=[common], help=", ".join(DESCRIPTIONS), epilog=_("formats:") + f"\n{formats}", formatter_class=argparse.RawDescriptionHelpFormatter)
        p.add_argument("plan")
        p.add_argument("--format", "-f", required=True, metavar="F", help=_("one of: {formats}", formats=", ".join(DESCRIPTIONS)))
        p.add_argument("-o", "--output", metavar="OUT", help=_("write to OUT, - for stdout (never over a plan or a non-regular file)"))
        p.add_argument("--force", action="store_true", help=_("replace OUT when it already exists"))
        p.add_argument("--indent", type=_indent, metavar="N", help=_("with --format json: indent by N spaces for reading (default: compact)"))
        _ranges_arguments(p)
    if wanted("diff"):
        p = sub.add_parser("diff", parents=[common], help=_("what changed between two plans, and what it costs"))
        p.add_argument("old", help=_("OLD plan (or REV:path)"))
        p.add_argument("new", help=_("NEW plan (or REV:path)"))
        p.add_argument("--format", choices=("text", "markdown", "json"), default="text")
        p.add_argument("--fail-above", type=float, metavar="PCT", help=_("exit 1 when the plan's TCO rises by more than PCT percent"))
    if wanted("catalog"):
        p = sub.add_parser("catalog", parents=[common], help=_("list catalog entries with source and as_of"))
        p.add_argument("id", nargs="?")
    if wanted("import"):
        p = sub.add_parser("import", parents=[common], help=_("read a workload inventory (.csv or .xlsx) as plan workloads"))
        p.add_argument("file", metavar="FILE.csv|xlsx")
        p.add_argument("--into", metavar="PLAN", help=_("add the workloads to PLAN (otherwise they are printed as TOML)"))
    if wanted("git-setup"):
        p = sub.add_parser("git-setup", parents=[common], help=_("configure the plan diff driver (textconv) and install the pre-commit hook in this Git repository"))
        p.add_argument("--plans", default="plans/*.toml", metavar="GLOB", help=_("which files are plans (default plans/*.toml)"))
        p.add_argument("--force", action="store_true", help=_("replace a different pre-commit hook"))
    handlers = {"import": cmd_import, "git-setup": cmd_git_setup, "new": cmd_new, "validate": cmd_validate, "fmt": cmd_fmt, "show": cmd_show, "export": cmd_export, "diff": cmd_diff, "catalog": cmd_catalog}
    return parser, handlers


def _add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGUAGES, help=_("language of what planner shows (or PLANNER_LANG, else the locale); files and JSON stay the same"))


ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("one of the arguments %s is required"),
)
"""argparse's own words (usage, errors), translated in ui.po like ours."""


def _argparse_in_current_language() -> None:
    """argparse looks its messages up with gettext at the time it prints them: let it use planner's catalogs."""
    argparse._ = lambda message: translator(get_language()).gettext(message)  # type: ignore[attr-defined]
    argparse.ngettext = lambda singular, plural, n: translator(get_language()).ngettext(singular, plural, n)  # type: ignore[attr-defined]


def _lang_in(argv: list[str]) -> str | None:
    """The --lang value given on the command line (read before parsing, so that --help is in that language)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _lang_options(argv: list[str]) -> int:
    """How many of the first arguments are a --lang option (`--lang ko`: 2, `--lang=ko`: 1, else 0)."""
    return 2 if argv[:1] == ["--lang"] else 1 if argv[:1] and argv[0].startswith("--lang=") else 0


def _command_first(argv: list[str]) -> list[str]:
    """`planner --lang ko show PLAN` as `planner show --lang ko PLAN` (every command takes --lang)."""
    taken = _lang_options(argv)
    if taken and len(argv) > taken and argv[taken] in COMMANDS:
        return [argv[taken], *argv[:taken], *argv[taken + 1 :]]
    return argv


def _drop_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush cannot fail again (exit 120)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass


def _escaped(error: UnicodeError) -> tuple[str, int]:
    """The characters an output's encoding cannot write, as JSON's escapes (`\\uc911`; a surrogate pair past U+FFFF):
    JSON stays valid JSON of the same text, and text stays readable and lossless."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    escapes = []
    for char in error.object[error.start : error.end]:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            escapes.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            escapes.append(f"\\u{code:04x}")
    return "".join(escapes), error.end


def _escape_what_stdout_cannot_write() -> None:
    """Where stdout writes another encoding than UTF-8 (`PYTHONIOENCODING=latin-1`, an EUC-KR locale), characters it
    cannot write go as `\\uXXXX` escapes (`_escaped`) instead of ending the command with an internal error."""
    stream = sys.stdout
    encoding, reconfigure = getattr(stream, "encoding", None), getattr(stream, "reconfigure", None)
    if not isinstance(encoding, str) or reconfigure is None:
        return
    try:
        if codecs.lookup(encoding).name == "utf-8":
            return
        codecs.register_error("planner-escape", _escaped)
        reconfigure(errors="planner-escape")
    except (LookupError, ValueError, io.UnsupportedOperation):
        pass


def _end_process(code: int) -> NoReturn:
    """End the process at once with `code`, its output flushed, without the interpreter's teardown: that frees the
    evaluation's objects one by one, then every module's, and collects the heap once more (`show --json` of 1,000
    workloads: ~70 ms of a ~550 ms process), all of which goes with the process anyway. Every file a command writes
    is closed by then (`with` blocks); nothing registers an atexit handler. The patterns the process compiled that
    were not kept yet are kept for the next processes first (store/patterns)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            if stream is sys.stdout:
                _drop_stdout()
    from planner.store.patterns import keep

    keep()  # the patterns this process compiled, for the next ones (none once they are all kept)
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    """Run the planner; returns the exit code. As the `planner` command (no `argv`: the console script and
    `python -m planner`), a headless command's process ends as soon as its output is flushed (`_end_process`);
    the app's ends as Python's does."""
    args = list(sys.argv[1:] if argv is None else argv)
    code, headless = _main(args)
    if argv is None and headless:
        _end_process(code)
    return code


def _main(argv: list[str]) -> tuple[int, bool]:
    """(exit code, whether a headless command ran rather than the app) of `planner ARGV...`."""
    set_language(resolve_language(_lang_in(argv) if _lang_in(argv) in LANGUAGES else None, os.environ))
    _argparse_in_current_language()
    argv = _command_first(argv)
    headless = bool(argv and argv[0] in COMMANDS or argv[_lang_options(argv) :][:1] in (["-h"], ["--help"]))
    if headless:
        _escape_what_stdout_cannot_write()
    try:
        if headless:
            parser, handlers = _parser(argv[0] if argv[0] in COMMANDS else None)  # not for the app (see `_parser`)
            args = parser.parse_args(argv)
            if args.command is None:
                parser.print_help()
                code = 0
            else:
                from planner.store.collector import collector_paused

                # A command builds the plan's evaluation and its output, keeps them to the end and frees them by
                # reference counting: the cyclic collector would only walk that growing heap again and again.
                with collector_paused():
                    code = handlers[args.command](args)
        else:
            app_parser = argparse.ArgumentParser(prog="planner", description=_("Open the planner app on PLAN (or the example plan)."))
            app_parser.add_argument("plan", nargs="?")
            app_parser.add_argument("--catalogs", metavar="DIR", help=_("company catalog directory overriding shipped entries by id (or PLANNER_CATALOGS)"))
            _add_lang(app_parser)
            code = cmd_app(app_parser.parse_args(argv))
        sys.stdout.flush()  # a full disk or /dev/full shows here, not at exit
        return code, headless
    except PlannerError as error:
        print(str(error), file=sys.stderr)
        return error.exit_code, headless
    except KeyboardInterrupt:
        return 130, headless
    except BrokenPipeError:
        _drop_stdout()
        return 0, headless
    except OSError as error:  # writing the output failed (full disk, /dev/full, a closed terminal)
        _drop_stdout()
        print(_("planner: cannot write the output: {reason}", reason=error.strerror or error), file=sys.stderr)
        return 2, headless
    except RecursionError:
        print(_("planner: input nested too deep to read"), file=sys.stderr)
        return 1, headless
    except Exception as error:  # last resort: a message, never a traceback
        if os.environ.get("PLANNER_DEBUG"):
            raise
        print(_("planner: internal error: {error} (set PLANNER_DEBUG=1 for details)", error=f"{type(error).__name__}: {error}"), file=sys.stderr)
        return 70, headless
