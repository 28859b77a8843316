"""Command output and reports in Korean (#19): what is shown follows --lang, what is saved never does.

The pseudo-locale (qps) accents every letter that went through gettext, so an English word left in a
translated command output or report section is a string that skipped translation. Words that are data
(the plan's text, catalog entries, the domain's plain str results such as ids) are allowed.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
import tomllib

import pytest

from planner import i18n
from planner.domain.plan import Workload
from planner.export import html as html_report
from planner.export import markdown as markdown_report
from planner.export import text as show
from planner.export.ics import calendar
from planner.store.loader import load
from planner.store.shipped import sample_plan_dir, shipped_catalog_dir
from tests.conftest import plain_strings

WORD = re.compile(r"[A-Za-z][A-Za-z0-9']*[A-Za-z0-9]")
MERMAID_ID = re.compile(r"t\d+|P\d|[0-9a-f]{6}")
"""Node ids (t12, P3) and colours (c0392b) in the Mermaid charts."""
TECHNICAL = {"GPU", "GPUs", "API", "KRW", "USD", "TCO", "FTE", "LLM", "ML", "POC", "CSAP", "ISMS", "DPA", "EU", "Q1a", "Q1", "Q2", "Q3", "Q4", "W", "planner", "true", "false"}
"""Acronyms, units and the program's name: the same in every language."""
PLANS = ("bank-customer-service", "hospital", "public-agency-gpuaas", "defense-airgap", "midsize-chatbot")


