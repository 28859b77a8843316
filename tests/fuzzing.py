"""Hostile plans and company catalogs, and a runner that counts what the planner does with them.

Used by tests/test_fuzz.py (a fast slice in `make test`) and `make fuzz` (thousands of cases):
every case runs validate, show, show --json, every export and fmt in-process, and records each
command's exit code and time. A command over the time limit (CPU seconds: the machine may be shared) is interrupted and counted.
Run directly for a report: `python -m tests.fuzzing --plans 5000 --catalogs 500`.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

import planner

ROOT = Path(planner.__file__).resolve().parent.parent
"""The checkout whose planner is imported (its sample plans and catalogs are the seeds)."""
SAMPLES = sorted((ROOT / "plans").glob("*.toml"))
SHIPPED_CATALOGS = ROOT / "catalogs"
LIMIT_S = 10.0
"""Longest any command may take on any input (issue #17)."""

VALUE = re.compile(rb"^([A-Za-z0-9_]+) = (.+)$", re.M)
NUMBER = re.compile(rb"^([A-Za-z0-9_]+) = (-?[0-9][0-9_.eE+-]*)$", re.M)

WRONG_VALUES = [b'"text"', b"-1", b"0", b"1e309", b"-0.0", b"true", b"[1, 2]", b"{ a = 1 }", b"1979-05-27T07:32:00Z",
                b"9999-12-31", b"0001-01-01", b'"' + b"x" * 20_000 + b'"', b"nan", b"inf", b"99999999999999999999", b"''",
                b'"\\u0000"', b"1e11", b"1e30", b"1e308", b"-1e308", b"1e-300", b"5e-324", b"9223372036854775807",
                b"-9223372036854775808", b"1_000_000_000_000", b"0.1", b"2.5e15", b"9999-01-01", b"9999-12-01"]
EXTREME_NUMBERS = [b"1e11", b"1e30", b"1e308", b"1e-300", b"5e-324", b"-1", b"0", b"9223372036854775807",
                   b"99999999999999999999", b"1e15", b"-1e308", b"100000000"]


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


SNIPPETS = [
    b'[[tasks]]\nid = "p1.done"\ndepends_on = ["p4.done"]',
    b'[[tasks]]\nid = "custom"\nname = "X"\nphase = 2\nduration_days = 5\ndepends_on = ["custom"]',
    b'[[tasks]]\nid = "p2.order-production-gpus"\nlead_time_weeks = 500',
    b'[hardware]\ngpu = "rtx-4090"',
    b"[scenarios.x]\nusage_multiplier = 1000",
    b'[[workloads]]\nid = "w"\nname = "' + b"n" * 10_000 + b'"\nkind = "general_qa"\nusers = 1',
    b'[[workloads]]\nid = "huge"\nname = "Huge"\nkind = "general_qa"\nrequests_per_day = 1e11',
    b'[[workloads]]\nid = "huge30"\nname = "Huge"\nkind = "general_qa"\nrequests_per_day = 1e30',
    b'[[workloads]]\nid = "many"\nname = "Many"\nkind = "general_qa"\nusers = 9223372036854775807\nrequests_per_user_per_day = 1e300',
    b'[[workloads]]\nid = "tiny"\nname = "Tiny"\nkind = "general_qa"\nrequests_per_day = 5e-324\nbusy_hours = 1e-300',
    b'[[workloads]]\nid = "tok"\nname = "Tok"\nkind = "general_qa"\nusers = 10\ninput_tokens = 9223372036854775807',
    b'[[workloads]]\nid = "emb"\nname = "Emb"\nkind = "internal_rag"\nusers = 10\nembeddings_usd_per_month = 1e308',
    b'[[tasks]]\nid = "p1.security-review"\nroles = { ml_engineer = 1e308 }',
    b'[[tasks]]\nid = "p1.security-review"\nroles = { ml_engineer = -1 }',
    b'[[tasks]]\nid = "p1.security-review"\nstart = 9999-12-01',
    b'[[tasks]]\nid = "late"\nname = "Late"\nphase = 4\nduration_days = 3650\nstart = 9999-12-01',
    b"[organization]\nstaff = { devops = -1 }",
    b"[organization]\nstaff = { devops = 9223372036854775807 }",
    b"[organization]\nemployees = 9223372036854775807\nbudget_3y_krw = 99999999999999999999",
    b"[assumptions]\nkrw_per_usd = 1e308",
    b"[assumptions]\nusage_growth_per_year = 10\nusage_multiplier = 1000",
    b"[scenarios.extreme]\nkrw_per_usd = 1e308\nusage_multiplier = 1000",
    b"x = " + nested(2_000),
    b"x = " + nested(100_000),
    b"[[workloads]]\nid = " + nested(5_000),
    b"y = " + b"{ a = " * 3_000 + b"1" + b" }" * 3_000,
]


def _catalog_ids(name: str, section: str) -> list[str]:
    import tomllib

    return [entry["id"] for entry in tomllib.loads((SHIPPED_CATALOGS / name).read_text(encoding="utf-8"))[section]]


def valid_choices() -> dict[bytes, tuple[bytes, list[bytes]]]:
    """Key -> (the table it belongs in, values a user could legitimately write there): ids from the shipped catalogs
    and in-range figures. Not hostile values: combinations of valid ones (a defense workload pinned to a GPU too small
    for its model ended in an internal error; no byte-level mutation had reached it)."""

    def quoted(values: list[str]) -> list[bytes]:
        return [f'"{v}"'.encode() for v in values]

    workload, organization, hardware = b"[[workloads]]", b"[organization]", b"[hardware]"
    gpus = quoted(_catalog_ids("gpus.toml", "gpu"))
    return {
        b"gpu": (workload, gpus),
        b"open_model": (workload, quoted(_catalog_ids("open_models.toml", "open_model"))),
        b"cloud_model": (workload, quoted(_catalog_ids("cloud_models.toml", "cloud_model"))),
        b"kind": (workload, quoted(_catalog_ids("workload_kinds.toml", "kind"))),
        b"precision": (workload, quoted(["fp16", "bf16", "fp8", "int8", "int4", "mxfp4", "fp4"])),
        b"data": (workload, quoted(["public", "internal", "confidential", "personal", "regulated", "classified"])),
        b"placement": (workload, quoted(["cloud", "gpuaas", "hybrid", "on_prem", "on_prem_airgap"])),
        b"acknowledge_regulation": (workload, [b"true", b"false"]),
        b"placement_note": (workload, [b'"fuzz"']),
        b"csap_grade": (workload, quoted(["하", "중", "상"])),
        b"n2sf_class": (workload, quoted(["O", "S", "C"])),
        b"batch": (workload, [b"true", b"false"]),
        b"deidentifiable": (workload, [b"true", b"false"]),
        b"sensitive_share": (workload, [b"0", b"0.3", b"1"]),
        b"cached_prefix_share": (workload, [b"0", b"0.9", b"1"]),
        b"busy_hours": (workload, [b"2", b"8", b"24"]),
        b"input_tokens": (workload, [b"1", b"200", b"32000", b"128000"]),
        b"output_tokens": (workload, [b"1", b"4000", b"32000"]),
        b"days_per_month": (workload, [b"1", b"31"]),
        b"embeddings_usd_per_month": (workload, [b"0", b"5000"]),
        b"industry": (organization, quoted(_catalog_ids("regulations.toml", "industry"))),
        b"ml_engineers": (organization, [b"0", b"1", b"40"]),
        b"employees": (organization, [b"1", b"50000"]),
        b"budget_3y_krw": (organization, [b"0", b"100000000", b"50000000000"]),
        b"security_requirements": (organization, [b"true", b"false"]),
        b"pilot_gpu": (hardware, gpus),
        b"pilot_gpus": (hardware, [b"1", b"2", b"8"]),
        b"bridge": (hardware, [b'"gpuaas"']),
        b"gpuaas": (hardware, quoted(_catalog_ids("gpuaas.toml", "gpuaas"))),
    }


def _set_valid(rng: random.Random, lines: list[bytes], choices: dict[bytes, tuple[bytes, list[bytes]]]) -> list[bytes]:
    """One valid `key = value` in a table where it belongs (a workload, [organization] or [hardware]), replacing the key's
    line there if the table has one."""
    key = rng.choice(sorted(choices))
    table, values = choices[key]
    starts = [i for i, line in enumerate(lines) if line.strip() == table]
    if not starts:
        lines = [*lines, table]
        starts = [len(lines) - 1]
    start = rng.choice(starts)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith(b"[")), len(lines))
    body = [line for line in lines[start + 1 : end] if not line.startswith(key + b" =")]
    return [*lines[: start + 1], key + b" = " + rng.choice(values), *body, *lines[end:]]


