"""Bad input gets one located line per problem, the right exit code, no traceback, and the file untouched."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

GOOD = """schema_version = 1
name = "Bad input test"
start = 2026-03-02

[organization]
industry = "general"
employees = 100
ml_engineers = 1

[[workloads]]
id = "chat"
name = "Chat"
kind = "general_qa"
users = 10

[[workloads]]
id = "search"
name = "Search"
kind = "internal_rag"
requests_per_day = 500
"""

LOCATED = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<key>[\w.\-]+): (?P<message>.+)$")


def write(tmp_path: Path, text: str | bytes, name: str = "plan.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


CASES = [
    # (case id, replacement (old, new), expected key, message fragment, line needle)
    ("wrong type", ('employees = 100', 'employees = "many"'), "organization.employees", "valid integer", 'employees = "many"'),
    ("zero count", ('users = 10', 'users = 0'), "workloads.0.users", "greater than 0", "users = 0"),
    ("negative count", ('requests_per_day = 500', 'requests_per_day = -5'), "workloads.1.requests_per_day", "greater than 0", "requests_per_day = -5"),
    ("unknown kind", ('kind = "general_qa"', 'kind = "general_q"'), "workloads.0.kind", 'did you mean "general_qa"', 'kind = "general_q"'),
    ("unknown cloud model", ('users = 10', 'users = 10\ncloud_model = "gpt-5o"'), "workloads.0.cloud_model", "unknown cloud model", 'cloud_model = "gpt-5o"'),
    ("unknown open model", ('users = 10', 'users = 10\nopen_model = "llama-9"'), "workloads.0.open_model", "unknown open model", 'open_model = "llama-9"'),
    ("unknown gpu", ('users = 10', 'users = 10\ngpu = "h200"'), "workloads.0.gpu", "unknown GPU", 'gpu = "h200"'),
    ("both volumes", ('requests_per_day = 500', 'requests_per_day = 500\nusers = 20'), "workloads.1.requests_per_day", "not both", "requests_per_day = 500"),
    ("no volume", ('users = 10', ''), "workloads.0.users", "give requests_per_day", '[[workloads]]'),
    ("duplicate id", ('id = "search"', 'id = "chat"'), "workloads.1.id", "duplicate workload id", 'id = "chat"\nname = "Search"'),
    ("override without note", ('users = 10', 'users = 10\nplacement = "on_prem"'), "workloads.0.placement_note", "needs a note", '[[workloads]]'),
    ("unknown key", ('ml_engineers = 1', 'ml_enginers = 1'), "organization.ml_enginers", 'did you mean "ml_engineers"', "ml_enginers = 1"),
    ("bad placement value", ('users = 10', 'users = 10\nplacement = "moon"\nplacement_note = "x"'), "workloads.0.placement", "is not one of", 'placement = "moon"'),
    ("bad date", ('start = 2026-03-02', 'start = "next spring"'), "start", "date", 'start = "next spring"'),
    ("unknown industry", ('industry = "general"', 'industry = "fintech"'), "organization.industry", "unknown industry", 'industry = "fintech"'),
    ("unknown assumption", ('[organization]', '[assumptions]\nelectricity_krw_per_kw = 150\n\n[organization]'), "assumptions.electricity_krw_per_kw", 'did you mean "electricity_krw_per_kwh"', "electricity_krw_per_kw = 150"),
    ("assumption out of range", ('[organization]', '[assumptions]\npue = 0.5\n\n[organization]'), "assumptions.pue", "below the minimum", "pue = 0.5"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_value_is_located_and_file_untouched(case, tmp_path, run_cli):
    _name, (old, new), key, fragment, needle = case
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    path = write(tmp_path, text)
    before = path.read_bytes()
    result = run_cli("validate", str(path))
    assert result.code == 1
    assert "Traceback" not in result.err
    lines = [LOCATED.match(line) for line in result.err.strip().splitlines()]
    assert all(lines), result.err
    hit = [m for m in lines if m["key"] == key]
    assert hit, result.err
    assert fragment in hit[0]["message"]
    first_needle_line = needle.split("\n")[0]
    expected_line = line_of(text, first_needle_line) if "\n" not in needle else line_of(text, needle.split("\n")[1]) - 1
    assert int(hit[0]["line"]) == expected_line
    assert hit[0]["file"] == str(path)
    # fmt refuses too, and leaves the file as it was
    assert run_cli("fmt", str(path)).code == 1
    assert path.read_bytes() == before


def test_every_problem_is_listed(tmp_path, run_cli):
    text = GOOD.replace('kind = "general_qa"', 'kind = "nope"').replace('users = 10', 'users = 10\ngpu = "nope"')
    result = run_cli("validate", str(write(tmp_path, text)))
    keys = [LOCATED.match(line)["key"] for line in result.err.strip().splitlines()]
    assert keys == ["workloads.0.kind", "workloads.0.gpu"]


@pytest.mark.parametrize(
    "content, fragment, line",
    [
        ('schema_version = 1\nname = "x\nstart = 2026-01-01\n', "invalid TOML", 2),
        ("schema_version = 1\n[organization\n", "invalid TOML", 2),
        (b"", "empty file", 1),
        (b"   \n\n", "empty file", 1),
        (b"schema_version = 1\n\x00\x01\x02binary", "binary", 2),
        (b"\xff\xfe\x00garbage", "binary", 1),
        (b'name = "caf\xe9"\n', "not UTF-8", 1),
        ('schema_version = 2\nname = "future"\nstart = 2026-01-01\n', "newer than this planner", 1),
        ('name = "no version"\nstart = 2026-01-01\n', "schema_version", 1),
    ],
    ids=["unclosed string", "broken table", "empty", "blank", "binary", "utf16-ish", "latin-1", "newer schema", "no schema"],
)
def test_unreadable_content_is_one_clear_line(content, fragment, line, tmp_path, run_cli):
    path = write(tmp_path, content)
    before = path.read_bytes()
    result = run_cli("validate", str(path))
    assert result.code == 1
    assert "Traceback" not in result.err
    assert result.err.count("\n") == 1
    assert result.err.startswith(f"{path}:{line}: ")
    assert fragment in result.err
    assert run_cli("fmt", str(path)).code == 1
    assert run_cli("show", str(path)).code == 1
    assert path.read_bytes() == before


def test_huge_file_is_refused_at_once(tmp_path, run_cli):
    path = tmp_path / "huge.toml"
    with open(path, "wb") as handle:
        handle.write(GOOD.encode())
        handle.write(b"# padding\n" * 2_000_000)
    result = run_cli("validate", str(path))
    assert result.code == 1
    assert "limited to" in result.err and str(path) in result.err


def test_missing_file_directory_and_bad_arguments_exit_2(tmp_path, run_cli):
    missing = run_cli("validate", str(tmp_path / "nope.toml"))
    assert missing.code == 2 and "no such file" in missing.err
    directory = run_cli("show", str(tmp_path))
    assert directory.code == 2 and "directory" in directory.err
    with pytest.raises(SystemExit) as exit_info:
        run_cli("show")
    assert exit_info.value.code == 2
    assert run_cli("export", str(write(tmp_path, GOOD)), "--format", "pdf").code == 2


def test_unreadable_file_exits_2(tmp_path, run_cli, monkeypatch):
    path = write(tmp_path, GOOD)

    def denied(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    # tests run as root in CI, where chmod 000 still reads: refuse at the open() call instead
    monkeypatch.setattr("planner.store.plan_io.open", denied, raising=False)
    result = run_cli("validate", str(path))
    assert result.code == 2
    assert result.err == f"{path}: cannot read: Permission denied\n"


def test_good_plan_validates(tmp_path, run_cli):
    result = run_cli("validate", str(write(tmp_path, GOOD)))
    assert result.code == 0, result.err
    assert "ok (2 workloads)" in result.out
