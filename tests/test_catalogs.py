"""Catalog integrity: every entry has a source and a date, every reference resolves, companies can override."""

from __future__ import annotations

import re
import tomllib
from json import loads as json_loads
from datetime import date
from pathlib import Path

import pytest

from planner.domain.catalog import catalog_problems
from planner.errors import PlannerError
from planner.store.catalogs import CATALOG_FILES, load_catalog, shipped_catalog_dir

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("file", sorted(CATALOG_FILES))
def test_every_entry_has_source_and_as_of(file):
    data = tomllib.loads((shipped_catalog_dir() / file).read_text(encoding="utf-8"))
    sections = [section for section, _model, _attr in CATALOG_FILES[file]]
    entries = [entry for section in sections for entry in data[section]]
    assert entries
    for entry in entries:
        assert entry["source"].strip(), entry["id"]
        assert isinstance(entry["as_of"], date), entry["id"]
        assert entry["as_of"] <= date.today(), f"{entry['id']}: as_of {entry['as_of']} is in the future"  # a figure checked today may carry today


def test_catalog_references_resolve(catalog):
    assert catalog_problems(catalog) == []
    for key in ("pilot_gpu",):
        assert catalog.assumption(key) in catalog.gpus
    assert catalog.assumption("pilot_open_model") in catalog.open_models


def test_every_assumption_the_code_reads_is_in_the_catalog(catalog):
    pattern = re.compile(r"""\.(?:num|text|assumption)\(\s*["']([a-z0-9_]+)["']""")
    used = set()
    for source in (ROOT / "planner").rglob("*.py"):
        used |= set(pattern.findall(source.read_text(encoding="utf-8")))
    assert used, "no assumption reads found"
    assert sorted(used - set(catalog.assumptions)) == []


def test_ids_are_unique_per_file():
    for file, specs in CATALOG_FILES.items():
        data = tomllib.loads((shipped_catalog_dir() / file).read_text(encoding="utf-8"))
        for section, _model, _attr in specs:
            ids = [entry["id"] for entry in data[section]]
            assert len(ids) == len(set(ids)), (file, section)


def test_company_directory_overrides_by_id(tmp_path, catalog):
    (tmp_path / "gpus.toml").write_text(
        'schema_version = 1\n[[gpu]]\nid = "a100-80gb"\nunit_price_krw = { low = 15_000_000, high = 16_000_000 }\n'
        'source = "ACME negotiated quote 2026-09"\nas_of = 2026-09-01\n',
        encoding="utf-8",
    )
    company = load_catalog(tmp_path)
    assert company.gpus["a100-80gb"].unit_price_krw.mid == 15_500_000
    assert company.gpus["a100-80gb"].source == "ACME negotiated quote 2026-09"
    # everything else is the shipped entry
    assert company.gpus["a100-80gb"].vram_gb == catalog.gpus["a100-80gb"].vram_gb
    assert company.gpus["h100-80gb"] == catalog.gpus["h100-80gb"]


def test_company_entry_without_source_is_refused(tmp_path):
    (tmp_path / "cloud_models.toml").write_text('schema_version = 1\n[[cloud_model]]\nid = "gpt-4o"\ninput_usd_per_mtok = 2.0\n', encoding="utf-8")
    with pytest.raises(PlannerError) as error:
        load_catalog(tmp_path)
    assert "source and as_of" in str(error.value)
    assert str(error.value).startswith(f"{tmp_path / 'cloud_models.toml'}:2: cloud_model.0: ")


def test_company_directory_can_add_an_industry(tmp_path, run_cli):
    (tmp_path / "regulations.toml").write_text(
        'schema_version = 1\n[[industry]]\nid = "telecom"\nname = "Telecom"\nlaws = ["Telecommunications Business Act"]\n'
        'situation = "hybrid"\nsource = "ACME legal 2026"\nas_of = 2026-06-01\n',
        encoding="utf-8",
    )
    plan = tmp_path / "plan.toml"
    plan.write_text(
        'schema_version = 1\nname = "Telco"\nstart = 2026-01-05\n[organization]\nindustry = "telecom"\n'
        '[[workloads]]\nid = "qa"\nname = "QA"\nkind = "general_qa"\nusers = 5\n',
        encoding="utf-8",
    )
    assert run_cli("validate", str(plan)).code == 1
    assert run_cli("validate", "--catalogs", str(tmp_path), str(plan)).code == 0