def _task_edit(rng: random.Random, lines: list[bytes]) -> list[bytes]:
    """A `[[tasks]]` edit of a task the plan could have (a template of catalogs/phases.toml, alone or for one of the
    plan's workloads) with valid figures and dependencies on others, which may come before or after it, or close a
    circle (a phase-1 task made to follow a phase-2 milestone ended in an internal error; no mutation had tried it)."""
    templates = _catalog_ids("phases.toml", "task")
    workloads = [m.group(1).decode() for line in lines if (m := re.match(rb'^id = "([a-z0-9][a-z0-9_-]*)"$', line))]

    def task() -> str:
        template = rng.choice(templates)
        return f"{template}.{rng.choice(workloads)}" if workloads and rng.random() < 0.5 else template

    edit = [b"[[tasks]]", f'id = "{task()}"'.encode()]
    edit += rng.sample([
        b"depends_on = [" + b", ".join(f'"{task()}"'.encode() for _ in range(rng.randint(1, 2))) + b"]",
        f"duration_days = {rng.choice([0, 1, 30, 400])}".encode(),
        f"lead_time_weeks = {rng.choice([0, 1.5, 40])}".encode(),
        f"start = 2027-0{rng.randint(1, 9)}-01".encode(),
        f"phase = {rng.randint(1, 4)}".encode(),
        f"roles = {{ ml_engineer = {rng.choice([0, 0.5, 3])} }}".encode(),
    ], rng.randint(1, 3))
    return [*lines, *edit]


