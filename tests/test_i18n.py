"""The display language and its catalogs: which language is chosen, that the shipped .mo files are
the compiled .po files, that every marked string is translated with the same {parameters}, and that
the Korean uses the glossary's terms."""

from __future__ import annotations

import io
import json
import re
import tomllib

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from planner import i18n
from planner.cli import main
from planner.domain.messages import Message, joined, msg, msgn, part
from tests.conftest import ROOT

LOCALE = ROOT / "planner" / "locale"
CATALOGS = {domain: LOCALE / "ko" / "LC_MESSAGES" / f"{domain}.po" for domain in i18n.DOMAINS}
# which sources feed which gettext domain (the same split as `make messages`)
SOURCES = {"ui": ("planner/tui", "planner/cli.py", "planner/i18n.py"), "reports": ("planner/domain", "planner/export", "planner/store", "planner/errors.py")}
KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None, "msg": None, "msgn": (1, 2)}


def _po(domain: str):
    with open(CATALOGS[domain], "rb") as file:
        return read_po(file, locale="ko")


@pytest.fixture
def language():
    """Set the display language inside a test; English again afterwards."""
    yield i18n.set_language
    i18n.set_language("en")


@pytest.mark.parametrize(
    ("cli", "environ", "expected"),
    [
        (None, {}, "en"),
        (None, {"LANG": "ko_KR.UTF-8"}, "ko"),
        (None, {"LANG": "en_US.UTF-8"}, "en"),
        (None, {"LANG": "de_DE.UTF-8"}, "en"),  # not Korean: English
        (None, {"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"),  # LC_ALL before LANG
        (None, {"LC_MESSAGES": "ko_KR", "LANG": "C"}, "ko"),
        (None, {"LANGUAGE": "fr:ko", "LANG": "en_US.UTF-8"}, "ko"),  # LANGUAGE lists, planner has no fr
        (None, {"LANGUAGE": "en_GB:ko", "LANG": "ko_KR.UTF-8"}, "en"),
        (None, {"LC_ALL": "C", "LANG": "ko_KR.UTF-8"}, "en"),  # the first set variable decides, as in gettext
        (None, {"PLANNER_LANG": "ko", "LANG": "en_US.UTF-8"}, "ko"),
        (None, {"PLANNER_LANG": "en", "LANG": "ko_KR.UTF-8"}, "en"),
        ("en", {"PLANNER_LANG": "ko"}, "en"),  # --lang first
        ("ko", {}, "ko"),
        (None, {"PLANNER_LANG": "xx", "LANG": "ko_KR.UTF-8"}, "ko"),  # an unknown PLANNER_LANG is skipped
    ],
)
def test_language_is_chosen_like_gettext(cli, environ, expected):
    assert i18n.resolve_language(cli, environ) == expected


@pytest.mark.parametrize("domain", i18n.DOMAINS)
def test_shipped_mo_is_the_compiled_po(domain):
    compiled = io.BytesIO()
    write_mo(compiled, _po(domain))
    shipped = CATALOGS[domain].with_suffix(".mo").read_bytes()
    assert compiled.getvalue() == shipped, f"{domain}.mo is stale: run `make catalogs`"


@pytest.mark.parametrize("domain", i18n.DOMAINS)
def test_every_marked_string_is_translated_with_its_parameters(domain):
    catalog = _po(domain)
    translated = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
    missing, wrong = [], []
    for source in SOURCES[domain]:
        path = ROOT / source
        found = extract_from_dir(path, [("**.py", "python")], keywords=KEYWORDS) if path.is_dir() else _extract_file(path)
        for _file, _line, message, _comments, _context in found:
            msgid = message if isinstance(message, str) else message[0]
            entry = translated.get(msgid)
            if entry is None or not entry.string or (isinstance(entry.string, tuple) and not all(entry.string)):
                missing.append(msgid)
                continue
            expected = i18n.placeholders(message if isinstance(message, str) else message[-1])  # Korean: the plural's
            for text in entry.string if isinstance(entry.string, tuple) else (entry.string,):
                if i18n.placeholders(text) != expected:
                    wrong.append((msgid, text))
    assert not missing, f"untranslated in {domain}.po (run `make messages`, translate, `make catalogs`): {missing[:10]}"
    assert not wrong, f"translations whose {{parameters}} differ from the msgid: {wrong[:10]}"


def test_marked_strings_inside_f_strings_are_in_the_catalogs_too():
    """Babel's extractor (on Python 3.11) does not look inside f-strings, so a `_("...")` written in an
    f-string never reached the .po and stayed English in every language: read the sources with `ast`,
    which sees those calls, and require each marked literal in the catalogs."""
    import ast

    known = {m.id if isinstance(m.id, str) else m.id[0] for domain in i18n.DOMAINS for m in _po(domain) if m.id}
    missing = []
    for source in (*SOURCES["ui"], *SOURCES["reports"]):
        path = ROOT / source
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            tree = ast.parse(file.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.JoinedStr):
                    continue
                for call in ast.walk(node):
                    if (
                        isinstance(call, ast.Call)
                        and isinstance(call.func, ast.Name)
                        and call.func.id in KEYWORDS
                        and call.args
                        and isinstance(call.args[0], ast.Constant)
                        and isinstance(call.args[0].value, str)
                        and call.args[0].value not in known
                    ):
                        missing.append(f"{file.relative_to(ROOT)}:{call.lineno}: {call.args[0].value!r}")
    assert not missing, "marked inside an f-string, so not extracted: move the call out of the f-string, then `make messages`:\n" + "\n".join(missing)


def _extract_file(path):
    from babel.messages.extract import extract_from_file

    return ((str(path), *found) for found in extract_from_file("python", path, keywords=KEYWORDS))


def test_korean_uses_the_glossary_terms():
    glossary = tomllib.loads((LOCALE / "glossary.toml").read_text(encoding="utf-8"))["term"]
    assert len({term["ko"] for term in glossary}) == len(glossary)
    off = []
    for domain in i18n.DOMAINS:
        for message in _po(domain):
            if not message.id:
                continue
            ids = [re.sub(r"\{[^}]*\}", "", i) for i in (message.id if isinstance(message.id, tuple) else (message.id,))]  # not {workload}
            texts = message.string if isinstance(message.string, tuple) else (message.string,)
            for term in glossary:
                pattern = re.compile(r"\b(" + "|".join(re.escape(e) for e in term["en"]) + r")(s|es)?\b", re.IGNORECASE)
                if any(pattern.search(re.sub(r"\{[^{}]*\}", "", i)) for i in ids):  # a {parameter} is not a term
                    accepted = [term["ko"], *term.get("short", [])]
                    off += [(domain, ids[0], t, term["ko"]) for t in texts if t and not any(a in t for a in accepted)]
    assert not off, "Korean not using the glossary term (planner/locale/glossary.toml): " + "; ".join(f"{d}: {i!r} -> {t!r} (want {k})" for d, i, t, k in off[:10])


def test_messages_read_as_english_and_translate_with_their_parameters(language):
    plural = msgn("{n} GPU", "{n} GPUs", 3)
    message = msg("after {task}", task=plural)
    assert message == "after 3 GPUs"  # saved files, JSON and old tests see English
    assert json.dumps({"m": message}) == '{"m": "after 3 GPUs"}'
    language("qps")
    # the template and the nested message go through gettext; the id stays as typed
    assert i18n.translate(message) == "áƒţéŕ 3 ĜÞÛš"
    assert i18n.translate("typed by a user") == "typed by a user"
    assert i18n.ngettext("{n} GPU", "{n} GPUs", 1) == "1 ĜÞÛ"
    assert i18n._("Save (enter)") == "Šáṽé (éñţéŕ)"
    # what the Korean catalogs do not translate comes back as the English Korean would show
    assert i18n.translate(msg("Placed {count} on {where}", count=plural, where="gpu-pool-a")) == "Placed 3 ĜÞÛš on gpu-pool-a"
    assert i18n._("not in any catalog") == "not in any catalog"


def test_a_message_shown_many_times_in_one_output_reads_in_the_language_it_is_shown_in(language):
    from planner.domain.messages import Won

    shared = msg("held back {days} days by staff levelling: {causes}", days=3, causes=msg("roles busy"))  # one object, many tasks
    amount = msg("{what}: {krw}", what=Message("typed {{as is}}"), krw=msg("{amount} KRW", amount=Won(123_456_789)))
    with i18n.rendering_once():  # as `planner show` renders its whole text
        language("ko")
        korean = [i18n.translate(shared), i18n.translate(shared), i18n.translate(amount)]
        language("qps")
        accented = i18n.translate(shared)
        language("en")
        english = [i18n.translate(shared), i18n.translate(amount)]
    assert korean[0] == korean[1] == "인력 평준화로 3일 늦춰짐: 역할 인력이 모두 바쁨"
    assert accented == "ĥéļð ƀáçķ 3 ðáýš ƀý šţáƒƒ ļéṽéļļîñĝ: ŕöļéš ƀûšý"
    assert english == ["held back 3 days by staff levelling: roles busy", "typed {as is}: 123,456,789 KRW"]
    assert korean[2] == "typed {as is}: 1.2억원"


def test_a_part_reads_as_the_message_it_stands_for_in_every_language(language):
    """A levelling note's parts are Parts (no text of their own): the note says and translates the same as when
    they were Messages."""
    def note(make, join):
        people = msgn("{role} ({count} person)", "{role} ({count} people)", 2, role="ml_engineer", count="2")
        until = [make("{tasks} until {day}", tasks="p1.a, p1.b", day="2026-03-29"), make("{tasks} until {day}", tasks="p1.c", day="2026-04-12")]
        busy = make("{people} busy with {holders}", people=people, holders=join(until, msg(", then ")))
        return msg("held back {days} days by staff levelling: {causes}", days=3, causes=busy)

    with_messages = note(msg, joined)
    with_parts = note(part, lambda parts, separator: joined(parts, separator, part=True))
    assert with_parts == with_messages == "held back 3 days by staff levelling: ml_engineer (2 people) busy with p1.a, p1.b until 2026-03-29, then p1.c until 2026-04-12"
    assert not isinstance(with_parts.params["causes"], str)
    shown = {}
    for lang in ("ko", "qps", "en"):
        language(lang)
        shown[lang] = i18n.translate(with_parts)
        assert shown[lang] == i18n.translate(with_messages)
    assert shown["ko"] != shown["en"] and "2026-04-12" in shown["ko"]


def test_set_language_switches_every_lookup(language):
    marked = "language of what planner shows (or PLANNER_LANG, else the locale); files and JSON stay the same"
    assert i18n._(marked) == marked
    language("ko")
    assert i18n.get_language() == "ko" and i18n._(marked).startswith("planner가 표시하는 언어")
    with pytest.raises(ValueError):
        i18n.set_language("fr")


@pytest.mark.parametrize(("argv", "environ"), [(["show", "--lang", "ko", "--help"], {}), (["show", "--help"], {"PLANNER_LANG": "ko"}), (["--lang=ko", "show", "--help"], {})])
def test_cli_help_follows_lang_and_planner_lang(argv, environ, capsys, monkeypatch, language):
    for variable in ("PLANNER_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in environ.items():
        monkeypatch.setenv(variable, value)
    with pytest.raises(SystemExit):
        main(argv)
    assert "planner가 표시하는 언어" in capsys.readouterr().out


def test_message_survives_pydantic_and_pickle():
    import pickle

    from pydantic import BaseModel

    class Result(BaseModel):
        warnings: list[Message]

    message = msg("{id} needs {gpus} GPUs", id="chat", gpus=4)
    result = Result(warnings=[message, "plain {text}"])
    assert result.warnings[0].template == "{id} needs {gpus} GPUs" and result.warnings[1] == "plain {text}"
    assert result.model_dump_json() == '{"warnings":["chat needs 4 GPUs","plain {text}"]}'
    again = pickle.loads(pickle.dumps(message))
    assert again == message and again.params == {"id": "chat", "gpus": 4}
    nested = msg("{what} then", what=part("{id} needs {gpus} GPUs", id="chat", gpus=4))
    again = pickle.loads(pickle.dumps(nested))
    assert again == nested == "chat needs 4 GPUs then" and again.params == nested.params


def test_show_tables_pad_korean_by_terminal_columns():
    from planner.export.text import _cell, _columns, _fit

    assert _columns("이 계획 (단계적 전환)") == 21  # 8 Hangul syllables x 2 + 5 narrow
    assert _cell("전체 클라우드", 16, left=True) == "전체 클라우드   "  # 13 columns + 3 spaces
    cut = _fit("1 클라우드 POC 단계 이름", 10)
    assert _columns(cut) == 10 and cut.startswith("1 클라우드")


def test_cli_framework_messages_follow_the_language(capsys, language, monkeypatch):
    for variable in ("PLANNER_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")

    def run(*argv: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as exit:
            main(list(argv))
        captured = capsys.readouterr()
        return exit.value.code, captured.out, captured.err

    code, _out, err = run("show", "--indent", "x", "plans/hospital.toml")  # argparse's error, Korean from the locale
    assert code == 2 and "오류: 인수 --indent: 'x'은(는) 칸 수가 아닙니다" in err
    assert run("--lang", "ko", "--help")[1].startswith("사용법: planner [PLAN]")  # --lang before everything
    assert "LLM 워크로드를 클라우드" in run("--lang", "ko", "--help")[1]
    code, _out, err = run("--lang", "en", "show", "--indent", "x", "plans/hospital.toml")
    assert code == 2 and "error: argument --indent: 'x' is not a number of spaces" in err


def test_catalog_text_is_translated_only_where_the_catalogs_translation_has_it(language):
    assert i18n.catalog_text("Finance") == "Finance"  # English: as written
    language("qps")
    assert i18n.catalog_text("Finance") == "Ƒîñáñçé"  # looked up (the pseudo-locale translates everything)
    language("ko")
    assert i18n.catalog_text("Acme Bank's own industry") == "Acme Bank's own industry"  # a company catalog's text


def test_every_template_an_evaluation_shows_is_one_make_messages_extracts():
    """Hot paths make some Messages and Parts without `msg`/`part` (their fields set directly); their templates are
    marked with N_ so that `make messages` extracts them. Unmarked, the extraction missed five (the levelling notes'
    "held back {days} days...", "{people} busy with {holders}", "{tasks} until {day}", the tie step's "{first} vs
    {second}" and "{both} -> {place}"): `make messages` dropped their Korean from the .po, while every marked string
    still had one. Every template reachable from the evaluations of the sample plans (scenarios included) and of a
    levelled generated plan is among the extracted message ids."""
    from planner.domain.evaluate import evaluate
    from planner.domain.messages import Part
    from planner.store.catalogs import load_catalog
    from planner.store.loader import read_plan
    from tests.bench.bench_engine import generated_plan
    from tests.conftest import SAMPLE_PLANS

    extracted = set()
    for source in SOURCES["reports"]:
        path = ROOT / source
        found = extract_from_dir(path, [("**.py", "python")], keywords=KEYWORDS) if path.is_dir() else _extract_file(path)
        extracted |= {message if isinstance(message, str) else message[0] for _file, _line, message, _comments, _context in found}
    catalog = load_catalog(None)
    plans = [read_plan(path, catalog) for path in SAMPLE_PLANS]
    levelled = generated_plan(40)
    plans.append(levelled.model_copy(update={"organization": levelled.organization.model_copy(update={"ml_engineers": 1})}))
    seen: dict[str, None] = {}
    visited: set[int] = set()

    def walk(value) -> None:
        if id(value) in visited or isinstance(value, (int, float, bool)) or value is None:
            return
        visited.add(id(value))
        if isinstance(value, (Message, Part)):
            seen.setdefault(value.template)
            for param in value.params.values():
                walk(param)
        elif isinstance(value, str):
            return
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                walk(item)
        elif hasattr(value, "__dict__"):
            walk(vars(value))

    evaluations = [evaluate(plan, catalog) for plan in plans]  # all alive while walked: `visited` holds ids
    for evaluation in evaluations:
        walk(evaluation)
    assert "held back {days} days by staff levelling: {causes}" in seen and "{first} vs {second}" in seen  # the walk reaches both kinds
    texts: set[str] = set()  # the catalogs' own texts (names, sources): `make messages` extracts them from catalogs/*.toml

    def strings(value) -> None:
        if isinstance(value, str):
            texts.add(value)
        elif isinstance(value, dict):
            for item in value.values():
                strings(item)
        elif isinstance(value, list):
            for item in value:
                strings(item)

    for path in sorted((ROOT / "catalogs").glob("*.toml")):
        strings(tomllib.loads(path.read_text(encoding="utf-8")))
    texts |= {f"catalogs/{path.name}" for path in (ROOT / "catalogs").glob("*.toml")}  # a file named as a source
    words = [t for t in seen if t not in texts and re.search(r"[A-Za-z]", re.sub(r"\{[^}]*\}", "", t))]  # not "{part0}{separator}{part1}"
    assert len(words) > 100
    assert not [template for template in words if template not in extracted]


def test_a_bound_of_a_number_field_is_told_in_korean(tmp_path, run_cli):
    """A share above 1, busy hours below their floor: bounds of float fields reach pydantic-core as floats (1.0), which
    its message writes as `1`; both languages get the planner's wording (Korean used to keep pydantic's English)."""
    plan = tmp_path / "plan.toml"
    plan.write_text(
        'schema_version = 1\nname = "x"\nstart = 2027-01-01\n[[workloads]]\nid = "a"\nname = "A"\nkind = "general_qa"\n'
        "sensitive_share = 2\nbusy_hours = 24.5\nusers = 0\n",
        encoding="utf-8",
    )
    korean = run_cli("validate", "--lang", "ko", str(plan))
    english = run_cli("validate", str(plan))
    assert (korean.code, english.code) == (1, 1)
    assert f"{plan}:8: workloads.0.sensitive_share: 1 이하여야 합니다" in korean.err.splitlines()
    assert f"{plan}:9: workloads.0.busy_hours: 24 이하여야 합니다" in korean.err.splitlines()
    assert f"{plan}:10: workloads.0.users: 0보다 커야 합니다" in korean.err.splitlines()
    assert f"{plan}:8: workloads.0.sensitive_share: input should be less than or equal to 1" in english.err.splitlines()
