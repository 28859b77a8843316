"""Compiled regular expressions kept between processes (planner.store.patterns): a process after the first compiles
none of the patterns the first kept, and gets from `re` the patterns `re` itself makes; a kept file that is damaged,
another Python's, or one others could have written is only a miss."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import SAMPLE_PLANS

PLAN = str(SAMPLE_PLANS[0])


def _run(args: list[str], cache) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=120, env={**os.environ, "XDG_CACHE_HOME": str(cache)})


CHECK = f"""
import io, re, sys
compiled = []
compile = re._compiler.compile
re._compiler.compile = lambda pattern, flags=0: compiled.append(pattern) or compile(pattern, flags)
import planner.cli as cli
from planner.store import patterns
out = io.StringIO(); sys.stdout = out
code = cli.main(["show", "--json", {PLAN!r}])
sys.stdout = sys.__stdout__
assert code == 0, code
same = all(re._cache[key] == compile(key[1], key[2]) for key in patterns._kept)
print(len(patterns._kept), same, compiled)
"""
"""show --json in a process whose command does not end it (no `keep`): how many patterns it found kept, whether each
is equal to what `re` compiles, and the patterns it compiled."""


def test_a_second_process_compiles_none_of_the_patterns_the_first_kept(tmp_path):
    first = _run(["-m", "planner", "show", "--json", PLAN], tmp_path)
    assert first.returncode == 0, first.stderr
    [kept] = (tmp_path / "planner").glob("patterns-*.marshal")
    assert kept.stat().st_mode & 0o777 == 0o600
    check = _run(["-c", CHECK], tmp_path)
    assert check.returncode == 0, check.stderr
    count, same, compiled = check.stdout.split(" ", 2)
    assert int(count) >= 10 and same == "True" and compiled.strip() == "[]", check.stdout
    second = _run(["-m", "planner", "show", "--json", PLAN], tmp_path)
    assert second.stdout == first.stdout and second.stderr == first.stderr == ""


def test_a_damaged_foreign_or_other_pythons_file_is_only_a_miss(tmp_path):
    first = _run(["-m", "planner", "show", "--json", PLAN], tmp_path)
    [kept] = (tmp_path / "planner").glob("patterns-*.marshal")
    good = kept.read_bytes()
    import marshal

    stamp, entries = marshal.loads(good[32:])
    from planner.store.patterns import _digest

    other_python = marshal.dumps((("another Python", *stamp[1:]), entries))
    wrong_code = marshal.dumps((stamp, [(*entry[:3], [0] * len(entry[3]), *entry[4:]) for entry in entries]))
    for damaged in (good[: len(good) // 2], b"not marshal data", good[:40] + b"x" + good[41:], _digest(other_python) + other_python, _digest(wrong_code) + wrong_code):
        kept.write_bytes(damaged)
        check = _run(["-c", CHECK], tmp_path)
        assert check.returncode == 0, check.stderr
        assert check.stdout.startswith("0 True ") and check.stdout.strip() != "0 True []", check.stdout  # nothing read: compiled as usual
        again = _run(["-m", "planner", "show", "--json", PLAN], tmp_path)
        assert again.stdout == first.stdout and again.stderr == ""
        assert kept.read_bytes() != damaged  # kept anew
    kept.chmod(0o666)  # one others could have written
    check = _run(["-c", CHECK], tmp_path)
    assert check.stdout.startswith("0 True "), check.stdout


def test_a_pattern_is_kept_only_when_its_kept_code_makes_what_re_made(tmp_path, monkeypatch):
    import marshal
    import re

    from planner.store import patterns

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(patterns, "_kept", {})
    monkeypatch.setattr(patterns, "_read", True)
    pattern = re.compile(r"kept-(?P<word>[a-z]+)-(\d)")
    code = re._compiler._code
    monkeypatch.setattr(re._compiler, "_code", lambda parsed, flags: code(parsed, flags | re.IGNORECASE))  # valid, but other code
    patterns.keep()
    [kept] = (tmp_path / "planner").glob("patterns-*.marshal")
    assert pattern.pattern not in [entry[0] for entry in marshal.loads(kept.read_bytes()[32:])[1]]
    monkeypatch.setattr(re._compiler, "_code", code)
    patterns.keep()
    assert pattern.pattern in [entry[0] for entry in marshal.loads(kept.read_bytes()[32:])[1]]
