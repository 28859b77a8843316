"""Compiled regular expressions kept between processes (planner.store.patterns): a process after the first compiles
none of the patterns the first kept, and gets from `re` the patterns `re` itself makes; a kept file (or entry) that is
damaged, another Python's, or one others could have written is only a miss; the patterns a process used are the last
to go when the file is full."""

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
same = all(re.compile(key[1], key[2]) == compile(key[1], key[2]) for key in list(patterns._kept))
print(len(patterns._kept), same, compiled)
"""
"""show --json in a process whose command does not end it (no `keep`): how many patterns it found kept (and whose
entries were right once `re` looked each up), whether each is equal to what `re` compiles, and the patterns it compiled."""


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


def _index(good: bytes) -> tuple:
    import marshal

    return marshal.loads(good)


def test_a_damaged_foreign_or_other_pythons_file_is_only_a_miss(tmp_path):
    import marshal
    import re

    from planner.store.patterns import _digest

    first = _run(["-m", "planner", "show", "--json", PLAN], tmp_path)
    [kept] = (tmp_path / "planner").glob("patterns-*.marshal")
    good = kept.read_bytes()
    stamp, index = _index(good)

    def rewritten(entry, **changes):  # the entry with its fields changed, under a right digest
        pattern, flags, *rest = marshal.loads(entry[3])
        if "code" in changes:
            rest[1] = changes["code"]
        data = marshal.dumps((pattern, flags, *rest))
        return (entry[0], entry[1], _digest(data), data)

    def other_code(entry):  # valid code, another pattern's (case-insensitive)
        pattern, flags = entry[0], entry[1]
        return [int(word) for word in re._compiler._code(re._parser.parse(pattern, flags | re.IGNORECASE), flags | re.IGNORECASE)]

    other_python = marshal.dumps((("another Python", *stamp[1:]), index))
    wrong_code = marshal.dumps((stamp, [rewritten(entry, code=[0] * len(marshal.loads(entry[3])[3])) for entry in index]))
    unsigned = marshal.dumps((stamp, [(*entry[:3], rewritten(entry, code=other_code(entry))[3]) for entry in index]))  # digest of the right code
    swapped = marshal.dumps((stamp, [(*entry[:2], *index[i - 1][2:]) for i, entry in enumerate(index)]))  # another pattern's entry
    for damaged in (good[: len(good) // 2], b"not marshal data", good[:40] + b"x" + good[41:], other_python, wrong_code, unsigned, swapped):
        kept.write_bytes(damaged)
        check = _run(["-c", CHECK], tmp_path)
        assert check.returncode == 0, check.stderr
        assert check.stdout.startswith("0 True ") and check.stdout.strip() != "0 True []", check.stdout  # nothing used: compiled as usual
        again = _run(["-m", "planner", "show", "--json", PLAN], tmp_path)
        assert again.stdout == first.stdout and again.stderr == ""
        assert kept.read_bytes() != damaged  # kept anew
    kept.chmod(0o666)  # one others could have written
    check = _run(["-c", CHECK], tmp_path)
    assert check.stdout.startswith("0 True "), check.stdout


def test_the_patterns_a_process_used_go_last(tmp_path, monkeypatch):
    import re

    from planner.store import patterns

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(patterns, "_kept", {})
    monkeypatch.setattr(patterns, "_read", True)
    monkeypatch.setattr(re, "_cache", {})
    monkeypatch.setattr(patterns, "KEPT_PATTERNS", 4)
    for word in ("used", "old-1", "old-2", "old-3"):
        re.compile(f"kept-{word}-[a-z]+")
    patterns.keep()  # kept in that order: the used one first, the first to go
    monkeypatch.setattr(patterns, "_read", False)
    monkeypatch.setattr(re, "_cache", {})
    patterns.load()
    assert type(re._cache) is not dict and len(re._cache) == 0 and len(patterns._kept) == 4
    assert re.compile("kept-used-[a-z]+").match("kept-used-abc")
    assert len(re._cache) == 1  # made when looked up, the others not
    re.compile("kept-new-[a-z]+")
    patterns.keep()  # one more than KEPT_PATTERNS: an unused one goes, not the used one
    [kept] = (tmp_path / "planner").glob("patterns-*.marshal")
    texts = [entry[0] for entry in _index(kept.read_bytes())[1]]
    assert texts == ["kept-old-2-[a-z]+", "kept-old-3-[a-z]+", "kept-used-[a-z]+", "kept-new-[a-z]+"], texts


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
    assert pattern.pattern not in [entry[0] for entry in marshal.loads(kept.read_bytes())[1]]
    monkeypatch.setattr(re._compiler, "_code", code)
    patterns.keep()
    assert pattern.pattern in [entry[0] for entry in marshal.loads(kept.read_bytes())[1]]