def test_catalog_command_lists_sources(run_cli, catalog):
    result = run_cli("catalog")
    assert result.code == 0
    assert len(result.out.splitlines()) == sum(len(getattr(catalog, attr)) for specs in CATALOG_FILES.values() for _s, _m, attr in specs)
    assert "gpt-4o" in result.out and "as of 2025-06-28" in result.out
    one = run_cli("catalog", "h100-80gb")
    assert one.code == 0 and "vram_gb = 80" in one.out and "source = " in one.out
    assert run_cli("catalog", "no-such-thing").code == 1


def test_a_workload_on_a_retired_cloud_model_is_warned_with_its_date_replacement_and_source(tmp_path, run_cli):
    plan = tmp_path / "plan.toml"
    body = (
        'schema_version = 1\nname = "Review"\nstart = 2026-01-05\n[organization]\nindustry = "general"\n'
        '[[workloads]]\nid = "review"\nname = "Code review"\nkind = "code_review"\nusers = 40\n{model}'
    )
    plan.write_text(body.format(model='cloud_model = "claude-3.5-sonnet"\n'), encoding="utf-8")
    old = run_cli("show", "--json", str(plan))
    assert old.code == 0
    warnings = [w for w in json_loads(old.out)["warnings"] if "retired" in w]
    assert len(warnings) == 1
    assert "Claude 3.5 Sonnet is retired by its provider from 2025-10-22" in warnings[0]
    assert "the provider names Claude Sonnet 4.5 instead" in warnings[0] and "gitlab.com/gitlab-org/gitlab/-/issues/572012" in warnings[0]
    # the kind's default is the named replacement: no warning, and the same list price, so the same cloud bill
    plan.write_text(body.format(model=""), encoding="utf-8")
    new = json_loads(run_cli("show", "--json", str(plan)).out)
    assert new["workloads"][0]["cloud_model"] == "claude-sonnet-4.5"
    assert not [w for w in new["warnings"] if "retired" in w or "deprecated" in w]
    assert new["workloads"][0]["cloud_cost_usd_per_month"] == json_loads(old.out)["workloads"][0]["cloud_cost_usd_per_month"] > 0
    # in Korean too
    plan.write_text(body.format(model='cloud_model = "claude-3.5-sonnet"\n'), encoding="utf-8")
    ko = run_cli("show", "--lang", "ko", str(plan))
    assert ko.code == 0 and "Claude 3.5 Sonnet: 제공사가 2025-10-22부터 서비스를 종료해 그날부터 요청이 실패합니다" in ko.out


def test_the_catalog_lists_a_retired_model_as_retired_and_refuses_an_unsourced_or_dead_end_lifecycle(tmp_path, run_cli):
    listing = run_cli("catalog").out
    assert re.search(r"claude-3\.5-sonnet +as of 2025-06-28, retired 2025-10-22 ", listing)
    assert re.search(r"command-r-plus +as of 2025-01-01, deprecated 2025-09-15 ", listing)
    (tmp_path / "cloud_models.toml").write_text(
        'schema_version = 1\n[[cloud_model]]\nid = "gpt-4o"\nretired = 2026-01-01\nsource = "ACME"\nas_of = 2026-01-01\n', encoding="utf-8"
    )
    with pytest.raises(PlannerError) as error:
        load_catalog(tmp_path)
    assert "deprecated and retired need lifecycle_source" in str(error.value)
    (tmp_path / "cloud_models.toml").write_text(
        'schema_version = 1\n[[cloud_model]]\nid = "gpt-4o"\nretired = 2026-01-01\nreplacement = "gemini-1.5-pro"\nlifecycle_source = "ACME"\n'
        'source = "ACME"\nas_of = 2026-01-01\n',
        encoding="utf-8",
    )
    with pytest.raises(PlannerError) as error:
        load_catalog(tmp_path)
    assert "cloud_model gpt-4o: replacement 'gemini-1.5-pro' is not a cloud model the catalog still serves" in str(error.value)


def test_company_catalog_problems_read_in_korean(tmp_path, run_cli):
    (tmp_path / "assumptions.toml").write_text(
        'schema_version = 1\n[[assumption]]\nid = "krw_per_usd"\nvalue = "lots"\nsource = "ACME"\nas_of = 2026-01-01\n', encoding="utf-8"
    )
    plan = str(ROOT / "plans" / "bank-customer-service.toml")
    english = run_cli("validate", "--catalogs", str(tmp_path), plan)
    korean = run_cli("validate", "--lang", "ko", "--catalogs", str(tmp_path), plan)
    where = f"{tmp_path / 'assumptions.toml'}:4: assumption.0.value: "
    assert english.code == korean.code == 1
    assert where + "must be a number, like the shipped assumption 'krw_per_usd'" in english.err
    assert where + "기본 제공 가정 'krw_per_usd'처럼 숫자여야 합니다" in korean.err
    missing = run_cli("validate", "--lang", "ko", "--catalogs", str(tmp_path / "nowhere"), plan)
    assert missing.code == 2 and "회사 카탈로그 디렉터리가 없습니다" in missing.err


