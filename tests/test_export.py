"""`planner export`: golden files per format on a sample plan, and parse checks of each format.

The golden files follow the engine: when placement, sizing, schedule or ledger output changes,
refresh them with

    PLANNER_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_export.py

and review `git diff tests/golden` before committing.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import icalendar
import pytest

from planner.domain.evaluate import evaluate
from planner.export.formats import EXTENSIONS, FORMATS, render
from planner.domain.money import krw
from planner.store.loader import read_plan
from tests.conftest import ROOT

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_PLAN = "midsize-chatbot"
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z, the DTSTAMP in the golden calendar
UPDATE = os.environ.get("PLANNER_UPDATE_GOLDEN") == "1"


@pytest.fixture
def reproducible(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def evaluation_of(stem: str, catalog):
    return evaluate(read_plan(ROOT / "plans" / f"{stem}.toml", catalog), catalog)


@pytest.fixture
def midsize(catalog):
    return evaluation_of(GOLDEN_PLAN, catalog)


# --- golden files ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_export_matches_golden_file(fmt, run_cli, reproducible):
    readable = ("--indent", "2") if fmt == "json" else ()  # the golden JSON is kept indented so that its diffs read well
    result = run_cli("export", str(ROOT / "plans" / f"{GOLDEN_PLAN}.toml"), "--format", fmt, *readable)
    assert result.code == 0, result.err
    golden = GOLDEN / f"{GOLDEN_PLAN}{EXTENSIONS[fmt]}"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_bytes(result.out.encode("utf-8"))
        pytest.skip(f"rewrote {golden.name}")
    assert golden.exists(), f"no golden file {golden}; create it with PLANNER_UPDATE_GOLDEN=1"
    expected = golden.read_bytes().decode("utf-8")
    assert result.out == expected, (
        f"`planner export --format {fmt}` changed. If the change is intended (engine output moved), run "
        "PLANNER_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_export.py and review git diff tests/golden"
    )


def test_export_writes_the_file_atomically_with_o(tmp_path, run_cli, reproducible):
    out = tmp_path / "plan.ics"
    result = run_cli("export", str(ROOT / "plans" / f"{GOLDEN_PLAN}.toml"), "--format", "ics", "-o", str(out))
    assert result.code == 0 and result.out == ""
    assert "ics export written" in result.err
    assert out.read_bytes() == (GOLDEN / f"{GOLDEN_PLAN}.ics").read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["plan.ics"]  # no temp file left behind


def test_unknown_format_is_refused_with_the_list(run_cli):
    result = run_cli("export", str(ROOT / "plans" / f"{GOLDEN_PLAN}.toml"), "--format", "pdf")
    assert result.code == 2
    assert "markdown" in result.err and "ics" in result.err


# --- every sample plan, every format ----------------------------------------------------------------


SAMPLES = sorted(p.stem for p in (ROOT / "plans").glob("*.toml"))


@pytest.mark.parametrize("stem", SAMPLES)
def test_every_sample_plan_exports_in_every_format(stem, catalog, reproducible):
    ev = evaluation_of(stem, catalog)
    for fmt in FORMATS:
        text = render(ev, fmt)
        assert text.strip(), (stem, fmt)
    assert_csv_valid(render(ev, "csv"), ev)
    assert_html_valid(render(ev, "html"))
    assert_ics_valid(render(ev, "ics"), ev)
    assert_gantt_valid(render(ev, "mermaid"), ev)


# --- parse checks ------------------------------------------------------------------------------------


def assert_csv_valid(text: str, ev) -> list[dict[str, str]]:
    raw = text.encode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM to read Korean"
    assert b"\n" not in raw.replace(b"\r\n", b""), "every line ends in CRLF"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(ev.schedule.tasks)
    assert all(None not in row and all(v is not None for v in row.values()) for row in rows), "ragged row"
    return rows


def test_csv_has_one_row_per_task_with_dates_and_critical_flag(midsize):
    rows = assert_csv_valid(render(midsize, "csv"), midsize)
    by_id = {row["id"]: row for row in rows}
    for task in midsize.schedule.tasks:
        row = by_id[task.id]
        assert row["name"] == task.name
        assert (row["start"], row["end"]) == (task.start.isoformat(), task.end.isoformat())
        assert row["critical"] == ("yes" if task.critical else "no")
        assert row["depends_on"].split(", ") == (task.depends_on or [""])
        assert int(row["phase"]) == task.phase
    critical = {row["id"] for row in rows if row["critical"] == "yes"}
    assert critical == {t.id for t in midsize.schedule.tasks if t.critical}
    assert set(midsize.schedule.critical_path) <= critical


class StrictHtml(HTMLParser):
    """Records tags and checks nesting; void elements need no end tag."""

    VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr", "source", "path", "line", "rect", "polygon", "polyline", "circle"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def assert_html_valid(text: str) -> StrictHtml:
    parser = StrictHtml()
    parser.feed(text)
    parser.close()
    assert not parser.errors, parser.errors[:5]
    assert parser.stack == [], f"unclosed: {parser.stack}"
    names = [tag for tag, _ in parser.tags]
    assert "script" not in names and "link" not in names and "img" not in names and "iframe" not in names
    for tag, attrs in parser.tags:
        for key, value in attrs.items():
            assert not key.startswith("on"), f"event handler {key} on <{tag}>"
            if key in ("src", "href") and value:
                assert not re.match(r"[a-z]+:", value) or value.startswith("#"), f"external reference {value}"
    assert "@import" not in text and "url(http" not in text, "no external assets"
    csp = [a for t, a in parser.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "script-src" not in csp[0]["content"] and "default-src 'none'" in csp[0]["content"]
    return parser


def test_html_is_self_contained_with_gantt_and_cost_charts(midsize):
    text = render(midsize, "html")
    parser = assert_html_valid(text)
    svgs = [attrs.get("class") for tag, attrs in parser.tags if tag == "svg"]
    assert svgs == ["gantt", "cost"]
    # one bar or diamond per task in the Gantt chart, and every task name in the page
    gantt = text[text.index('<svg class="gantt"') : text.index("</svg>", text.index('<svg class="gantt"'))]
    assert gantt.count("<rect x=") - len(midsize.schedule.phases) + gantt.count("<polygon") == len(midsize.schedule.tasks)
    page = "".join(parser.text)
    for workload in midsize.workloads:
        assert workload.name in page
    assert krw(midsize.ledger.tco["plan"].total_krw) in page
    assert "@media print" in text and "@page" in text


def assert_ics_valid(text: str, ev) -> icalendar.Calendar:
    raw = text.encode("utf-8")
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line for line in lines), "CRLF line ends"
    assert all(len(line) <= 75 for line in lines), "folded at 75 octets"
    cal = icalendar.Calendar.from_ical(text)
    events = cal.walk("VEVENT")
    expected = len(ev.schedule.phases) + len(ev.schedule.tasks) or 1
    assert len(events) == expected
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    for event in events:
        assert isinstance(event.decoded("DTSTART"), date) and event.decoded("DTEND") > event.decoded("DTSTART")
        assert "DTSTAMP" in event
    return cal


def test_ics_events_are_all_day_with_exclusive_end(midsize, reproducible):
    cal = assert_ics_valid(render(midsize, "ics"), midsize)
    by_summary = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    for phase in midsize.schedule.phases:
        event = by_summary[f"Phase {phase.phase}: {phase.name}"]
        assert event.decoded("DTSTART") == phase.start
        assert event.decoded("DTEND") == phase.end + timedelta(days=1)
    milestones = [t for t in midsize.schedule.tasks if t.milestone]
    assert milestones
    for task in milestones:
        event = by_summary[f"Milestone: {task.name}"]
        assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(days=1)


def test_ics_uids_survive_a_schedule_change_and_a_new_export(catalog, tmp_path, monkeypatch):
    """Re-importing after an edit must update events, not duplicate them: same task id, same UID."""
    source = (ROOT / "plans" / f"{GOLDEN_PLAN}.toml").read_text(encoding="utf-8")
    edited = tmp_path / "edited.toml"
    edited.write_text(source.replace("[scenarios.", '[[tasks]]\nid = "p1.security-review"\nduration_days = 60\n\n[scenarios.', 1), encoding="utf-8")
    before = evaluate(read_plan(ROOT / "plans" / f"{GOLDEN_PLAN}.toml", catalog), catalog)
    after = evaluate(read_plan(edited, catalog), catalog)
    assert [t.end for t in before.schedule.tasks] != [t.end for t in after.schedule.tasks], "the edit should move dates"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    first = icalendar.Calendar.from_ical(render(before, "ics"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 86_400))
    second = icalendar.Calendar.from_ical(render(after, "ics"))

    def uids(cal):
        return {str(e["SUMMARY"]): str(e["UID"]) for e in cal.walk("VEVENT")}

    assert uids(first) == uids(second)
    stamps = [(a.decoded("DTSTAMP"), int(a["SEQUENCE"])) for a in first.walk("VEVENT")[:1]] + [
        (b.decoded("DTSTAMP"), int(b["SEQUENCE"])) for b in second.walk("VEVENT")[:1]
    ]
    assert stamps[1][0] > stamps[0][0] and stamps[1][1] > stamps[0][1], "a later export must look newer to the calendar"


GANTT_TASK = re.compile(r"^    (?P<name>[^:\n]+) :(?P<tags>(?:crit, |milestone, )*)t\d+, (?P<start>\d{4}-\d{2}-\d{2}), (?P<days>\d+)d$")


def assert_gantt_valid(text: str, ev) -> list[re.Match[str]]:
    lines = text.splitlines()
    assert lines[0] == "gantt"
    tasks = [GANTT_TASK.match(line) for line in lines if line.startswith("    ") and not line.lstrip().startswith(("title ", "dateFormat", "axisFormat", "todayMarker", "section "))]
    assert all(tasks), [line for line in lines if line.startswith("    ") and not GANTT_TASK.match(line)][:3]
    if ev.schedule.tasks:
        assert len(tasks) == len(ev.schedule.tasks)
        assert sum(1 for line in lines if line.startswith("    section ")) == len({t.phase for t in ev.schedule.tasks})
    return tasks


def test_gantt_marks_the_critical_path_and_milestones(midsize):
    matches = assert_gantt_valid(render(midsize, "mermaid"), midsize)
    critical = sum(1 for m in matches if "crit" in m["tags"])
    milestones = sum(1 for m in matches if "milestone" in m["tags"])
    assert critical == sum(1 for t in midsize.schedule.tasks if t.critical) > 0
    assert milestones == sum(1 for t in midsize.schedule.tasks if t.milestone) == 4
    by_start = {(m["start"], int(m["days"])) for m in matches}
    for task in midsize.schedule.tasks:
        days = 0 if task.milestone else (task.end - task.start).days + 1
        assert (task.start.isoformat(), days) in by_start


def test_markdown_report_has_every_section_and_renders_mermaid_blocks(midsize):
    text = render(midsize, "markdown")
    for heading in ("## Organization and strategy", "## Workloads and placement", "## Hardware", "## Phases", "## Timeline", "## Task dependencies", "## Cost", "## Assumptions and catalog dates"):
        assert heading in text
    assert text.count("```mermaid") == 2 and text.count("```") == 4
    phases_table = text[text.index("## Phases") : text.index("## Timeline")]
    assert sum(1 for line in phases_table.splitlines() if re.match(r"\| \d ", line)) == len(midsize.schedule.phases) == 4
    assert "flowchart LR" in text and "==>" in text  # critical path arrows
    for name, tco in midsize.ledger.tco.items():
        assert krw(tco.total_krw) in text
    assert midsize.catalog_dates["cloud_models"] == "2026-08-02" and "cloud models 2026-08-02" in text  # the cloud price catalog date the TCO rests on


def test_json_export_is_show_json(run_cli):
    plan = str(ROOT / "plans" / f"{GOLDEN_PLAN}.toml")
    exported = run_cli("export", plan, "--format", "json").out
    shown = run_cli("show", plan, "--json").out
    assert exported == shown and json.loads(exported)["name"] == "Mid-size internal assistant"
    assert exported.count("\n") == 1 and ", " not in exported.split('"situation"')[0]  # compact: one line, no padding


def test_json_indent_for_reading_is_the_same_document(run_cli, tmp_path):
    plan = str(ROOT / "plans" / f"{GOLDEN_PLAN}.toml")
    compact = run_cli("show", plan, "--json").out
    indented = run_cli("show", plan, "--json", "--indent", "4").out
    assert indented.startswith('{\n    "name": "Mid-size internal assistant",\n')
    assert json.loads(indented) == json.loads(compact)
    out = tmp_path / "plan.json"
    assert run_cli("export", plan, "--format", "json", "--indent", "2", "-o", str(out)).code == 0
    assert out.read_text(encoding="utf-8") == run_cli("show", plan, "--json", "--indent", "2").out
    with pytest.raises(SystemExit) as refused:
        run_cli("show", plan, "--json", "--indent", "many")
    assert refused.value.code == 2


def test_json_of_a_plan_larger_than_a_slice_is_the_whole_document_in_order(catalog):
    """Compact JSON is written a slice at a time (workloads, tasks, thresholds and the workloads' costs per Mtok):
    across several slices it is the same document, every key in order, as the indenting encoder writes whole."""
    from planner.export.json_export import ITEMS_PER_SLICE, evaluation_json
    from tests.bench.bench_engine import generated_plan

    ev = evaluate(generated_plan(2 * ITEMS_PER_SLICE + 5), catalog)
    assert len(ev.schedule.tasks) > 2 * ITEMS_PER_SLICE and len(ev.ledger.thresholds) > 2 * ITEMS_PER_SLICE
    compact = evaluation_json(ev)
    whole = json.loads(evaluation_json(ev, indent=1))
    assert json.loads(compact) == whole
    assert list(json.loads(compact)["cost_per_mtok"]["workloads"]) == [w.id for w in ev.workloads] == list(whole["cost_per_mtok"]["workloads"])
    assert [t["id"] for t in json.loads(compact)["tasks"]] == [t.id for t in ev.schedule.tasks]
    from planner.export.json_export import evaluation_document

    # indented: json.dumps' text of the whole document, though written a few thousand pieces at a time, each workload
    # (and each workload's cost per Mtok) converted only as the encoder reaches it
    assert evaluation_json(ev, indent=2) == json.dumps(evaluation_document(ev), ensure_ascii=False, indent=2) + "\n"


def test_show_json_is_byte_for_byte_the_document_as_orjson_writes_it(catalog, run_cli):
    """Workloads and tasks are written by pydantic-core a slice at a time, the rest by orjson: the text is the one orjson
    writes for the whole document (key order within each workload, floats, Korean text and every escape), and
    `show --json` writes those bytes to stdout."""
    import orjson

    from planner.export.json_export import evaluation_document, evaluation_json
    from planner.store.loader import load
    from tests.bench.bench_engine import generated_plan

    for ev in (evaluate(generated_plan(70), catalog), load(ROOT / "plans" / "hospital.toml", catalog).evaluation):
        whole = orjson.dumps(evaluation_document(ev), option=orjson.OPT_NON_STR_KEYS).decode() + "\n"
        assert evaluation_json(ev) == whole
        assert '"closed_vs_open":' in whole and '"warnings":' in whole
    assert run_cli("show", str(ROOT / "plans" / "hospital.toml"), "--json").out == whole


def test_closed_vs_open_in_show_json_is_compare_models_in_every_case(catalog):
    """`closed_vs_open` is written from texts kept per model pair (and rented offer), the prices per workload: each
    workload's is compare_models' as orjson writes it, whether its open model runs on a rented offer or on owned
    GPUs, a side has no price, or the catalogs lack its model (null); a price's text is its own where its provider's
    name needs JSON escapes or its GPU count differs."""
    import orjson

    from planner.domain.models_compare import compare_models
    from planner.export.json_export import evaluation_json
    from planner.store.loader import load

    ev = load(ROOT / "plans" / "public-agency-gpuaas.toml", catalog).evaluation
    owned = [w for w in ev.workloads if compare_models(w, ev)["open"]["residency"].startswith("owned")]
    unpriced = owned[0].model_copy(update={"priced_krw": {}})
    unknown = owned[1].model_copy(update={"cloud_model": "not-in-the-catalogs"})
    rented = next(w for w in ev.workloads if w not in owned)
    kept = rented.model_copy(update={"placement": "on_prem", "recommended": "on_prem"})  # the same models on owned GPUs
    quote = rented.gpuaas  # another provider name (JSON escapes in the price text around the amount) and GPU count
    odd = rented.model_copy(update={"gpuaas": quote.model_copy(update={"provider": 'Kakao "Cloud" \\ 카카오', "gpus": quote.gpus + 1, "total_krw": quote.total_krw + 1})})
    # the texts are kept by what they are made of: each part alone differs here (a boolean is not 1 in the text)
    alike = [rented.model_copy(update={"gpuaas": quote.model_copy(update=change)}) for change in ({"gpus": quote.gpus + 2}, {"gpu": "b200-180gb"}, {"gpus": 1}, {"gpus": True}, {"offer": "not-an-offer"}, {"provider": "Other Cloud"})]
    alike.append(kept.model_copy(update={"priced_krw": {"cloud": kept.priced_krw["cloud"]}}))  # its open side not priced
    ev = ev.model_copy(update={"workloads": [unpriced, unknown, rented, kept, odd, *alike, *(w for w in ev.workloads if w not in owned[:2] and w is not rented)]})
    comparisons = [compare_models(w, ev) for w in ev.workloads]
    assert comparisons[1] is None and comparisons[0]["closed"]["price_krw"] is None and comparisons[0]["open"]["price_krw"] is None
    assert any(c and "rented" in c["open"]["residency"] for c in comparisons) and any(c and c["open"]["residency"].startswith("owned") for c in comparisons)
    assert f"on {quote.gpus + 1} x {quote.gpu} rented at Kakao \"Cloud\" \\ 카카오 over" in comparisons[4]["open"]["price"]
    assert "on True x " in comparisons[8]["open"]["price"] and "on 1 x " in comparisons[7]["open"]["price"] and "b200-180gb" in comparisons[6]["open"]["price"]
    assert comparisons[9]["open"]["residency"].startswith("owned")  # its offer not in the catalogs: the owned side
    assert "Other Cloud" in comparisons[10]["open"]["price"] and comparisons[11]["open"]["price_krw"] is None is not comparisons[11]["closed"]["price_krw"]
    written = evaluation_json(ev)
    for i, comparison in enumerate(comparisons):
        assert b'"closed_vs_open":' + orjson.dumps(comparison) + b',"warnings":' in written.encode(), i
    assert [w["closed_vs_open"] for w in json.loads(written)["workloads"]] == comparisons


def test_tasks_written_from_their_values_are_the_bytes_pydantic_core_writes(catalog):
    """Tasks are written by orjson from their values, a slice at a time, where it writes them as pydantic-core does:
    a slice with a whole number or a boolean where a float is declared (an FTE of 1, a lead time of 2 weeks), a
    boolean where an integer is, or an integer past 64 bits is written as pydantic-core writes it (`1.0`, `1`)."""
    import warnings

    from planner.domain.results import WorkloadResult
    from planner.export.json_export import _tasks_text, as_written
    from tests.bench.bench_engine import generated_plan

    tasks = evaluate(generated_plan(30), catalog).schedule.tasks
    task = next(t for t in tasks if t.roles)
    role = next(iter(task.roles))
    odd = [
        task.model_copy(update={"roles": {role: 1}}),
        task.model_copy(update={"roles": {role: 0.5, "other": True}}),
        task.model_copy(update={"lead_time_weeks": 2}),
        task.model_copy(update={"phase": True}),
        task.model_copy(update={"slack_days": 2**70}),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydantic-core warns of a boolean where an integer is declared
        for tasks_slice in (tasks, *([*tasks[:5], changed, *tasks[5:9]] for changed in odd)):
            expected = b",".join(t.__pydantic_serializer__.to_json(t) for t in tasks_slice)
            assert bytes(_tasks_text(tasks_slice)) == expected
    assert b'"lead_time_weeks":2.0' in bytes(_tasks_text([odd[2]])) and b'"phase":1,' in bytes(_tasks_text([odd[3]]))
    assert as_written(type(task)) is not None and as_written(WorkloadResult) is None  # a JSON name of its own: not its values


def test_workloads_rented_gpu_quotes_written_from_their_values_are_the_bytes_pydantic_core_writes(catalog):
    """A workload's rented-GPU quote is written by orjson from its values (its options too), a slice of workloads at a
    time, where it writes them as pydantic-core does: a slice with a whole number where a float is declared (in the
    quote or one of its options), a boolean where an integer is (in a field or a list), or an integer past 64 bits is
    written as pydantic-core writes it (`0.0`, `1`)."""
    import warnings

    from planner.export.json_export import Shared, _compact, _workload, _workload_parts, _workloads_text
    from tests.bench.bench_engine import generated_plan

    ev = evaluate(generated_plan(12), catalog)
    rented = [w for w in ev.workloads if w.gpuaas is not None]
    assert len(rented) > 3 and all(w.gpuaas.options for w in rented)
    first = rented[0]
    quote, option = first.gpuaas, first.gpuaas.options[0]

    def with_quote(**changed):
        return first.model_copy(update={"gpuaas": quote.model_copy(update=changed)})

    odd = [
        with_quote(capacity_tokens_per_s=0),
        with_quote(gpus=True),
        with_quote(gpus_by_year=[1, True]),
        with_quote(options=[option.model_copy(update={"price_krw_per_gpu_hour": 6500}), *quote.options[1:]]),
        with_quote(total_krw=2**70),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydantic-core warns of a boolean where an integer is declared
        for workloads in (rented, *([*rented[:2], changed, *rented[2:]] for changed in odd)):
            parts: list = []
            for w in workloads:  # each quote by pydantic-core
                parts.append(b",")
                _workload_parts(w, ev, Shared(), parts, quotes_written=False)
            expected = b"".join(parts[1:])
            assert bytes(_workloads_text(workloads, ev, Shared())) == expected
            if workloads is rented:
                assert expected == b",".join(_compact(_workload(w, ev)) for w in workloads)
    assert b'"capacity_tokens_per_s":0.0,' in bytes(_workloads_text([odd[0]], ev, Shared()))
    assert b'"price_krw_per_gpu_hour":6500.0,' in bytes(_workloads_text([odd[3]], ev, Shared()))


def test_workloads_written_from_their_values_are_the_bytes_pydantic_core_writes(catalog):
    """Workloads are written by orjson from their values (`_workload_values`), a slice at a time, the same bytes as
    pydantic-core writes for them (`_workload_parts`) on every sample plan and a generated one: every placement incl.
    air-gapped and rented GPUs, overrides, regulated workloads, rate limits, committed-use offers, cached prompts,
    quotes, warnings, each written from its values. Values an unvalidated result may hold are written as pydantic-core
    writes them too: a whole number or a boolean where a float is declared (`0.0`), rounded fields rounded as the
    JSON declares (a whole number as it is), a boolean where an integer is (`1`), an integer past 64 bits."""
    import warnings

    from planner.domain.results import CloudCostBreakdown, CommittedUse, RateLimitCheck
    from planner.export.json_export import Shared, _Odd, _workload_parts, _workload_values, _workloads_text
    from tests.bench.bench_engine import generated_plan

    def pydantic_core_text(workloads, ev):
        parts: list = []
        for w in workloads:
            parts.append(b",")
            _workload_parts(w, ev, Shared(), parts)
        return b"".join(parts[1:])

    evaluations = [evaluation_of(stem, catalog) for stem in SAMPLES] + [evaluate(generated_plan(30), catalog)]
    seen = set()
    for ev in evaluations:
        for w in ev.workloads:
            _workload_values(w, ev, Shared(), False)  # written from its values: no `_Odd`
            breakdown = w.cloud_cost_breakdown
            seen |= {w.placement, ("overridden", w.overridden), ("rate limit", w.rate_limit is not None), ("quote", w.gpuaas is not None)}
            seen |= {("committed use", breakdown.committed_use is not None), ("cached", breakdown.cached_prefix_tokens > 0), ("warnings", bool(w.warnings))}
        assert bytes(_workloads_text(ev.workloads, ev, Shared())) == pydantic_core_text(ev.workloads, ev)
    assert {"cloud", "hybrid", "on_prem", "on_prem_airgap", "gpuaas"} <= seen
    assert all((name, True) in seen and (name, False) in seen for name in ("overridden", "rate limit", "quote", "committed use", "cached", "warnings"))

    ev = evaluations[-1]
    first = next(w for w in ev.workloads if w.rate_limit is not None and w.cloud_cost_breakdown.committed_use is not None)
    breakdown, committed = first.cloud_cost_breakdown, first.cloud_cost_breakdown.committed_use
    rounded = [5, True, 79.2049, 0.125, 2.675, -0.0, 2.0**60, float("inf"), float("nan")]
    odd = [
        first.model_copy(update={"cloud_cost_breakdown": CloudCostBreakdown()}),  # the defaults: whole numbers in float fields
        first.model_copy(update={"onprem_share": 1, "embeddings_usd_per_month": True, "rate_limit": first.rate_limit.model_copy(update={"peak_rpm": 60})}),
        first.model_copy(update={"rate_limit": RateLimitCheck.of_valid({"provider": "p", "peak_rpm": 1.5, "peak_tpm": 2, "tier_needed": None})}),
        first.model_copy(update={"input_tokens": True}),
        first.model_copy(update={"priced_krw": {"cloud": True}}),
        first.model_copy(update={"cloud_cost_breakdown_krw": first.cloud_cost_breakdown_krw.model_copy(update={"list_krw": False})}),
        first.model_copy(update={"cost_of_compliance_krw": 2**70}),
        first.model_copy(update={"cloud_cost_breakdown": breakdown.model_copy(update={"list_usd": 2**70, "batch_savings_usd": 3})}),
        *(
            first.model_copy(update={
                "requests_per_day": value, "requests_per_month": value, "cloud_cost_usd_per_month": value,
                "cloud_cost_breakdown": breakdown.model_copy(update={"cached_prefix_tokens": value, "committed_use": committed.model_copy(update={
                    "usd_per_month": value, "pay_as_you_go_usd_per_month": value, "utilization": value, "break_even_utilization": value,
                    "break_even_requests_per_month": value,
                })}),
            })
            for value in rounded
        ),
        first.model_copy(update={"cloud_cost_breakdown": breakdown.model_copy(update={"committed_use": CommittedUse.of_valid({**committed.__dict__, "units": True})})}),
        first.model_copy(update={"cloud_cost_breakdown": breakdown.model_copy(update={"committed_use": committed.model_copy(update={"units": 2**70})})}),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydantic-core warns of a boolean where an integer is declared
        for changed in odd:
            workloads = [*ev.workloads[:3], changed, *ev.workloads[3:6]]
            assert bytes(_workloads_text(workloads, ev, Shared())) == pydantic_core_text(workloads, ev)
    text = bytes(_workloads_text(odd[:3] + odd[8:-1], ev, Shared()))  # written from their values (none past 64 bits)
    assert b'"list":0.0,' in text and b'"onprem_share":1.0,' in text and b'"peak_rpm":60.0,' in text and b'"peak_tpm":2.0,' in text
    assert b'"requests_per_day":5,' in text and b'"utilization":0.125,' in text and b'"break_even_requests_per_month":79.0,' in text
    with pytest.raises(_Odd):
        _workload_values(odd[3], ev, Shared(), False)


def test_workload_with_a_quote_of_another_class_is_written_as_pydantic_core_writes_it(catalog):
    """A quote of a class other than GpuaasQuote (a subclass: not written from its values) is written within its
    workload by pydantic-core, as `_workload` gives it, its serializer built for it the first time."""
    import warnings

    from planner.domain.results import GpuaasQuote
    from planner.export.json_export import Shared, _compact, _workload, _workloads_text
    from tests.bench.bench_engine import generated_plan

    class Quote(GpuaasQuote):
        pass

    ev = evaluate(generated_plan(6), catalog)
    first = next(w for w in ev.workloads if w.gpuaas is not None)
    other = first.model_copy(update={"gpuaas": Quote.of_valid(dict(first.gpuaas.__dict__))})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydantic-core may warn of the subclass
        expected = b",".join(_compact(_workload(w, ev)) for w in (first, other))
        assert bytes(_workloads_text([first, other], ev, Shared())) == expected
    assert expected.count(b'"gpuaas":{"offer":') == 2


def test_thresholds_written_from_their_values_are_their_dumps_as_orjson_writes_them(catalog):
    """Thresholds are encoded from their values as they are: the text is their `model_dump()`s' (a whole number where a
    float is declared stays one, as the dump keeps it), and an integer past 64 bits goes through the json module as before."""
    from planner.export.json_export import _compact, _dumped_text
    from tests.bench.bench_engine import generated_plan

    thresholds = evaluate(generated_plan(30), catalog).ledger.thresholds
    first = thresholds[0]
    odd = [first.model_copy(update={"threshold_usd_per_month": 5}), first.model_copy(update={"capex_krw": 2**70})]
    for items in (thresholds, *([*thresholds[:3], changed] for changed in odd)):
        assert bytes(_dumped_text(items)) == _compact([t.model_dump() for t in items])[1:-1]
    assert b'"capex_krw":1180591620717411303424,' in bytes(_dumped_text([odd[1]]))


def test_cost_per_mtok_entries_are_the_unit_costs_as_dumped_then_their_krw(catalog):
    """Each `cost_per_mtok` entry begins with its UnitCost as pydantic dumps it (every field, in order), then the KRW keys."""
    from planner.export.billing import unit_cost_document
    from planner.store.loader import load

    units = load(ROOT / "plans" / "hospital.toml", catalog).evaluation.cost_per_mtok
    entries = [*units.strategies.values(), *(u for entry in units.workloads.values() for u in entry.values())]
    assert len(entries) > 5 and any(u.usage_only_usd_per_mtok is not None for u in entries)
    for unit in entries:
        document = unit_cost_document(unit, 1400.0)
        dumped = unit.model_dump()
        assert list(document.items())[: len(dumped)] == list(dumped.items())
        added = {"krw_per_mtok", "krw_per_request"} | ({"usage_only_krw_per_mtok"} if unit.usage_only_usd_per_mtok is not None else set())
        assert set(document) - set(dumped) == added
        assert document["krw_per_mtok"] == round(unit.usd_per_mtok * 1400.0)


def test_cost_per_mtok_entries_written_once_per_distinct_values_are_each_entrys_own(catalog):
    """A workload's `cost_per_mtok` entries are written once per distinct values and reused: entries whose values only
    equality would take for the same (0.0 and -0.0, 5 and 5.0) each get their own text, and a slice with an integer past
    64 bits goes through the json module as before. Entries of a name the first slice found all distinct are written
    each time from then on: the same text."""
    from planner.export.billing import unit_cost_document
    from planner.export.json_export import ITEMS_PER_SLICE, _compact, _unit_costs_text
    from planner.store.loader import load

    units = load(ROOT / "plans" / "hospital.toml", catalog).evaluation.cost_per_mtok
    unit = next(u for entry in units.workloads.values() for u in entry.values() if u.usage_only_usd_per_mtok is not None)
    odd = [
        *(unit.model_copy(update={"usd_per_request": value}) for value in (0.0, -0.0, 0.0)),
        *(unit.model_copy(update={"usd_per_mtok": value}) for value in (5.0, 5, 5.0)),
        *(unit.model_copy(update={name: value}) for name in ("usage_only_usd_per_request", "utilization") for value in (0.0, -0.0, 0.0)),
        unit.model_copy(update={"usage_only_usd_per_mtok": None}),
        unit,
    ]

    def convert(entry):
        return {where: unit_cost_document(u, 1400.0) for where, u in entry.items()}

    for units_of in (odd, [*odd, unit.model_copy(update={"usd_per_mtok": 2**70})]):
        workloads = {f"w{i}": {"cloud": u, "on_prem": unit} for i, u in enumerate(units_of)}
        expected = _compact({key: convert(entry) for key, entry in workloads.items()})[1:-1]
        for unkept in (set(), {"cloud"}, {"cloud", "on_prem"}):  # entries of these names written each time: the same text
            assert bytes(_unit_costs_text(workloads, list(workloads), convert, 1400.0, {}, unkept)) == expected
    # a first slice whose `on_prem` entries are all distinct: written each time from then on, though later ones repeat
    distinct = [unit.model_copy(update={"usd_per_mtok": unit.usd_per_mtok + i + 1}) for i in range(ITEMS_PER_SLICE)]
    workloads = {f"w{i}": {"cloud": unit, "on_prem": u} for i, u in enumerate([*distinct, *odd, *distinct])}
    keys, written, unkept = list(workloads), {}, set()
    texts = [bytes(_unit_costs_text(workloads, keys[i : i + ITEMS_PER_SLICE], convert, 1400.0, written, unkept)) for i in range(0, len(keys), ITEMS_PER_SLICE)]
    assert b",".join(texts) == _compact({key: convert(entry) for key, entry in workloads.items()})[1:-1] and unkept == {"on_prem"}
    assert b'"krw_per_request":-0.0' in expected and b'"usd_per_mtok":5,' in expected and b'"usd_per_mtok":1180591620717411303424,' in expected
    assert b'"usage_only_usd_per_request":-0.0' in expected and b'"utilization":-0.0' in expected


def test_rounded_json_fields_are_written_as_round_gives_them():
    """A float the JSON gives rounded is written as round() gives it, whole floats (-0.0, past 2**53, infinite) and
    values that are not floats (a whole number or a boolean a result was made with, unvalidated) alike."""
    import orjson

    from planner.domain.results import CommittedUse

    made = CommittedUse(offer="o", unit="PTU", units=1, usd_per_month=1, pay_as_you_go_usd_per_month=2, utilization=0.5, break_even_utilization=None,
                        break_even_requests_per_month=None, used=False)
    for value in (-0.0, 0.0, 3315.0, 2.0**60, 1e300, float("inf"), 79.2049, 0.125, 2.675, 5, True):
        changed = made.model_copy(update={"usd_per_month": value, "utilization": value, "break_even_requests_per_month": value})
        expected = {**changed.model_dump(), "usd_per_month": round(value, 2), "utilization": round(value, 4), "break_even_requests_per_month": round(value, 0)}
        assert changed.model_dump_json().encode() == orjson.dumps(expected), value


def test_json_rounding_gives_the_float_round_gives_at_halves_and_either_side_of_them():
    """show --json rounds a workload's requests and USD amounts to 2 digits, utilizations to 4, cached prefix tokens to
    1 and break-even requests to 0 without round()'s decimal text where it can (`money.round_like_builtin`): it writes the
    very float round() gives, for exact halves (k + 0.5) / 10**digits, the floats either side of them, whole steps,
    figures across many magnitudes, and zeros, negatives, huge and non-finite figures."""
    import math
    import random
    import struct

    from planner.export.json_export import _rounded

    draw = random.Random(16)
    for digits in (0, 1, 2, 4):
        figures = [draw.uniform(0, 1) * 10 ** draw.uniform(-6, 9) for _ in range(5_000)]
        for k in (*range(1_000), *(draw.randrange(10**9) for _ in range(1_000))):
            half = (k + 0.5) / 10**digits
            figures += [half, math.nextafter(half, 0.0), math.nextafter(half, math.inf), k / 10**digits + 1 / 10 ** (digits + 3)]
        figures += [0.0, -0.0, -1.235, -0.00005, 1e300, 2.0**31 / 10**digits, 5e-324, math.inf, -math.inf]
        for x in figures:
            assert struct.pack("<d", _rounded(x, digits)) == struct.pack("<d", round(x, digits)), (x, digits)


def test_won_amounts_read_in_man_and_eok_with_a_thousands_separator_wherever_the_figure_reaches_a_thousand():
    """krw (every 만원/억원 amount shown) writes 1,000만원 and up with its comma, 999만원 and 1.0억원..99.9억원 without
    one, and 100억원 up grouped, at each boundary and its neighbours (999.5만원 rounds half to even to 1,000만원)."""
    import random

    from planner.domain.money import EOK, MAN

    draw = random.Random(16)
    amounts = [draw.randrange(10 ** draw.randrange(1, 14)) for _ in range(5_000)]
    for edge in (MAN, 999 * MAN, 9_994_999, 9_995_000, 9_995_001, 1_000 * MAN, 10_005_000, EOK, 100 * EOK - EOK // 20, 100 * EOK, 1_000 * EOK):
        amounts += [edge - 1, edge, edge + 1, edge + 0.4, edge - 0.5]
    for amount in (*amounts, *(-a for a in amounts)):
        value = abs(round(amount))
        sign = "-" if round(amount) < 0 else ""
        figure = f"{value / EOK:,.1f}억원" if EOK <= value < 100 * EOK else f"{value / EOK:,.0f}억원" if value >= EOK else f"{value / MAN:,.0f}만원" if value >= MAN else f"{value:,}원"
        assert krw(amount) == sign + figure, amount
    assert (krw(9_994_999), krw(9_995_000), krw(12_345_678_901)) == ("999만원", "1,000만원", "123억원")


def _readme_workload_keys() -> list[str]:
    """The `workloads[]` key list the README documents, nested `{...}` parts and `[]` marks left out."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = text.split("in this order:\n`", 1)[1].split("`", 1)[0]
    listed = re.sub(r"\{[^}]*\}", "", listed).replace("[]", "")
    return [key.strip() for key in listed.split(",")]