def mutate_plan(rng: random.Random, data: bytes, choices: dict[bytes, tuple[bytes, list[bytes]]] | None = None) -> bytes:
    """1-4 random mutations of a sample plan's bytes. With `choices` (`valid_choices()`), about one case in three
    is instead 1-5 valid values set where a user could set them."""
    if choices is not None and rng.random() < 0.35:
        lines = data.split(b"\n")
        for _ in range(rng.randint(1, 5)):
            lines = _task_edit(rng, lines) if rng.random() < 0.2 else _set_valid(rng, lines, choices)
        return b"\n".join(lines)
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        how = rng.choice(["flip", "cut", "dup", "value", "value", "number", "insert", "insert", "insert", "schema",
                          "selfdep", "truncate", "nest", "date"])
        lines = bytes(buffer).split(b"\n")
        if how == "flip" and buffer:
            buffer[rng.randrange(len(buffer))] = rng.randrange(256)
            continue
        if how == "truncate" and buffer:
            return bytes(buffer[: rng.randrange(len(buffer) + 1)])
        if how == "cut" and lines:
            del lines[rng.randrange(len(lines))]
        elif how == "dup" and lines:
            i = rng.randrange(len(lines))
            lines.insert(i, lines[i])
        elif how in ("value", "number", "nest", "date"):
            pattern = NUMBER if how == "number" else VALUE
            candidates = [i for i, line in enumerate(lines) if pattern.match(line)]
            if candidates:
                i = rng.choice(candidates)
                key = pattern.match(lines[i]).group(1)
                if how == "value":
                    value = rng.choice(WRONG_VALUES)
                elif how == "number":
                    value = rng.choice(EXTREME_NUMBERS)
                elif how == "nest":
                    value = nested(rng.choice([30, 200, 1_000, 50_000]))
                else:
                    value = rng.choice([b"9999-12-31", b"9999-01-01", b"9998-12-31", b"0001-01-01", b"1900-02-28"])
                lines[i] = key + b" = " + value
        elif how == "insert":
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(SNIPPETS))
        elif how == "schema":
            version = rng.choice([b"2", b"7", b"0", b"-1", b"1e300", b'"1"'])
            lines = [b"schema_version = " + version if line.startswith(b"schema_version") else line for line in lines]
        elif how == "selfdep":
            lines.append(b'[[tasks]]\nid = "p1.security-review"\ndepends_on = ["p1.security-review"]')
        buffer = bytearray(b"\n".join(lines))
    return bytes(buffer)