def test_a_company_catalogs_cross_field_checks_read_in_korean_too(tmp_path, run_cli):
    """A check across fields (low above high in a GPU's price range) is a Message like every other problem:
    same file, line and key in both languages, its words in Korean with --lang ko."""
    (tmp_path / "gpus.toml").write_text(
        'schema_version = 1\n[[gpu]]\nid = "h100-80gb"\nunit_price_krw = { low = 60_000_000, high = 50_000_000 }\nprice = 1\nsource = "ACME quote"\nas_of = 2026-11-01\n',
        encoding="utf-8",
    )
    plan = str(ROOT / "plans" / "bank-customer-service.toml")
    english = run_cli("validate", "--catalogs", str(tmp_path), plan)
    korean = run_cli("validate", "--lang", "ko", "--catalogs", str(tmp_path), plan)
    assert english.code == korean.code == 1 and "Traceback" not in english.err + korean.err
    assert english.err.split(": ", 2)[:2] == korean.err.split(": ", 2)[:2]  # file:line and the key
    assert english.err.rstrip().endswith("low (60,000,000) is above high (50,000,000)")
    assert korean.err.rstrip().endswith("low(60,000,000)가 high(50,000,000)보다 큼")
    # a key the entry does not have: "unknown key" as in a plan, with the hint, in both languages
    (tmp_path / "gpus.toml").write_text(
        'schema_version = 1\n[[gpu]]\nid = "h100-80gb"\nunit_price_krws = { low = 50_000_000, high = 60_000_000 }\nsource = "ACME quote"\nas_of = 2026-11-01\n',
        encoding="utf-8",
    )
    english = run_cli("validate", "--catalogs", str(tmp_path), plan)
    korean = run_cli("validate", "--lang", "ko", "--catalogs", str(tmp_path), plan)
    assert english.code == korean.code == 1
    assert english.err.rstrip().endswith('gpus.toml:4: gpu.0.unit_price_krws: unknown key (did you mean "unit_price_krw"?)')
    assert "Extra inputs" not in korean.err and korean.err.split(": ", 2)[1] == "gpu.0.unit_price_krws"


def test_a_company_catalog_with_an_enormous_staff_figure_still_gives_json(run_cli, tmp_path):
    """Found by `make fuzz`: a role at 10^18 FTE on rented GPUs made integers past 64 bits, which the JSON encoder
    (orjson) refuses: `show --json` ended in an internal error. The document is written, with the number whole."""
    import json

    from tests.conftest import ROOT

    roles = (ROOT / "catalogs" / "roles.toml").read_text(encoding="utf-8").replace("gpuaas_ops_fte = 0.5", "gpuaas_ops_fte = 1000000000000000000", 1)
    (tmp_path / "roles.toml").write_text(roles, encoding="utf-8")
    result = run_cli("show", "--json", "--catalogs", str(tmp_path), str(ROOT / "plans" / "public-agency-gpuaas.toml"))
    assert result.code in (0, 1) and "internal error" not in result.err, result.err
    if result.code == 0:
        document = json.loads(result.out)
        assert max(s["total_krw"] for s in document["tco"]["strategies"].values()) > 2**63


@pytest.fixture
def shipped_copy(tmp_path, monkeypatch):
    """A copy of the shipped catalogs read as the shipped ones, kept in a cache directory of the test's own; returns
    (the copy, load: the shipped catalogs read as a new process would, past the process's own lru_cache)."""
    import shutil

    from planner.store import catalogs

    copy = tmp_path / "shipped"
    shutil.copytree(shipped_catalog_dir(), copy)
    monkeypatch.setattr(catalogs, "shipped_catalog_dir", lambda: copy)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return copy, lambda: catalogs._load.__wrapped__(None)