def test_every_workload_result_field_is_a_json_key_as_the_readme_lists_them(catalog):
    """WorkloadResult is the JSON's workload: each field is there under its JSON name, in order, and the
    README lists exactly those keys (a field added to the model shows up in both, or this fails)."""
    from planner.domain.results import WorkloadResult

    ev = evaluation_of("bank-customer-service", catalog)
    document = json.loads(render(ev, "json"))
    fields = [field.serialization_alias or name for name, field in WorkloadResult.model_fields.items()]
    expected = [*fields[:-1], "closed_vs_open", fields[-1]]  # the one key composed from the whole evaluation
    assert "placement_costs_krw" in expected and "priced_krw" not in expected
    for result, entry in zip(ev.workloads, document["workloads"], strict=True):
        assert list(entry) == expected
        assert entry["placement_costs_krw"] == result.priced_krw
        assert entry["requests_per_day"] == round(result.requests_per_day, 2)
        assert entry["cloud_cost_breakdown"]["as_billed"] == result.cloud_cost_breakdown.as_billed_usd
    assert _readme_workload_keys() == expected


def test_each_scenario_is_its_result_model_with_the_on_prem_break_even_the_readme_lists(catalog):
    """`scenarios[]` is ScenarioResult as it is: the on-prem break-even month a scenario computes reaches the
    JSON (it was left out by a hand-written copy), and the README lists the same keys."""
    from planner.domain.results import ScenarioResult

    ev = evaluation_of("bank-customer-service", catalog)
    document = json.loads(render(ev, "json"))
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = re.sub(r"\{[^}]*\}", "", text.split("`ScenarioResult` the same way: `", 1)[1].split("`", 1)[0])
    assert [key.strip() for key in listed.split(",")] == list(ScenarioResult.model_fields)
    assert document["scenarios"], "the bank sample has scenarios"
    for scenario, entry in zip(ev.scenarios, document["scenarios"], strict=True):
        assert list(entry) == list(ScenarioResult.model_fields)
        assert entry["on_prem_break_even_month"] == scenario.on_prem_break_even_month
        assert entry["tco"]["plan"]["total_krw"] == scenario.tco["plan"].total_krw