CATALOG_SECTIONS = {
    "cloud_models.toml": "cloud_model", "providers.toml": "provider", "gpus.toml": "gpu", "open_models.toml": "open_model",
    "throughputs.toml": "throughput", "workload_kinds.toml": "kind", "roles.toml": "role", "assumptions.toml": "assumption",
    "phases.toml": "task", "regulations.toml": "regulation",
}
CATALOG_VALUES: list[object] = [1e300, 1e-300, 0, 0.0, -1, -5, 1e308, 5e-324, "text", 10**8, 10**18, True, [1, 2], [0, -1],
                                {"low": 10.0, "high": 1.0}, {"low": -1.0, "high": 1e308}, 2, 1, "", 9223372036854775807]
CATALOG_SPECIFIC: list[tuple[str, str | None, str, object]] = [
    ("gpus.toml", "a100-80gb", "vram_gb", 1e300),
    ("gpus.toml", "a100-80gb", "mem_bw_gbs", 1e-300),
    ("gpus.toml", "h100-80gb", "unit_price_krw", {"low": 90_000_000.0, "high": 1.0}),
    ("gpus.toml", "h100-80gb", "gpus_per_server", 10**18),
    ("gpus.toml", "h100-80gb", "tdp_w", 1e308),
    ("workload_kinds.toml", "general_qa", "busy_hours", 1e-300),
    ("workload_kinds.toml", "general_qa", "input_tokens", 9223372036854775807),
    ("workload_kinds.toml", "general_qa", "requests_per_user_per_day", 1e308),
    ("assumptions.toml", "krw_per_usd", "value", -5),
    ("assumptions.toml", "krw_per_usd", "value", 0),
    ("assumptions.toml", "krw_per_usd", "value", "text"),
    ("assumptions.toml", None, "value", 0),
    ("assumptions.toml", None, "value", "text"),
    ("assumptions.toml", None, "value", 1e308),
    ("assumptions.toml", None, "min", 1e308),
    ("open_models.toml", None, "valid_tp", [0, -1]),
    ("open_models.toml", None, "params_b", 1e300),
    ("open_models.toml", None, "layers", 10**18),
    ("throughputs.toml", None, "output_tokens_per_s", 1e-300),
    ("throughputs.toml", None, "tp", 10**9),
    ("phases.toml", None, "duration_days", 10**8),
    ("phases.toml", None, "roles", {"ml_engineer": -1.0}),
    ("phases.toml", None, "roles", {"ml_engineer": 1e308}),
    ("roles.toml", None, "salary_krw_per_year", {"low": 1e308, "high": 1e308}),
    ("roles.toml", None, "ops_fte", 1e308),
    ("cloud_models.toml", None, "input_usd_per_mtok", 1e308),
    ("providers.toml", None, "tiers", [{"tier": "x", "rpm": 9223372036854775807, "tpm": 1}]),
]


def _toml_value(value: object) -> str:
    """TOML for a value on one line (tables inline)."""
    import tomli_w

    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return tomli_w.dumps({"k": value})[4:-1]