def test_the_kept_shipped_catalogs_follow_their_files(shipped_copy, tmp_path):
    copy, load = shipped_copy
    first = load()
    assert len(list((tmp_path / "cache" / "planner").glob("shipped-catalog-*.pickle"))) == 1
    again = load()  # read back from the cache directory
    assert again == first and again is not first
    assert again.gpus["a100-80gb"].unit_price_krw.mid == 20_000_000
    gpus = copy / "gpus.toml"
    text = gpus.read_text(encoding="utf-8")
    gpus.write_text(text.replace("unit_price_krw = { low = 20_000_000, high = 20_000_000 }", "unit_price_krw = { low = 21_000_000, high = 21_000_000 }", 1), encoding="utf-8")
    assert load().gpus["a100-80gb"].unit_price_krw.mid == 21_000_000  # an edited file is read again, not the kept catalog
    gpus.write_text(text.replace("vram_gb = 80\n", 'vram_gb = "eighty"\n', 1), encoding="utf-8")
    with pytest.raises(PlannerError) as error:
        load()  # a broken file is refused at its line, however recently the catalogs were kept
    assert str(error.value).startswith(f"{gpus}:10: gpu.0.vram_gb: ")
    gpus.write_text(text, encoding="utf-8")
    assert load() == first


def _entries(value: object) -> list:
    """Every model in `value` (a catalog: its entries and theirs, committed offers, rate tiers, ranges...), in order."""
    from planner.domain.coremodel import Model

    if isinstance(value, Model):
        return [value, *_entries(list(value.__dict__.values()))]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return [entry for item in value for entry in _entries(item)]
    return []


def test_a_kept_catalog_reads_back_with_each_entrys_fields_given(shipped_copy):
    _copy, load = shipped_copy
    first, again = load(), load()  # made from the files, then read back from the cache directory
    built, kept = _entries(first), _entries(again)
    assert len(kept) == len(built) > 400 and [type(entry) for entry in kept] == [type(entry) for entry in built]
    assert [entry.model_fields_set for entry in kept] == [entry.model_fields_set for entry in built]
    assert [entry.model_extra for entry in kept] == [entry.model_extra for entry in built] and again == first
    # a changed copy of an entry counts the field it was given as given; no other entry's fields given change with it
    given = {id(entry): set(entry.model_fields_set) for entry in kept}
    alike = [entry for entry in kept if sum(other.model_fields_set == entry.model_fields_set for other in kept) > 1]
    entry = next(entry for entry in alike if set(type(entry).model_fields) - entry.model_fields_set)
    field = sorted(set(type(entry).model_fields) - entry.model_fields_set)[0]
    changed = entry.model_copy(update={field: getattr(entry, field)})
    assert changed.model_fields_set == given[id(entry)] | {field} and field not in entry.model_fields_set
    assert all(entry.model_fields_set == given[id(entry)] for entry in kept)


def test_the_kept_shipped_catalogs_are_read_again_with_another_toml_reader(shipped_copy, tmp_path, monkeypatch):
    """A catalog kept by a process whose TOML reader differed (rtoml installed or not, another version) is not read
    back: each reader may give other data for the same file."""
    from planner.store import tomltext

    _copy, load = shipped_copy
    kept = tmp_path / "cache" / "planner"
    first = load()
    assert len(list(kept.glob("shipped-catalog-*.pickle"))) == 1
    monkeypatch.setattr(tomltext, "rtoml", None)  # tomli reads every file: the same catalog, kept as another version
    assert load() == first
    assert len(list(kept.glob("shipped-catalog-*.pickle"))) == 2


def test_the_kept_shipped_catalogs_are_read_again_with_another_tomli(shipped_copy, tmp_path, monkeypatch):
    """tomli's version is in the kept catalogs' key as its package's `__init__.py` sets it (read there, without
    importing tomli): a catalog kept by another tomli is not read back."""
    import tomli

    from planner.store import catalogs

    assert f'__version__ = "{tomli.__version__}"'.encode() in catalogs._tomli_version_text()
    _copy, load = shipped_copy
    kept = tmp_path / "cache" / "planner"
    first = load()
    assert load() == first and len(list(kept.glob("shipped-catalog-*.pickle"))) == 1
    monkeypatch.setattr(catalogs, "_tomli_version_text", lambda: b'__version__ = "2.3.0"')
    assert load() == first
    assert len(list(kept.glob("shipped-catalog-*.pickle"))) == 2