@pytest.fixture(autouse=True)
def english_unless_asked():
    """Start and end each test in English (a CLI run with --lang ko leaves the process in Korean)."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def korean():
    i18n.set_language("ko")
    yield
    i18n.set_language("en")


@functools.cache
def catalog_data() -> frozenset[str]:
    """The shipped catalogs' strings that are data (names, ids, sources): those the Korean catalogs translate
    (a law's name, a rule's reason, a licence term, an uncertain input's name) must show translated. Read once
    per process (the shipped catalogs do not change during a run)."""
    translated = {m.replace("{{", "{").replace("}}", "}") for m in i18n.translator(i18n.PSEUDO).known if isinstance(m, str)}
    found: set[str] = set()
    for file in shipped_catalog_dir().glob("*.toml"):
        plain_strings(tomllib.loads(file.read_text(encoding="utf-8")), found)
    return frozenset(found - {text for text in translated if " " in text})  # an id (`public`) that is also a word stays data


def _data_words(path, evaluation) -> set[str]:
    found: set[str] = set(catalog_data())
    plain_strings(tomllib.loads(path.read_text(encoding="utf-8")), found)
    plain_strings(evaluation, found)
    found.update(Workload.model_fields)  # `data = personal`: the plan's own keys, as written in the file
    return found | TECHNICAL


def _untranslated_lines(text: str, allowed: set[str]) -> list[str]:
    """`_untranslated` line by line (a command's output: no data phrase spans two lines)."""
    return sorted({word for line in text.splitlines() for word in _untranslated(line, allowed)})


PROSE = {"the", "of", "and", "to", "in", "for", "is", "on", "at", "by", "with", "from", "a", "an", "or", "not", "no", "are", "be", "it", "its", "as", "than", "per", "each", "this", "that", "which", "when", "after", "before", "over", "under", "only", "all", "more", "less", "would", "could", "should", "has", "have", "was", "were", "will", "can", "may", "must", "does", "do", "if", "but", "so", "then"}
"""English words that make a sentence: data (a source citation, a plan's note) may hold them, but a data phrase is
removed whole first, so one of these left on screen is English a sentence around the data said."""


def _untranslated(text: str, allowed: set[str]) -> list[str]:
    """English words in `text` that are not data. `allowed` holds data strings: one with a space is a phrase
    (removed from the text where it occurs whole, longest first, or cut to fit with `…`: a source citation's words
    are not allowed elsewhere), one without is a word (an id, a key, a name), split like the text (`lead_time`)."""
    text = re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.S)  # the page's CSS is not shown
    plain = html.unescape(re.sub(r"<[^>]+>", " ", text))
    plain = re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), plain.replace("#amp;", "&").replace("#quot;", '"'))  # Mermaid's entities
    plain = " ".join(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", plain).replace("\u2060", "").split())  # Markdown escapes (and @\u2060); wrapped lines
    phrases = sorted({" ".join(a.split()) for a in allowed if " " in a.strip()}, key=len, reverse=True)
    for phrase in phrases:
        if phrase in plain:
            plain = plain.replace(phrase, " ")
    for token in sorted({a for a in allowed if " " not in a and re.search(r"\w[-_./]\w", a)}, key=len, reverse=True):
        if token in plain:  # an id or key (on_prem, days_per_month, as-billed) is data whole
            plain = re.sub(r"(?<![\w-])" + re.escape(token) + r"(?![\w-])", " ", plain)
    starts = sorted(phrases)
    for end in [m.start() for m in re.finditer("…", plain)][::-1]:  # a name cut to its column
        window = plain[max(0, end - 80) : end]
        for j in range(len(window) - 2):
            found = bisect.bisect_left(starts, window[j:])
            if found < len(starts) and starts[found].startswith(window[j:]):
                plain = plain[: end - len(window) + j] + " " + plain[end + 1 :]
                break
    words = {w for a in allowed for w in WORD.findall(a)} - PROSE  # a data phrase can be cut or composed
    cut = {m for m in re.findall(r"([A-Za-z]+)…", plain) if any(w.startswith(m) for w in words)}
    return sorted({w for w in WORD.findall(plain) if w not in words and w not in cut and not MERMAID_ID.fullmatch(w)})


def _ics_text(ics: str) -> str:
    """The SUMMARY, DESCRIPTION and CATEGORIES values (what a calendar shows), unfolded."""
    lines = ics.replace("\r\n ", "").split("\r\n")
    values = [line.split(":", 1)[1] for line in lines if line.startswith(("SUMMARY:", "DESCRIPTION:", "CATEGORIES:"))]
    return "\n".join(v.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\") for v in values)


@pytest.mark.parametrize("stem", PLANS)
def test_every_translated_output_shows_no_english_that_skipped_gettext(stem, catalog, pseudo):
    path = sample_plan_dir() / f"{stem}.toml"
    ev = load(str(path), catalog).evaluation
    allowed = _data_words(path, ev)
    shown = {
        "show": show.show_text(ev),
        "html": "".join(
            section(ev)
            for section in (
                html_report.section_decision,
                html_report.section_overview,
                html_report.section_placements,
                html_report.section_phases,
                html_report.section_warnings,
                html_report.section_cloud_bill,
                html_report.section_cost_per_mtok,
                html_report.section_cost,
            )
        ),
        "markdown": "\n".join(
            line
            for section in (
                markdown_report.section_decision,
                markdown_report.section_overview,
                markdown_report.section_placements,
                markdown_report.section_phases,
                markdown_report.section_cloud_bill,
                markdown_report.section_cost_per_mtok,
            )
            for line in section(ev)
        ),
        "ics": _ics_text(calendar(ev)),
    }
    leaks = {name: _untranslated(text, allowed) for name, text in shown.items()}
    assert leaks == {name: [] for name in shown}


def test_validate_in_pseudo_locale_translates_every_message_but_keeps_file_line_and_key(tmp_path, run_cli, monkeypatch):
    plan = tmp_path / "plan.toml"
    text = (sample_plan_dir() / "hospital.toml").read_text(encoding="utf-8")
    plan.write_text(text.replace('kind = "internal_rag"', 'kind = "internal_ragg"', 1).replace("[organization]", "[organization]\nsizee = 3", 1), encoding="utf-8")
    english = run_cli("validate", str(plan)).err.splitlines()
    monkeypatch.setenv("PLANNER_LANG", "qps")
    pseudo = run_cli("validate", str(plan)).err.splitlines()
    assert len(english) == len(pseudo) >= 1
    for en, qps in zip(english, pseudo):
        where = en.rsplit(": ", 1)[0].split(": ")[0:2]  # FILE:LINE and the dotted key
        assert qps.startswith(": ".join(where) + ": ")
        message = qps[len(": ".join(where)) + 2 :]
        assert not [w for w in WORD.findall(message) if w not in {"internal_ragg", "internal_rag", "sizee", "internal", "ragg", "rag"}], qps


def test_korean_trace_names_the_laws_and_reads_as_korean(catalog, korean):
    bank = load(str(sample_plan_dir() / "bank-customer-service.toml"), catalog).evaluation
    step = next(s for s in bank.workload("customer-chatbot").trace if s.rule == "regulation.finance")
    assert str(step.source).startswith("Electronic Financial Transactions Act")  # the result itself stays English
    assert i18n.translate(step.source).startswith("전자금융거래법; ISMS-P")
    assert "신용정보법" in i18n.translate(step.source)
    assert i18n.translate(step.answer).startswith("아니요: 규제 대상 데이터: ")
    assert i18n.translate(step.answer).endswith("-> 온프레미스")
    hospital = load(str(sample_plan_dir() / "hospital.toml"), catalog).evaluation
    medical = next(s for s in hospital.workload("clinical-notes").trace if s.rule == "regulation.medical")
    assert i18n.translate(medical.source).startswith("의료법; 개인정보보호법(민감정보)")


@pytest.mark.parametrize("args", [("show", "{plan}", "--json"), ("export", "{plan}", "-f", "json"), ("export", "{plan}", "-f", "csv")])
def test_json_and_data_exports_are_the_same_bytes_in_every_language(args, run_cli):
    plan = str(sample_plan_dir() / "bank-customer-service.toml")
    argv = [a.format(plan=plan) for a in args]
    english = run_cli(*argv)
    korean = run_cli(*argv, "--lang", "ko")
    assert english.code == korean.code == 0
    assert english.out == korean.out
    # English data stays English: the phase names (the rented bank's CSV has no on-prem row left to show it)
    assert "온프레미스" not in korean.out and "최적화" not in korean.out and "Optimization" in korean.out


def test_saved_plan_and_summary_are_the_same_bytes_in_every_language(plan_copy, run_cli):
    english, korean = plan_copy("hospital"), plan_copy("public-agency")
    korean.write_text(english.read_text(encoding="utf-8").replace("2026-05-04", "2026-06-01"), encoding="utf-8")
    english.write_text(korean.read_text(encoding="utf-8"), encoding="utf-8")  # two copies of one stale plan
    assert run_cli("fmt", str(english)).code == 0
    assert run_cli("fmt", str(korean), "--lang", "ko").code == 0
    assert english.read_bytes() == korean.read_bytes()
    assert "[summary]" in english.read_text(encoding="utf-8")


def test_korean_reports_keep_money_in_man_won_and_dates_in_korean_prose_iso_in_tables(catalog, korean):
    ev = load(str(sample_plan_dir() / "bank-customer-service.toml"), catalog).evaluation
    page = html_report.html_report(ev)
    assert '<html lang="ko">' in page
    assert "<dt>Phase 1 시작일</dt><dd>2026년 4월 1일</dd>" in page  # prose
    phases = html_report.section_phases(ev)
    assert f"<td class=\"date\">{ev.schedule.phases[0].start.isoformat()}</td>" in phases  # table
    assert "억원" in html_report.section_decision(ev)
    assert "Customer service chatbot" in page  # what the user typed stays as typed


def test_korean_workbook_keeps_sheet_names_and_every_formula(catalog):
    from io import BytesIO

    from openpyxl import load_workbook

    from planner.export.xlsx import xlsx_workbook

    ev = load(str(sample_plan_dir() / "bank-customer-service.toml"), catalog).evaluation
    english = load_workbook(BytesIO(xlsx_workbook(ev, catalog)))
    i18n.set_language("ko")
    try:
        korean = load_workbook(BytesIO(xlsx_workbook(ev, catalog)))
    finally:
        i18n.set_language("en")
    assert korean.sheetnames == english.sheetnames
    formulas = 0
    for name in english.sheetnames:
        for en_row, ko_row in zip(english[name].iter_rows(), korean[name].iter_rows()):
            for en_cell, ko_cell in zip(en_row, ko_row):
                if isinstance(en_cell.value, str) and en_cell.value.startswith("="):
                    assert ko_cell.value == en_cell.value
                    formulas += 1
    assert formulas > 100
    headers = [c.value for c in korean["Workloads"][1]]
    assert "월 요청 수" in headers and "Requests / month" in [c.value for c in english["Workloads"][1]]
    assert korean["Decision"]["A2"].value.startswith("전략: ")


def test_korean_show_names_staff_roles_and_explains_sizing_and_growth_in_korean(catalog, korean, plan_copy):
    ev = load(str(plan_copy("bank-customer-service", owned=True)), catalog).evaluation  # the bank keeping owned GPUs: sizing notes
    text = show.show_text(ev)
    phases = [line for line in text.splitlines() if line.startswith("  Phase ") and "인력:" in line]
    assert len(phases) == len(ev.phases)
    assert all("ML 엔지니어(시니어) " in line and "ml_engineer" not in line for line in phases)
    assert "FP8 텐서 코어 없음" in text  # a100 runs FP8 weight-only: the alternatives' note
    assert "년 차 피크" in text and "year 3 peak" not in text  # the ledger's growth purchase note
    assert "측정값: llama-3.1-70b@" in text  # the throughput source names the measured points
    i18n.set_language("en")
    assert "ML engineer (senior) " in show.show_text(ev) and "FP8 tensor cores" in show.show_text(ev)


def test_per_command_messages_in_the_pseudo_locale_are_translated(tmp_path, run_cli, monkeypatch):
    """new, fmt, export -o and their refusals: every word around the paths and names went through gettext."""
    monkeypatch.setenv("PLANNER_LANG", "qps")
    plan, blank, out = tmp_path / "plan.toml", tmp_path / "blank.toml", tmp_path / "plan.html"
    said = [
        run_cli("new", str(plan), "--template", "hospital"),
        run_cli("new", str(blank)),
        run_cli("new", str(plan)),  # already exists
        run_cli("new", str(tmp_path / "missing" / "x.toml")),  # no such folder
    ]
    plan.write_text(plan.read_text(encoding="utf-8").replace("horizon_months = 36", "horizon_months = 24"), encoding="utf-8")
    said += [run_cli("fmt", "--check", str(plan)), run_cli("fmt", str(plan))]
    said += [run_cli("export", str(plan), "-f", "html", "-o", str(out)), run_cli("export", str(plan), "-f", "nope"), run_cli("catalog", "nope")]
    assert [r.code for r in said] == [0, 0, 2, 2, 1, 0, 0, 2, 1]
    allowed = {"planner", "fmt", "hospital", "html", "nope", "markdown", "mermaid", "csv", "ics", "json", "xlsx", "FILE", "o", "chmod", "u", "w"}
    for result in said:
        text = (result.out + result.err).replace(str(tmp_path), "")
        leaks = [w for w in WORD.findall(text) if w not in allowed and w not in {"plan", "toml", "blank", "missing", "x"}]
        assert leaks == [], text


def test_korean_shows_money_in_eok_and_man_won_where_english_keeps_whole_won(catalog):
    """The compliance warning and the trace's cost comparisons: 129,381,240 KRW in English, 1.3억원 in Korean
    (public-agency's civil complaints stay on owned GPUs: no CSAP grade stated, so no rented GPU is allowed)."""
    ev = load(str(sample_plan_dir() / "public-agency.toml"), catalog).evaluation
    warning = next(w for w in ev.warnings if w.startswith("civil-complaints: compliance"))
    assert "129,381,240 KRW" in warning and "69,809,040 KRW" in warning and "59,572,200 KRW" in warning
    i18n.set_language("ko")
    shown = i18n.translate(warning)
    assert "1.3억원" in shown and "6,981만원" in shown and "5,957만원" in shown and "KRW" not in shown
    bank = load(str(sample_plan_dir() / "bank-customer-service.toml"), catalog).evaluation
    tie = next(s for w in bank.workloads for s in w.trace if s.rule == "numbers.tie")
    assert "KRW" in tie.answer and "KRW" not in i18n.translate(tie.answer) and "원" in i18n.translate(tie.answer)


def _two_plans(tmp_path):
    """The bank plan (keeping owned GPUs) and a copy over 48 months with more users, a task edit and a placement override."""
    from planner.cli import main
    from tests.conftest import keeping_owned_gpus

    old, new = tmp_path / "old.toml", tmp_path / "new.toml"
    old.write_text(keeping_owned_gpus((sample_plan_dir() / "bank-customer-service.toml").read_text(encoding="utf-8")), encoding="utf-8")
    assert main(["fmt", str(old)]) == 0  # its [summary] as the owned GPUs give it
    text = old.read_text(encoding="utf-8")
    changed = text.replace("horizon_months = 36", "horizon_months = 48").replace("users = 1500", "users = 4500", 1)
    new.write_text(changed + '\n[[tasks]]\nid = "p2.env-setup"\nduration_days = 40\nnote = "new racks"\n', encoding="utf-8")
    return old, new


def test_diff_follows_the_language_and_its_json_stays_english(tmp_path, run_cli, monkeypatch, catalog):
    old, new = _two_plans(tmp_path)
    english = run_cli("diff", str(old), str(new), "--format", "json")
    korean = run_cli("diff", str(old), str(new), "--format", "json", "--lang", "ko")
    assert english.code == korean.code == 0 and english.out == korean.out and "rises by" in english.out
    monkeypatch.setenv("PLANNER_LANG", "qps")
    allowed = _data_words(old, load(str(old), catalog).evaluation) | _data_words(new, load(str(new), catalog).evaluation)
    allowed |= {"planner", "old", "new", "toml", "diff", str(tmp_path)}
    shown = {fmt: run_cli("diff", str(old), str(new), "--format", fmt) for fmt in ("text", "markdown")}
    assert all(r.code == 0 for r in shown.values())
    assert "Ķéý: + áððéð" in shown["text"].out and "~ horizon_months: 36 -> 48" in shown["text"].out
    assert {fmt: _untranslated_lines(r.out, allowed) for fmt, r in shown.items()} == {"text": [], "markdown": []}


def test_textconv_in_the_pseudo_locale_is_translated(tmp_path, capsys, monkeypatch, catalog):
    from planner.export.textconv import main as textconv

    _old, new = _two_plans(tmp_path)
    broken = tmp_path / "broken.toml"
    broken.write_text(new.read_text(encoding="utf-8").replace('kind = "customer_chatbot"', 'kind = "customer_chatbott"', 1), encoding="utf-8")
    monkeypatch.setenv("PLANNER_LANG", "qps")
    allowed = _data_words(new, load(str(new), catalog).evaluation) | {"customer_chatbott", "chatbott"}
    for plan in (new, broken):
        assert textconv([str(plan)]) == 0
        computed = capsys.readouterr().out.split(i18n.pseudo("# --- computed by planner from the lines above (not part of the file) ---"), 1)
        assert len(computed) == 2, "the computed part is marked in the display language"
        assert _untranslated_lines(computed[1], allowed) == []
    i18n.set_language("en")


MERMAID = {"gantt", "title", "dateFormat", "YYYY", "MM", "DD", "axisFormat", "todayMarker", "off", "section", "crit", "done", "milestone", "active", "after", "excludes", "weekends", "d"}
MERMAID |= {"flowchart", "LR", "TD", "subgraph", "end", "classDef", "class", "fill", "stroke", "width", "px", "color", "amp", "quot"}
"""Mermaid's own syntax in the Gantt and flowchart (not text for people)."""


def _shown_in(path) -> list[str]:
    """What a reader sees in an exported file: an ICS calendar's summaries and descriptions, each of a workbook's
    text cells (formulas are not text), the rest as written."""
    if path.suffix == ".ics":
        return [_ics_text(path.read_text(encoding="utf-8"))]
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path)
        return sorted({c.value for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and not c.value.startswith("=")})
    return [path.read_text(encoding="utf-8")]


@pytest.mark.parametrize("stem", ["bank-customer-service", "public-agency-gpuaas", "hospital"])
def test_every_export_format_in_the_pseudo_locale_is_translated(stem, tmp_path, run_cli, monkeypatch, catalog):
    """Every export (the whole file, --ranges where a format carries them) and `show --ranges`: no English that
    Korean would show. CSV and JSON are data and stay the same bytes in every language."""
    plan = sample_plan_dir() / f"{stem}.toml"
    allowed = _data_words(plan, load(str(plan), catalog).evaluation) | TECHNICAL | MERMAID | {"P10", "P50", "P90", "x"}
    allowed |= {"mermaid", "svg", "xmlns", "http", "www", "org", "Mermaid"}
    english = {fmt: run_cli("export", str(plan), "-f", fmt).out for fmt in ("csv", "json")}
    monkeypatch.setenv("PLANNER_LANG", "qps")
    assert {fmt: run_cli("export", str(plan), "-f", fmt).out for fmt in ("csv", "json")} == english
    leaks = {}
    for fmt, extension, ranges in (("markdown", "md", True), ("mermaid", "mmd", False), ("html", "html", True), ("ics", "ics", False), ("xlsx", "xlsx", True)):
        out = tmp_path / f"plan.{extension}"
        args = ["export", str(plan), "-f", fmt, "-o", str(out)] + (["--ranges", "--draws", "200"] if ranges else [])
        result = run_cli(*args)
        assert result.code == 0, result.err
        leaks[fmt] = sorted({word for text in _shown_in(out) for word in _untranslated(text, allowed)})
    shown = run_cli("show", str(plan), "--ranges", "--draws", "200")
    leaks["show --ranges"] = _untranslated_lines(shown.out, allowed)
    assert leaks == {name: [] for name in leaks}, repr(leaks)


def test_every_command_in_the_pseudo_locale_is_translated(tmp_path, run_cli, monkeypatch, catalog):
    """catalog (list, one entry, an unknown id), validate with problems, import (problems, a good file), fmt,
    git-setup outside a repository: every word around the data went through the catalogs."""
    plan = tmp_path / "plan.toml"
    plan.write_text((sample_plan_dir() / "hospital.toml").read_text(encoding="utf-8"), encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(plan.read_text(encoding="utf-8").replace('kind = "internal_rag"', 'kind = "internal_ragg"', 1).replace("horizon_months = 36", "horizon_months = -3"), encoding="utf-8")
    good, broken = tmp_path / "good.csv", tmp_path / "broken.csv"
    good.write_text("name,kind,requests_per_day,data\n고객 상담,customer_chatbot,2000,개인정보\n", encoding="utf-8")
    broken.write_text("name,kind,requests_per_day\nfoo,nokind,abc\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PLANNER_LANG", "qps")
    runs = {
        "catalog": run_cli("catalog"),
        "catalog h100-80gb": run_cli("catalog", "h100-80gb"),
        "catalog nope": run_cli("catalog", "nope"),
        "validate": run_cli("validate", str(bad)),
        "import": run_cli("import", str(good)),
        "import --into": run_cli("import", str(good), "--into", str(plan)),
        "import broken": run_cli("import", str(broken)),
        "import missing": run_cli("import", str(tmp_path / "missing.csv")),
        "fmt --check": run_cli("fmt", "--check", str(plan)),
        "git-setup": run_cli("git-setup"),
    }
    codes = {name: r.code for name, r in runs.items()}
    assert codes == {"catalog": 0, "catalog h100-80gb": 0, "catalog nope": 1, "validate": 1, "import": 0, "import --into": 0, "import broken": 1, "import missing": 2, "fmt --check": 0, "git-setup": 2}
    allowed = _data_words(plan, load(str(plan), catalog).evaluation) | {"nope", "internal_ragg", "ragg", "nokind", "abc", "foo", "good", "csv", "broken", "missing", "bad", "plan", "toml", "into", "git", "setup"}
    allowed |= {str(tmp_path), "schema_version", "schema", "version", "True", "False", "id", "as_of"}
    leaks = {name: _untranslated_lines(r.out + r.err, allowed) for name, r in runs.items()}
    assert leaks == {name: [] for name in runs}