def mutate_catalog(rng: random.Random, directory: Path) -> str:
    """Write one hostile company catalog file into `directory`; returns a one-line description."""
    import tomllib

    if rng.random() < 0.08:
        name = rng.choice(sorted(CATALOG_SECTIONS))
        depth = rng.choice([200, 2_000, 100_000])
        (directory / name).write_text(f"schema_version = 1\nx = {nested(depth).decode()}\n", encoding="utf-8")
        return f"{name}: nested array depth {depth}"
    if rng.random() < 0.05:
        name = rng.choice(sorted(CATALOG_SECTIONS))
        (directory / name).write_text(f"schema_version = {rng.choice(['2', '0', '1e300', '[1]'])}\n", encoding="utf-8")
        return f"{name}: schema_version"
    if rng.random() < 0.5:
        name, entry_id, key, value = rng.choice(CATALOG_SPECIFIC)
    else:
        name, entry_id, key, value = rng.choice(sorted(CATALOG_SECTIONS)), None, None, rng.choice(CATALOG_VALUES)
    section = CATALOG_SECTIONS[name]
    data = tomllib.loads((SHIPPED_CATALOGS / name).read_text(encoding="utf-8"))
    entries = [e for e in data[section] if entry_id is None or e["id"] == entry_id]
    entry = dict(rng.choice(entries))
    if key is None:
        key = rng.choice([k for k in entry if k not in ("id", "source", "as_of")])
    entry[key] = value
    lines = ["schema_version = 1", f"[[{section}]]"] + [f"{k} = {_toml_value(v)}" for k, v in entry.items()]
    (directory / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f"{name}: {entry['id']}.{key} = {value!r}"[:200]


USES = {"gpu": "gpu", "open_model": "open_model", "kind": "kind", "cloud_model": "cloud_model"}


def plan_using(sample: bytes, description: str) -> bytes:
    """The sample plus an on-prem workload that uses the mutated entry, so evaluation meets it."""
    match = re.match(r"(\w+)\.toml: ([^.\s]+(?:\.[^.\s]+)*?)\.\w+ = ", description)
    fields = {"kind": "general_qa"}
    if match:
        section = CATALOG_SECTIONS.get(match.group(1) + ".toml")
        if section in USES:
            fields[USES[section]] = match.group(2)
    body = "".join(f'{k} = "{v}"\n' for k, v in fields.items())
    return sample + (b'\n[[workloads]]\nid = "uses-entry"\nname = "Uses the entry"\nusers = 500\ndata = "confidential"\n'
                     b'placement = "on_prem"\nplacement_note = "fuzz"\n' + body.encode())


class CommandTimeout(BaseException):
    """Raised by SIGPROF in a command that ran over the limit (a BaseException: main() must not catch it)."""


def _alarm(_signum, _frame):
    raise CommandTimeout()


@dataclass
class Outcome:
    case: str
    command: list[str]
    code: int | str
    seconds: float
    err: str


@dataclass
class Report:
    cases: int = 0
    commands: int = 0
    codes: Counter = field(default_factory=Counter)
    bad: list[Outcome] = field(default_factory=list)
    slow: list[Outcome] = field(default_factory=list)
    slowest: float = 0.0
    seconds: float = 0.0

    def summary(self, title: str) -> str:
        kinds = Counter(re.sub(r"[\d.]+|'[^']*'", "#", o.err.strip().splitlines()[-1] if o.err.strip() else str(o.code))[:120]
                        for o in self.bad)
        lines = [f"{title}: {self.cases} cases, {self.commands} commands in {self.seconds:.0f} s; exit codes {dict(sorted(self.codes.items(), key=str))}; "
                 f"{len(self.bad)} outside 0/1/2 or with a traceback, {len(self.slow)} over {LIMIT_S:g} s (slowest {self.slowest:.2f} s)"]
        lines += [f"  {count} x {kind}" for kind, count in kinds.most_common(15)]
        lines += [f"  slow: {o.case} {' '.join(o.command[:3])} {o.seconds:.1f} s" for o in self.slow[:10]]
        return "\n".join(lines)


def formats() -> list[str]:
    from planner.export.formats import FORMATS

    return [f for f in FORMATS]


def run_command(args: list[str], limit: float = LIMIT_S) -> tuple[int | str, float, str]:
    """Run `planner ARGS` in-process: exit code (or 'timeout'), CPU seconds, stderr."""
    from planner.cli import main

    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.StringIO()
    previous = signal.signal(signal.SIGPROF, _alarm)
    signal.setitimer(signal.ITIMER_PROF, limit)  # CPU time: the machine is shared, wall time would count the others' work
    started = time.process_time()
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code: int | str = main(args)
    except CommandTimeout:
        code = "timeout"
    except BaseException as error:  # noqa: BLE001 -- anything escaping main() is what the fuzz is looking for
        code = f"raised {type(error).__name__}"
        err.write(f"{type(error).__name__}: {error}"[:500])
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
    return code, time.process_time() - started, err.getvalue()[-2000:]


def plan_commands(path: Path, catalogs: Path | None = None) -> list[list[str]]:
    extra = ["--catalogs", str(catalogs)] if catalogs else []
    commands = [["validate", str(path)], ["show", str(path)], ["show", "--json", str(path)]]
    commands += [["export", str(path), "--format", f] for f in formats()]
    commands += [["fmt", "--check", str(path)], ["fmt", str(path)]]
    return [c + extra for c in commands]


def _record(report: Report, case: str, command: list[str], result: tuple[int | str, float, str]) -> None:
    code, seconds, err = result
    report.commands += 1
    report.codes[code] += 1
    report.slowest = max(report.slowest, seconds)
    outcome = Outcome(case, command, code, seconds, err)
    if code not in (0, 1, 2) or "Traceback" in err or "internal error" in err:
        report.bad.append(outcome)
    if code == "timeout" or seconds > LIMIT_S:
        report.slow.append(outcome)


def fuzz_plans(count: int, seed: int = 17, keep: Path | None = None) -> Report:
    """`count` mutated sample plans through every command."""
    rng = random.Random(seed)
    samples = [p.read_bytes() for p in SAMPLES]
    choices = valid_choices()
    report = Report()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="planner-fuzz-") as folder:
        for number in range(count):
            content = mutate_plan(rng, rng.choice(samples), choices)
            path = Path(folder) / "fuzz.toml"
            path.write_bytes(content)
            report.cases += 1
            bad_before = len(report.bad) + len(report.slow)
            for command in plan_commands(path):
                _record(report, f"plan#{number}", command, run_command(command))
            if keep is not None and len(report.bad) + len(report.slow) > bad_before:
                keep.mkdir(parents=True, exist_ok=True)
                (keep / f"plan-{number}.toml").write_bytes(content)
    report.seconds = time.perf_counter() - started
    return report