def test_reports_of_a_large_plan_list_every_rule_of_the_first_workloads_and_say_where_the_rest_are(catalog):
    """Past TRACES_IN_REPORTS workloads the decision page and the Markdown stop listing every rule (at 10,000
    workloads: 80,000 rules, 72 MB of HTML); the placement table and each workload's deciding rule stay whole."""
    from planner.domain.evaluate import evaluate
    from planner.export.report import TRACES_IN_REPORTS
    from tests.bench.bench_engine import generated_plan

    plan = generated_plan(TRACES_IN_REPORTS + 30)
    ev = evaluate(plan, catalog)
    last_traced, first_untraced = ev.workloads[TRACES_IN_REPORTS - 1], ev.workloads[TRACES_IN_REPORTS]
    for fmt in ("markdown", "html"):
        text = render(ev, fmt)
        start = text.index("Every rule that applied, per workload")
        details = text[start : text.index("</details>", start)]
        assert "… and 30 more workloads: " in details
        assert ("<code>planner show</code>" if fmt == "html" else "`planner show`") in details  # the command as code in both
        assert last_traced.id in details and first_untraced.id not in details
        assert first_untraced.id in text[: text.index("Every rule that applied, per workload")]  # table and deciding rule


def test_diagrams_of_a_large_plan_stay_within_what_mermaid_draws_and_say_which_tasks_they_show(catalog):
    """Mermaid (GitHub, GitLab, mermaid-cli) refuses a flowchart with more than 500 arrows and any diagram over
    50,000 characters: a 120-workload plan (about 800 dependencies) got an error box instead of its diagrams. They
    now draw the shared tasks and the first workloads' tasks, say so, and the HTML Gantt draws the same tasks."""
    from tests.bench.bench_engine import generated_plan

    ev = evaluate(generated_plan(120), catalog)
    assert sum(len(t.depends_on) for t in ev.schedule.tasks) > 500  # the whole network would not be drawn
    text = render(ev, "markdown")
    gantt, flow = re.findall(r"```mermaid\n(.*?)```", text, re.S)
    assert len(gantt) <= 50_000 and len(flow) <= 50_000
    arrows = re.findall(r"^    (t\d+) [-=]=?> (t\d+)$", flow, re.M)
    assert 0 < len(arrows) <= 500
    nodes = set(re.findall(r"^        (t\d+)[\[{]", flow, re.M))
    assert all(a in nodes and b in nodes for a, b in arrows)  # no arrow to a task the chart leaves out
    bars = re.findall(r"[:,] ?(t\d+), \d{4}-\d\d-\d\d, \d+d$", gantt, re.M)
    assert set(bars) == nodes  # both diagrams draw the same tasks
    shown = int(re.search(r"the first (\d+) of 120 workloads", text).group(1))
    assert 0 < shown < 120 and text.count("the first") >= 2  # said under both diagrams
    ids = {t.id: f"t{n}" for n, t in enumerate(ev.schedule.tasks, start=1)}
    drawn_workloads = {t.workload for t in ev.schedule.tasks if ids[t.id] in nodes and t.workload}
    assert drawn_workloads == {w.id for w in ev.workloads[:shown]}
    assert all(ids[t.id] in nodes for t in ev.schedule.tasks if not t.workload)  # the shared tasks always
    page = render(ev, "html")
    timeline = page[page.index('<section id="timeline">') : page.index("</section>", page.index('<section id="timeline">'))]
    assert timeline.count("<g><title>") == len(nodes)
    assert f"the first {shown} of 120 workloads, like the Markdown report" in timeline and "<code>planner export --format csv</code>" in timeline
    standalone = render(ev, "mermaid")
    assert len(standalone) <= 50_000 and f"%% The chart shows the shared tasks and those of the first {shown} of 120" in standalone


