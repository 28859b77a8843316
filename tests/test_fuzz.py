"""Mutated sample plans fed to every command: only planner's own messages come out, never an exception.

`make fuzz` runs thousands of cases (PLANNER_FUZZ_EXAMPLES); `make test` runs a few hundred.
"""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.cli import main
from tests.conftest import SAMPLE_PLANS

EXAMPLES = int(os.environ.get("PLANNER_FUZZ_EXAMPLES", "150"))
SAMPLES = [p.read_bytes() for p in SAMPLE_PLANS]
VALUE = re.compile(rb"^([A-Za-z0-9_]+) = (.+)$", re.M)

WRONG_VALUES = [b'"text"', b"-1", b"0", b"1e309", b"-0.0", b"true", b"[1, 2]", b"{ a = 1 }", b"1979-05-27T07:32:00Z",
                b"9999-12-31", b"0001-01-01", b'"' + b"x" * 20_000 + b'"', b"nan", b"inf", b"99999999999999999999", b"''", b'"\\u0000"']


@st.composite
def mutated_plan(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(1, 4))):
        how = draw(st.sampled_from(["flip", "cut", "dup", "value", "insert", "schema", "selfdep", "truncate"]))
        lines = bytes(data).split(b"\n")
        if how == "flip" and data:
            i = draw(st.integers(0, len(data) - 1))
            data[i] = draw(st.integers(0, 255))
            continue
        if how == "cut" and lines:
            i = draw(st.integers(0, len(lines) - 1))
            del lines[i]
        elif how == "dup" and lines:
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
        elif how == "value":
            candidates = [i for i, line in enumerate(lines) if VALUE.match(line)]
            if candidates:
                i = draw(st.sampled_from(candidates))
                key = VALUE.match(lines[i]).group(1)
                lines[i] = key + b" = " + draw(st.sampled_from(WRONG_VALUES))
        elif how == "insert":
            i = draw(st.integers(0, len(lines)))
            lines.insert(i, draw(st.sampled_from([b"[[tasks]]\nid = \"p1.done\"\ndepends_on = [\"p4.done\"]",
                                                  b"[[tasks]]\nid = \"custom\"\nname = \"X\"\nphase = 2\nduration_days = 5\ndepends_on = [\"custom\"]",
                                                  b"[[tasks]]\nid = \"p2.order-production-gpus\"\nlead_time_weeks = 500",
                                                  b"[hardware]\ngpu = \"rtx-4090\"",
                                                  b"[scenarios.x]\nusage_multiplier = 1000",
                                                  b"[[workloads]]\nid = \"w\"\nname = \"" + b"n" * 10_000 + b"\"\nkind = \"general_qa\"\nusers = 1"])))
        elif how == "schema":
            lines = [b"schema_version = 7" if line.startswith(b"schema_version") else line for line in lines]
        elif how == "selfdep":
            lines.append(b'[[tasks]]\nid = "p1.security-review"\ndepends_on = ["p1.security-review"]')
        elif how == "truncate" and data:
            return bytes(data[: draw(st.integers(0, len(data)))])
        data = bytearray(b"\n".join(lines))
    return bytes(data)


def _run(capsys, *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(list(args))
    return code, capsys.readouterr().err


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(content=mutated_plan())
def test_mutated_plans_get_messages_not_exceptions(content, tmp_path, capsys):
    path = tmp_path / "fuzz.toml"
    path.write_bytes(content)
    for args in (["validate", str(path)], ["show", str(path)], ["show", "--json", str(path)], ["export", str(path), "--format", "markdown"], ["fmt", "--check", str(path)]):
        code, err = _run(capsys, *args)
        assert code in (0, 1, 2), (args, code, err)
        assert "Traceback" not in err and "internal error" not in err, (args, err)
    before = path.read_bytes()
    code, err = _run(capsys, "fmt", str(path))
    assert code in (0, 1), err
    if code == 1:
        assert path.read_bytes() == before, "a refused fmt must leave the file untouched"


@pytest.mark.parametrize("sample", SAMPLE_PLANS, ids=lambda p: p.stem)
def test_app_loader_refuses_mutations_with_planner_errors(sample):
    """The loader the app uses (plan_io.load_plan) raises only PlannerError on mutated input."""
    import random

    from planner.errors import PlannerError
    from planner.store.catalogs import load_catalog
    from planner.store.plan_io import decode_plan_text, parse_plan_text

    catalog = load_catalog(None)
    rng = random.Random(sample.stem)
    raw = sample.read_bytes()
    for _ in range(60):
        data = bytearray(raw)
        for _ in range(rng.randint(1, 5)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            text = decode_plan_text(bytes(data), str(sample))
            parse_plan_text(text, str(sample), catalog)
        except PlannerError:
            pass
