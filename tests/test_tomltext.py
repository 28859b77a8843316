"""Plans and catalogs are read by rtoml where it reads what tomli reads, value for value and type for type, and by
tomli everywhere else: the same data, the same refusals with the same message and line (planner.store.tomltext).
`python -m tests.test_tomltext 5000` runs the comparison over that many mutated sample plans (outside the suite)."""

from __future__ import annotations

import datetime
import math
import random
import sys

import pytest
import tomli

from planner.errors import PlannerError
from planner.store import tomltext
from planner.store.tomltext import parse_toml, rtoml_data
from tests import fuzzing
from tests.conftest import SAMPLE_PLANS

rtoml = pytest.importorskip("rtoml")

RTOML_READS_OTHERWISE = {
    "escape \\e (TOML 1.1)": 'a = "\\e"',
    "escape \\x (TOML 1.1)": 'a = "\\x41"',
    "time without seconds (TOML 1.1)": "a = 07:32",
    "datetime without seconds (TOML 1.1)": "a = 1979-05-27T07:32Z",
    "inline table over lines (TOML 1.1)": "a = { x = 1,\n  y = 2 }",
    "inline table with a trailing comma (TOML 1.1)": "a = { x = 1, }",
    "inline table with a comment (TOML 1.1)": "a = { x = 1, # one\n}",
    "a brace in a string hides a comma (TOML 1.1)": 'a = { x = "}", \n y = 1 }',
    "an escaped quote hides a trailing comma (TOML 1.1)": 'r = { x = "a\\" }", y = 1, }',
    "inline table in an inline table over lines (TOML 1.1)": "a = { b = { c = 1 },\n d = 2 }",
    "byte order mark (catalogs are read with it)": "\ufeffa = 1",
    "offset datetime, UTC": "a = 1979-05-27T07:32:00Z",
    "offset datetime, +09:00": "a = 1979-05-27T07:32:00.5+09:00",
    "offset datetime, -00:00": "a = 1979-05-27T07:32:00-00:00",
    "carriage return before CRLF (rtoml reads CRLF where tomli reads a carriage return alone)": "[a]\r\r\nb = 1",
    "table made by a header and defined after": "[a.b]\nx = 1\n[c]\n[a]\ny = 2",
    "table made by an array header and defined after": "[[a.b]]\n[c]\n[a]",
    "indented table made by a header and defined after": "[a.b.c]\n[a.d]\n  [a.b]\nx = 1",
    "table made by a header with a quoted name and defined after": '["a".b]\n[c]\n[a]',
    "table made by an array's header with a quoted name and defined after": '[["a".b]]\n[c]\n[a]',
    "table made by a header with spaces and defined after": "[ a.b ]\n[c]\n[a]",
    "table made by a header with a tab and defined after": "[a\t.b]\n[c]\n[a]",
    "table made by an array header before repeated one-part array headers, defined after": "[[a.b]]\n[[w]]\nx = 1\n[[w]]\nx = 2\n[a]\ny = 3",
    "table made by a header, defined after one of two parts, on a line of its own": "[a.b]\n[c.d]\n[a]\n",
}
"""Texts rtoml 0.14 reads and tomli 2.2 refuses, or reads to other data (order, types or values), CRLF line ends made
LF as tomli makes them before it reads."""

CRLF_IN_STRINGS = ['a = """\r\nx\r\ny"""\r\n', "a = '''\r\nx\r\ny'''\r\n"]
"""Multi-line strings over CRLF line ends: rtoml keeps "\\r\\n" in the string, tomli reads "\\n" (it reads CRLF as LF
everywhere)."""