def test_the_kept_shipped_catalogs_are_read_again_after_their_code_changed(shipped_copy, tmp_path, monkeypatch):
    """A catalog kept by other code (a module of CACHE_SOURCES edited, even to text of the same length) is not read
    back; the same code, unchanged, reads it back."""
    import os
    import sys
    from importlib.util import module_from_spec, spec_from_file_location

    from planner.store import catalogs

    code = tmp_path / "kept_catalog_code.py"
    code.write_text("LIMIT = 1\n", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "kept_catalog_code", module_from_spec(spec_from_file_location("kept_catalog_code", code)))
    monkeypatch.setattr(catalogs, "CACHE_SOURCES", (*catalogs.CACHE_SOURCES, "kept_catalog_code"))
    _copy, load = shipped_copy
    kept = tmp_path / "cache" / "planner"
    first = load()
    assert load() == first and len(list(kept.glob("shipped-catalog-*.pickle"))) == 1
    written = code.stat().st_mtime_ns
    code.write_text("LIMIT = 2\n", encoding="utf-8")
    os.utime(code, ns=(written + 1_000_000, written + 1_000_000))  # however coarse the file system's clock
    assert load() == first
    assert len(list(kept.glob("shipped-catalog-*.pickle"))) == 2


def test_an_unusable_cache_directory_only_costs_the_reading(shipped_copy, tmp_path, monkeypatch):
    _copy, load = shipped_copy
    fresh = load()
    [kept] = (tmp_path / "cache" / "planner").glob("shipped-catalog-*.pickle")
    kept.write_bytes(kept.read_bytes()[: len(kept.read_bytes()) // 2])  # cut short: a write that never finished
    assert load() == fresh
    kept.write_bytes(b"not a pickle")
    assert load() == fresh
    (tmp_path / "not-a-directory").write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "not-a-directory"))  # nothing can be kept there
    assert load() == fresh


def test_a_kept_catalog_others_could_have_written_is_not_read(shipped_copy, tmp_path, monkeypatch):
    """The kept catalog is a pickle: one another account owns or could have written is read as a miss, not unpickled."""
    import os
    import pickle

    from planner.store import catalogs

    _copy, load = shipped_copy
    fresh = load()
    [kept] = (tmp_path / "cache" / "planner").glob("shipped-catalog-*.pickle")
    with open(kept, "rb") as file:
        key = pickle.load(file)
        catalog = pickle.load(file)
    planted = catalog.model_copy(update={"gpus": {**catalog.gpus, "a100-80gb": catalog.gpus["a100-80gb"].model_copy(update={"vram_gb": 1})}})
    with open(kept, "wb") as file:  # what someone else could put there: the right key, other figures
        pickle.dump(key, file)
        pickle.dump(planted, file)
    assert load().gpus["a100-80gb"].vram_gb == 1  # the user's own private file is read back as it is
    kept.chmod(0o666)  # ... but not once others can write it
    assert load().gpus["a100-80gb"].vram_gb == fresh.gpus["a100-80gb"].vram_gb == 80
    [kept] = (tmp_path / "cache" / "planner").glob("shipped-catalog-*.pickle")
    assert kept.stat().st_mode & 0o777 == 0o600  # kept anew, private
    with open(kept, "wb") as file:
        pickle.dump(key, file)
        pickle.dump(planted, file)
    kept.chmod(0o600)
    real = os.getuid()
    monkeypatch.setattr(catalogs.os, "getuid", lambda: real + 1)  # a file another account owns
    assert load().gpus["a100-80gb"].vram_gb == 80


def test_a_relative_cache_directory_is_not_made_where_planner_runs(shipped_copy, tmp_path, monkeypatch):
    _copy, load = shipped_copy
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", "cache")
    monkeypatch.chdir(tmp_path)
    load()
    assert not (tmp_path / "cache").exists()
    assert list((tmp_path / "home" / ".cache" / "planner").glob("shipped-catalog-*.pickle"))


def test_versions_of_the_shipped_catalogs_are_kept_side_by_side(shipped_copy, tmp_path):
    """Two planners (or catalogs being edited back and forth) do not make each other read the catalogs again; the
    cache keeps the last few versions only."""
    from planner.store.catalogs import KEPT_VERSIONS

    copy, load = shipped_copy
    folder = tmp_path / "cache" / "planner"
    roles = copy / "roles.toml"
    text = roles.read_text(encoding="utf-8")
    load()
    roles.write_text(text + "\n# another version\n", encoding="utf-8")
    load()
    written = {path: path.stat().st_mtime_ns for path in folder.glob("shipped-catalog-*.pickle")}
    assert len(written) == 2
    roles.write_text(text, encoding="utf-8")
    load()  # the first version again: read back, nothing written
    assert {path: path.stat().st_mtime_ns for path in folder.glob("shipped-catalog-*.pickle")} == written
    for version in range(KEPT_VERSIONS + 2):
        roles.write_text(text + f"\n# version {version}\n", encoding="utf-8")
        load()
    assert len(list(folder.glob("shipped-catalog-*.pickle"))) == KEPT_VERSIONS