def fuzz_catalogs(count: int, seed: int = 18, keep: Path | None = None) -> Report:
    """`count` hostile company catalogs, each with a sample plan through every command."""
    rng = random.Random(seed)
    report = Report()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="planner-fuzz-cat-") as folder:
        for number in range(count):
            directory = Path(folder) / f"company-{number}"
            directory.mkdir()
            description = mutate_catalog(rng, directory)
            plan = Path(folder) / "plan.toml"
            plan.write_bytes(plan_using(rng.choice(SAMPLES).read_bytes(), description))
            report.cases += 1
            bad_before = len(report.bad) + len(report.slow)
            for command in plan_commands(plan, directory):
                _record(report, f"catalog#{number} {description}", command, run_command(command))
            if keep is not None and len(report.bad) + len(report.slow) > bad_before:
                shutil.copytree(directory, keep / f"catalog-{number}", dirs_exist_ok=True)
            shutil.rmtree(directory)
    report.seconds = time.perf_counter() - started
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plans", type=int, default=200)
    parser.add_argument("--catalogs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--keep", type=Path, help="copy every failing case here")
    args = parser.parse_args(argv)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    plans = fuzz_plans(args.plans, args.seed, args.keep)
    print(plans.summary("plans"), flush=True)
    catalogs = fuzz_catalogs(args.catalogs, args.seed + 1, args.keep)
    print(catalogs.summary("company catalogs"), flush=True)
    return 0 if not (plans.bad or plans.slow or catalogs.bad or catalogs.slow) else 1


if __name__ == "__main__":
    sys.exit(main())