EDGE_TEXTS = [
    "", "\n", "# only a comment", "a = 1", "a = 1 # comment", "a\t=\t1\r\nb = 2\r\n",
    "a = 9223372036854775807\nb = -9223372036854775808", "a = 9223372036854775808", "a = -123456789012345678901234567890",
    "a = 0xffffffffffffffffffff", "a = 0o777\nb = 0b1010\nc = 0xDEAD_beef", "a = 1_000\nb = +7\nc = -0", "a = 01", "a = +0x1",
    "a = nan\nb = -nan\nc = +nan\nd = inf\ne = -inf\nf = -0.0", "a = 1e400", "a = 1e-400\nb = 5e-324\nc = 1.7976931348623157e308",
    "a = 0.1\nb = 3.141592653589793238462643383279\nc = 1E+5\nd = 6.626e-34", "a = 1.", "a = .5",
    "a = true\nb = false", "a = True",
    "a = 2026-03-02\nb = 2000-02-29", "a = 1979-02-29", "a = 2026-13-01",
    "a = 1979-05-27T07:32:00\nb = 1979-05-27 07:32:00.999999\nc = 1979-05-27t07:32:00.1234567",
    "a = 07:32:00\nb = 00:00:00.123456789", "a = 24:00:00", "a = 1979-05-27T07:32:00+24:00",
    'a = "x\\ty\\"z\\\\"\nb = "\\u00e9\\U0001F600"', 'a = "\\uD800"', "a = 'C:\\x\\e'", 'a = "\\\\x41"',
    'a = """\nline\\\n   joined"""', "a = '''\nraw\\n'''", 'a = """x""""', 'a = """x""""""', 'a = "x\ny"', 'a = "\x7f"', "# \x01\na = 1",
    '"a b" = 1\n\'c.d\' = 2\n"" = 3', 'a."b.c".d = 1\na . e = 2', "1.2 = 3", "é = 1", "a = 1\na = 2", "a.b = 1\na = 2",
    "[a]\n[a]", "[a.b]\n[a]", "[a]\nb.c = 1\n[a.b]", "a = { b = 1 }\n[a.c]", "[[a]]\n[a]", "a = []\n[[a]]", "[[a]]\nb = 1\n[a.c]\nd = 2\n[[a]]\nb = 3",
    "[a]\nx = 1\n[a.x]", "b = 1\na = 2\n[z]\ny = 1\n[c]", "[ a ]\nb = 1", "[[ a ]]\nb = 1", '[ "a" . b ]\nc = 1',
    'r = { a = 1, b = "x", c = 2026-03-02, d = -0.5, e = true }', "r = {}", "r = {a.b = 1}", "r = { a = [1, 2] }",
    'r = { a = "{" }', "a = [1, 2,\n 3,]\nb = [[1], ['x']]\nc = [{ d = 1 }, { e = 2 }]", "a = [,]", "a = [1,,2]",
    "x = " + "[" * 100 + "]" * 100, "x = " + "{ a = " * 100 + "1" + " }" * 100, "[" + ".".join(["a"] * 300) + "]",
    'a = """x\\\r\n   y"""\r\n', "a = 1 b = 2", "[a]b = 1", "a = \"x\"\rb = 1",
]
"""Texts both read alike, or both refuse (numbers, dates, strings, keys, tables, nesting)."""

READ_BY_RTOML = [
    "[[a]]\nx = 1\n[[a.b]]\ny = 2\n[[a]]\nz = 3\n[a.c]\n[[a.b]]",
    "[a]\nx = 1\n[a.b]\n[a.b.c]\n[d]\ny = 2\n[a.e]",
    'r = { a = 1, b = "x", c = 2026-03-02, d = -0.5e3, e = true, f = \'y\' }\ns = {}\nt = [{ a = 1 }, { b = 2 }]',
    'a = "ratio 1: 2; C:\\\\dir"\nb = 1979-05-27',
]
"""Texts rtoml reads (what planner writes is like them): arrays of tables again after a table in them, tables in
order, one-line inline tables of plain values, a colon before a space."""


def typed(value):
    """`value` as nested tuples that compare the types, orders, float signs and NaNs and tzinfo classes too."""
    kind = type(value)
    if kind is dict:
        return "dict", tuple((key, typed(item)) for key, item in value.items())
    if kind is list:
        return "list", tuple(typed(item) for item in value)
    if kind is float:
        return "float", repr(value), math.copysign(1.0, value)
    if kind is datetime.datetime:
        return "datetime", repr(value), type(value.tzinfo)
    return kind.__name__, repr(value)


def tomli_reads(text: str):
    """What tomli makes of `text`: its data (typed), or its message."""
    try:
        return typed(tomli.loads(text))
    except tomli.TOMLDecodeError as error:
        return str(error)