def test_a_company_catalog_is_the_shipped_one_with_every_merged_entry_validated(tmp_path):
    """The files a company directory has no file for are taken from the shipped catalog as it was validated: the
    result is the catalog of every shipped entry, with the company's merged over them, all validated again."""
    from planner.store import catalogs

    (tmp_path / "gpus.toml").write_text(
        'schema_version = 1\n[[gpu]]\nid = "a100-80gb"\nunit_price_krw = { low = 15_000_000, high = 16_000_000 }\n'
        'source = "ACME negotiated quote 2026-09"\nas_of = 2026-09-01\n',
        encoding="utf-8",
    )
    (tmp_path / "regulations.toml").write_text(
        'schema_version = 1\n[[industry]]\nid = "telecom"\nname = "Telecom"\nlaws = ["Telecommunications Business Act"]\n'
        'situation = "hybrid"\nsource = "ACME legal 2026"\nas_of = 2026-06-01\n',
        encoding="utf-8",
    )
    everything: dict = {}
    for name in CATALOG_FILES:
        catalogs._entries(catalogs.shipped_catalog_dir() / name, everything, company=False)
    for name in ("gpus.toml", "regulations.toml"):
        catalogs._entries(tmp_path / name, everything, company=True)
    assert load_catalog(tmp_path) == catalogs._build(everything, load_catalog(None))


def test_a_company_catalog_is_kept_while_its_files_and_the_shipped_ones_are_the_same(shipped_copy, tmp_path):
    """A company catalog directory that validated is read back at the next start, not read and validated again; an
    edit of one of its files, a file added to it, or an edit of the shipped catalogs makes it read again, and a file
    that does not validate is refused at its line however recently the catalog was kept (it is never kept itself)."""
    from planner.store import catalogs

    copy, _load_shipped = shipped_copy
    catalogs._load.cache_clear()  # the shipped catalogs under the company ones: the copy's, read as a new process reads them
    company = tmp_path / "company"
    company.mkdir()
    gpus = company / "gpus.toml"
    body = (
        'schema_version = 1\n[[gpu]]\nid = "a100-80gb"\nunit_price_krw = { low = 15_000_000, high = 16_000_000 }\n'
        'source = "ACME negotiated quote 2026-09"\nas_of = 2026-09-01\n'
    )
    gpus.write_text(body, encoding="utf-8")
    folder = tmp_path / "cache" / "planner"

    def load():
        return catalogs._load.__wrapped__(str(company))

    first = load()
    assert first.gpus["a100-80gb"].unit_price_krw.mid == 15_500_000 and first.gpus["a100-80gb"].vram_gb == 80
    [kept] = folder.glob("company-catalog-*.pickle")
    again = load()  # read back: the kept file is not written again
    assert again == first and again is not first and [kept] == list(folder.glob("company-catalog-*.pickle"))
    gpus.write_text(body.replace("16_000_000", "17_000_000"), encoding="utf-8")
    assert load().gpus["a100-80gb"].unit_price_krw.mid == 16_000_000
    gpus.write_text(body.replace("high = 16_000_000", 'high = "lots"'), encoding="utf-8")
    with pytest.raises(PlannerError) as error:
        load()
    assert str(error.value).startswith(f"{gpus}:4: gpu.0.unit_price_krw.high: ")
    assert len(list(folder.glob("company-catalog-*.pickle"))) == 2  # the two versions that validated
    gpus.write_text(body, encoding="utf-8")
    (company / "roles.toml").write_text(
        'schema_version = 1\n[[role]]\nid = "devops"\nops_fte = 0.5\nsource = "ACME staffing"\nas_of = 2026-09-01\n', encoding="utf-8"
    )
    assert load().roles["devops"].ops_fte == 0.5 and len(list(folder.glob("company-catalog-*.pickle"))) == 3
    shipped_gpus = copy / "gpus.toml"
    shipped_gpus.write_text(shipped_gpus.read_text(encoding="utf-8").replace("vram_gb = 80\n", "vram_gb = 81\n", 1), encoding="utf-8")
    catalogs._load.cache_clear()
    assert load().gpus["a100-80gb"].vram_gb == 81  # the shipped entry under the company's figures, as the files now say
    catalogs._load.cache_clear()