def test_a_small_plans_diagrams_draw_every_task(midsize):
    text = render(midsize, "markdown")
    gantt, flow = re.findall(r"```mermaid\n(.*?)```", text, re.S)
    assert len(re.findall(r"^        t\d+[\[{]", flow, re.M)) == len(midsize.schedule.tasks)
    assert "The chart shows the shared tasks" not in text and "%%" not in render(midsize, "mermaid")


def test_trace_steps_and_key_dates_written_from_their_values_are_the_bytes_pydantic_core_writes(catalog):
    """A workload's trace steps and the schedule's key dates are written by orjson from their values (a `show --json`
    process then never uses pydantic-core's serializer, whose first use imports modules of its own), the same bytes as
    pydantic-core writes: every step of the sample plans and a generated one, steps with escapes, Korean text and
    `note` set (left out of the JSON); key dates none, a date, text to dates. Values of other types (not text in a
    step, a datetime, a key that is not text, bytes) are written as pydantic-core writes them."""
    import warnings
    from datetime import datetime

    from planner.domain.messages import Message
    from planner.export.json_export import _compact, _key_dates_text, _step_text
    from tests.bench.bench_engine import generated_plan

    evaluations = [evaluation_of(stem, catalog) for stem in SAMPLES] + [evaluate(generated_plan(30), catalog)]
    steps = list({id(step): step for ev in evaluations for w in ev.workloads for step in w.trace}.values())
    step = steps[0]
    odd = [
        step.model_copy(update={"question": Message('a "quoted" \\ 카카오\n\u2028\x1f\x7f'), "note": True}),
        step.model_copy(update={"rule": 'plain "text"', "answer": "str, not a Message"}),
        step.model_copy(update={"answer": None}),
        step.model_copy(update={"source": 3}),
        step.model_copy(update={"source": b"bytes"}),  # text to pydantic-core, not JSON to orjson
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydantic-core warns of a value of another type than its field's
        for written in (*steps, *odd):
            assert _step_text(written) == written.__pydantic_serializer__.to_json(written)
    assert len(steps) > 50 and any(s.note for s in steps) and b'"note"' not in _step_text(odd[0])

    schedules = [ev.schedule for ev in evaluations]
    assert any(s.rented_from for s in schedules) and any(s.migration_end for s in schedules) and any(s.go_live is None for s in schedules)
    schedule = next(s for s in schedules if s.rented_from and s.go_live)
    day = schedule.go_live
    odd_schedules = [
        schedule.model_copy(update={"go_live": datetime(day.year, day.month, day.day, 3, 4)}),
        schedule.model_copy(update={"rented_from": {**schedule.rented_from, 1: day}}),
        schedule.model_copy(update={"migration_end": {"w": day.isoformat()}}),
        schedule.model_copy(update={"bridge_from": {"w": datetime(day.year, day.month, day.day)}}),
        schedule.model_copy(update={"bridge_from": {"w": b"bytes"}}),
        schedule.model_copy(update={"pilot_delivery": None, "production_delivery": day}),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for written in (*schedules, *odd_schedules):
            assert _key_dates_text(written) == _compact(written.key_dates_json())