def planner_reads(text: str):
    """What parse_toml makes of `text`: its data (typed), or its message, line and exit code."""
    try:
        return typed(parse_toml(text, "plan.toml"))
    except PlannerError as error:
        return str(error), error.line, error.exit_code


def mutated_plans(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    samples = [path.read_bytes() for path in SAMPLE_PLANS]
    choices = fuzzing.valid_choices()
    texts = []
    while len(texts) < count:
        data = fuzzing.mutate_plan(rng, rng.choice(samples), choices)
        try:
            texts.append(data.decode("utf-8").removeprefix("\ufeff"))  # as planner.store.plan_io reads a plan
        except UnicodeDecodeError:
            continue
    return texts


@pytest.mark.parametrize("text", RTOML_READS_OTHERWISE.values(), ids=RTOML_READS_OTHERWISE.keys())
def test_what_rtoml_reads_otherwise_is_read_by_tomli(text, monkeypatch):
    assert typed(rtoml.loads(text.replace("\r\n", "\n"))) != tomli_reads(text)  # the case still is one (rtoml 0.14.0)
    assert rtoml_data(text) is None
    with_rtoml = planner_reads(text)
    monkeypatch.setattr(tomltext, "rtoml", None)
    assert with_rtoml == planner_reads(text)


@pytest.mark.parametrize("text", CRLF_IN_STRINGS)
def test_multi_line_strings_over_crlf_line_ends_read_as_tomli_reads_them(text):
    assert typed(rtoml.loads(text)) != tomli_reads(text)  # the case still is one (rtoml 0.14.0)
    assert typed(rtoml_data(text)) == tomli_reads(text) == planner_reads(text)


@pytest.mark.parametrize("text", EDGE_TEXTS, ids=lambda text: repr(text)[:40])
def test_edge_texts_read_as_tomli_reads_them(text, monkeypatch):
    fast = rtoml_data(text)
    if fast is not None:
        assert typed(fast) == tomli_reads(text)
    with_rtoml = planner_reads(text)
    monkeypatch.setattr(tomltext, "rtoml", None)  # a platform without an rtoml wheel: tomli alone
    assert with_rtoml == planner_reads(text)


@pytest.mark.parametrize("text", READ_BY_RTOML)
def test_plain_texts_are_read_by_rtoml_as_by_tomli(text):
    assert typed(rtoml_data(text)) == tomli_reads(text)


def test_mutated_plans_read_as_tomli_reads_them():
    texts = mutated_plans(300, seed=22)
    for text in texts:
        fast = rtoml_data(text)
        if fast is not None:
            assert typed(fast) == tomli_reads(text), text
    assert sum(rtoml_data(text) is not None for text in texts) > 30  # the comparison compared something


def test_sample_plans_and_catalogs_are_read_by_rtoml_as_by_tomli(monkeypatch):
    """Each sample plan, a plan of 1,000 workloads as planner writes it, and the catalogs rtoml may read (the
    others, with arrays in inline tables or times in their notes, go to tomli)."""
    from tests.bench.bench_engine import generated_plan
    from planner.store.plan_io import dump_plan

    catalogs = [path.read_text(encoding="utf-8") for path in sorted(fuzzing.SHIPPED_CATALOGS.glob("*.toml"))]
    read = [typed(data) == tomli_reads(text) for text in catalogs if (data := rtoml_data(text)) is not None]
    assert all(read) and len(read) >= len(catalogs) // 2
    texts = [path.read_text(encoding="utf-8") for path in SAMPLE_PLANS] + [dump_plan(generated_plan(1000))]
    expected = [tomli_reads(text) for text in texts]
    monkeypatch.setattr(tomli, "loads", lambda text: pytest.fail("read by tomli"))
    assert [planner_reads(text) for text in texts] == expected


def main(count: int) -> None:
    """Compare over `count` mutated sample plans; print how many rtoml read, and each one it read otherwise."""
    texts = mutated_plans(count, seed=int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    read = otherwise = 0
    for text in texts:
        fast = rtoml_data(text)
        if fast is not None:
            read += 1
            if typed(fast) != tomli_reads(text):
                otherwise += 1
                print("read otherwise:", repr(text[:200]))
    print(f"{len(texts)} mutated plans: rtoml read {read}, {otherwise} of them otherwise than tomli")


if __name__ == "__main__":
    main(int(sys.argv[1]))
