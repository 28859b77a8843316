"""What a company catalog that does not validate is told, word for word: file, line, dotted key, message and exit code,
in English and Korean, for each kind of check the catalog models make (bounds, lengths, types, choices, nested
entries, unknown and missing keys, the models' own checks across fields) and the reader's own (TOML, format version,
ids, overrides, references). The messages are the ones pydantic's models gave (main c1c076a): the catalog models may
move onto another validator only if every one stays the same. One deliberate change since: a bound of a float field
(1.0 in pydantic-core's error context, `1` in its text) is told in the planner's wording like an int field's, so
Korean no longer keeps pydantic's English for it (validate._as_pydantic_writes)."""

from __future__ import annotations

import pytest

from planner import i18n
from planner.errors import PlannerError
from planner.store.catalogs import load_catalog

H = "schema_version = 1\n"
S = 'source = "ACME"\nas_of = 2026-01-01\n'

CASES = [
    ('toml-syntax', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\nvram_gb = = 3\n' + S, 1,
     '{dir}/gpus.toml:4: invalid TOML: Invalid value',
     '{dir}/gpus.toml:4: 잘못된 TOML: Invalid value'),
    ('toml-dup-key', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\nvram_gb = 3\nvram_gb = 4\n' + S, 1,
     '{dir}/gpus.toml:5: invalid TOML: Cannot overwrite a value',
     '{dir}/gpus.toml:5: 잘못된 TOML: Cannot overwrite a value'),
    ('schema-newer', 'gpus.toml', 'schema_version = 2\n[[gpu]]\nid = "h100-80gb"\n' + S, 1,
     '{dir}/gpus.toml:1: schema_version: catalog format 2 is not the one this planner reads (1)',
     '{dir}/gpus.toml:1: schema_version: 카탈로그 형식 2은(는) 이 planner가 읽는 형식(1)이 아닙니다'),
    ('schema-bool', 'gpus.toml', 'schema_version = true\n[[gpu]]\nid = "h100-80gb"\n' + S, 1,
     '{dir}/gpus.toml:1: schema_version: catalog format True is not the one this planner reads (1)',
     '{dir}/gpus.toml:1: schema_version: 카탈로그 형식 True은(는) 이 planner가 읽는 형식(1)이 아닙니다'),
    ('not-array', 'gpus.toml', H + 'gpu = 1\n', 1,
     '{dir}/gpus.toml: gpu: [[gpu]] must be an array of tables',
     '{dir}/gpus.toml: gpu: [[gpu]]는 테이블 배열이어야 합니다'),
    ('no-id', 'gpus.toml', H + '[[gpu]]\nname = "x"\n' + S, 1,
     '{dir}/gpus.toml:2: gpu.0.id: entry needs a text id',
     '{dir}/gpus.toml:2: gpu.0.id: 항목에는 텍스트 id가 필요합니다'),
    ('int-id', 'gpus.toml', H + '[[gpu]]\nid = 5\n' + S, 1,
     '{dir}/gpus.toml:2: gpu.0.id: entry needs a text id',
     '{dir}/gpus.toml:2: gpu.0.id: 항목에는 텍스트 id가 필요합니다'),
    ('no-source', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\nvram_gb = 40\nas_of = 2026-01-01\n', 1,
     '{dir}/gpus.toml:2: gpu.0: a company catalog entry must give its own source and as_of',
     '{dir}/gpus.toml:2: gpu.0: 회사 카탈로그 항목은 자체 source와 as_of를 적어야 합니다'),
    ('empty-id', 'gpus.toml', H + '[[gpu]]\nid = ""\nname = "x"\n' + S, 1,
     '{dir}/gpus.toml:3: gpu.0.id: String should have at least 1 character',
     '{dir}/gpus.toml:3: gpu.0.id: String should have at least 1 character'),
    ('empty-source', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\nsource = ""\nas_of = 2026-01-01\n', 1,
     '{dir}/gpus.toml:4: gpu.0.source: String should have at least 1 character',
     '{dir}/gpus.toml:4: gpu.0.source: String should have at least 1 character'),
    ('long-licence', 'providers.toml', H + '[[provider]]\nid = "openai"\nsource = "ACME"\nas_of = 2026-01-01\n[provider.terms]\nlicence = "' + "x" * 501 + '"\nsupport = "s"\nfine_tuning = "f"\nupgrades = "u"\nsource = "s"\nas_of = 2026-01-01\n', 1,
     '{dir}/providers.toml:7: provider.0.terms.licence: String should have at most 500 characters',
     '{dir}/providers.toml:7: provider.0.terms.licence: String should have at most 500 characters'),
    ('terms-empty', 'providers.toml', H + '[[provider]]\nid = "openai"\nsource = "ACME"\nas_of = 2026-01-01\n[provider.terms]\nlicence = ""\nsupport = "s"\nfine_tuning = "f"\nupgrades = "u"\nsource = "s"\nas_of = 2026-01-01\n', 1,
     '{dir}/providers.toml:7: provider.0.terms.licence: String should have at least 1 character',
     '{dir}/providers.toml:7: provider.0.terms.licence: String should have at least 1 character'),
    ('ge-float', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\nvram_gb = 0\n' + S, 1,
     '{dir}/gpus.toml:4: gpu.0.vram_gb: input should be greater than or equal to 0.1',
     '{dir}/gpus.toml:4: gpu.0.vram_gb: 0.1 이상이어야 합니다'),
    ('le-float', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\nvram_gb = 1e9\n' + S, 1,
     '{dir}/gpus.toml:4: gpu.0.vram_gb: input should be less than or equal to 100000',
     '{dir}/gpus.toml:4: gpu.0.vram_gb: 100000 이하여야 합니다'),
    ('gt-float', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\ntdp_w = 0\n' + S, 1,
     '{dir}/gpus.toml:4: gpu.0.tdp_w: input should be greater than 0',
     '{dir}/gpus.toml:4: gpu.0.tdp_w: 0보다 커야 합니다'),
    ('lt-float', 'cloud_models.toml', H + '[[cloud_model]]\nid = "gpt-4o"\nbatch_discount = 1\n' + S, 1,
     '{dir}/cloud_models.toml:4: cloud_model.0.batch_discount: input should be less than 1',
     '{dir}/cloud_models.toml:4: cloud_model.0.batch_discount: 1보다 작아야 합니다'),
    ('gt-int', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\ngpus_per_server = 0\n' + S, 1,
     '{dir}/gpus.toml:4: gpu.0.gpus_per_server: input should be greater than 0',
     '{dir}/gpus.toml:4: gpu.0.gpus_per_server: 0보다 커야 합니다'),
    ('le-int', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\ngpus_per_server = 100000\n' + S, 1,
     '{dir}/gpus.toml:4: gpu.0.gpus_per_server: input should be less than or equal to 1024',
     '{dir}/gpus.toml:4: gpu.0.gpus_per_server: 1024 이하여야 합니다'),
    ('ge-int-default-field', 'cloud_models.toml', H + '[[cloud_model]]\nid = "gpt-4o"\nmin_cacheable_tokens = -1\n' + S, 1,
     '{dir}/cloud_models.toml:4: cloud_model.0.min_cacheable_tokens: input should be greater than or equal to 0',
     '{dir}/cloud_models.toml:4: cloud_model.0.min_cacheable_tokens: 0 이상이어야 합니다'),
    ('int-from-float', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\ngpus_per_server = 1.5\n' + S, 1,
     '{dir}/gpus.toml:4: gpu.0.gpus_per_server: input should be a valid integer, got a number with a fractional part',
     '{dir}/gpus.toml:4: gpu.0.gpus_per_server: 정수여야 합니다(소수부가 있는 수)'),
    ('float-from-str', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\nvram_gb = "eighty"\n' + S, 1,
     '{dir}/gpus.toml:4: gpu.0.vram_gb: input should be a valid number, unable to parse string as a number',
     '{dir}/gpus.toml:4: gpu.0.vram_gb: 숫자여야 합니다(문자열을 숫자로 읽을 수 없음)'),
    ('float-inf', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\nvram_gb = inf\n' + S, 1,
     '{dir}/gpus.toml:4: gpu.0.vram_gb: input should be a finite number',
     '{dir}/gpus.toml:4: gpu.0.vram_gb: 유한한 숫자여야 합니다'),
    ('float-nan', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\nvram_gb = nan\n' + S, 1,
     '{dir}/gpus.toml:4: gpu.0.vram_gb: input should be a finite number',
     '{dir}/gpus.toml:4: gpu.0.vram_gb: 유한한 숫자여야 합니다'),
    ('float-big-int', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\nvram_gb = 99999999999999999999\n' + S, 1,
     '{dir}/gpus.toml:4: gpu.0.vram_gb: input should be less than or equal to 100000',
     '{dir}/gpus.toml:4: gpu.0.vram_gb: 100000 이하여야 합니다'),
    ('optional-float-bad', 'cloud_models.toml', H + '[[cloud_model]]\nid = "gpt-4o"\ncache_read_usd_per_mtok = "x"\n' + S, 1,
     '{dir}/cloud_models.toml:4: cloud_model.0.cache_read_usd_per_mtok: input should be a valid number, unable to parse string as a number',
     '{dir}/cloud_models.toml:4: cloud_model.0.cache_read_usd_per_mtok: 숫자여야 합니다(문자열을 숫자로 읽을 수 없음)'),
    ('optional-float-neg', 'cloud_models.toml', H + '[[cloud_model]]\nid = "gpt-4o"\ncache_read_usd_per_mtok = -1\n' + S, 1,
     '{dir}/cloud_models.toml:4: cloud_model.0.cache_read_usd_per_mtok: input should be greater than or equal to 0',
     '{dir}/cloud_models.toml:4: cloud_model.0.cache_read_usd_per_mtok: 0 이상이어야 합니다'),
    ('no-bound-float', 'gpuaas.toml', H + '[[gpuaas]]\nid = "kakaocloud-kr-central-2"\nsource = "ACME"\nas_of = 2026-01-01\n[[gpuaas.prices]]\ngpu = "h100-80gb"\non_demand = -1\n', 1,
     '{dir}/gpuaas.toml:2: gpuaas.0.prices.0.on_demand: input should be greater than 0',
     '{dir}/gpuaas.toml:2: gpuaas.0.prices.0.on_demand: 0보다 커야 합니다'),
    ('str-from-int', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\nname = 5\n' + S, 1,
     '{dir}/gpus.toml:4: gpu.0.name: input should be a valid string',
     '{dir}/gpus.toml:4: gpu.0.name: 문자열이어야 합니다'),
    ('bool-from-int', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\nfp8_native = 2\n' + S, 1,
     '{dir}/gpus.toml:4: gpu.0.fp8_native: input should be a valid boolean, unable to interpret input',
     '{dir}/gpus.toml:4: gpu.0.fp8_native: true 또는 false여야 합니다(입력을 해석할 수 없음)'),
    ('date-from-int', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\nsource = "A"\nas_of = 5\n', 1,
     '{dir}/gpus.toml:5: gpu.0.as_of: Datetimes provided to dates should have zero time - e.g. be exact dates',
     '{dir}/gpus.toml:5: gpu.0.as_of: Datetimes provided to dates should have zero time - e.g. be exact dates'),
    ('date-from-str', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\nsource = "A"\nas_of = "2026-02-30"\n', 1,
     '{dir}/gpus.toml:5: gpu.0.as_of: Input should be a valid date or datetime, day value is outside expected range',
     '{dir}/gpus.toml:5: gpu.0.as_of: Input should be a valid date or datetime, day value is outside expected range'),
    ('date-from-datetime', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\nsource = "A"\nas_of = 2026-01-01T10:00:00\n', 1,
     '{dir}/gpus.toml:5: gpu.0.as_of: Datetimes provided to dates should have zero time - e.g. be exact dates',
     '{dir}/gpus.toml:5: gpu.0.as_of: Datetimes provided to dates should have zero time - e.g. be exact dates'),
    ('optional-date', 'cloud_models.toml', H + '[[cloud_model]]\nid = "gpt-4o"\nretired = "soon"\nlifecycle_source = "x"\n' + S, 1,
     '{dir}/cloud_models.toml:4: cloud_model.0.retired: Input should be a valid date or datetime, input is too short',
     '{dir}/cloud_models.toml:4: cloud_model.0.retired: Input should be a valid date or datetime, input is too short'),
    ('literal', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\nmemory_kind = "ddr"\n' + S, 1,
     "{dir}/gpus.toml:4: gpu.0.memory_kind: Input should be 'hbm' or 'gddr'",
     "{dir}/gpus.toml:4: gpu.0.memory_kind: Input should be 'hbm' or 'gddr'"),
    ('literal-int', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\nmemory_kind = 3\n' + S, 1,
     "{dir}/gpus.toml:4: gpu.0.memory_kind: Input should be 'hbm' or 'gddr'",
     "{dir}/gpus.toml:4: gpu.0.memory_kind: Input should be 'hbm' or 'gddr'"),
    ('literal-optional', 'open_models.toml', H + '[[open_model]]\nid = "llama-3.1-8b"\nnative_precision = "fp2"\n' + S, 1,
     "{dir}/open_models.toml:4: open_model.0.native_precision: Input should be 'fp16', 'bf16', 'fp8', 'int8', 'int4', 'mxfp4' or 'fp4'",
     "{dir}/open_models.toml:4: open_model.0.native_precision: Input should be 'fp16', 'bf16', 'fp8', 'int8', 'int4', 'mxfp4' or 'fp4'"),
    ('literal-in-list', 'regulations.toml', H + '[[regulation]]\nid = "finance"\ndata_classes = ["secret"]\n' + S, 1,
     "{dir}/regulations.toml:4: regulation.0.data_classes.0: Input should be 'public', 'internal', 'confidential', 'personal', 'regulated' or 'classified'",
     "{dir}/regulations.toml:4: regulation.0.data_classes.0: Input should be 'public', 'internal', 'confidential', 'personal', 'regulated' or 'classified'"),
    ('list-empty', 'regulations.toml', H + '[[regulation]]\nid = "finance"\ndata_classes = []\n' + S, 1,
     '{dir}/regulations.toml:4: regulation.0.data_classes: List should have at least 1 item after validation, not 0',
     '{dir}/regulations.toml:4: regulation.0.data_classes: List should have at least 1 item after validation, not 0'),
    ('list-not-list', 'regulations.toml', H + '[[regulation]]\nid = "finance"\nlaws = "PIPA"\n' + S, 1,
     '{dir}/regulations.toml:4: regulation.0.laws: input should be a valid list',
     '{dir}/regulations.toml:4: regulation.0.laws: 목록이어야 합니다'),
    ('list-item-type', 'regulations.toml', H + '[[regulation]]\nid = "finance"\nlaws = [1]\n' + S, 1,
     '{dir}/regulations.toml:4: regulation.0.laws.0: input should be a valid string',
     '{dir}/regulations.toml:4: regulation.0.laws.0: 문자열이어야 합니다'),
    ('list-item-bound', 'open_models.toml', H + '[[open_model]]\nid = "llama-3.1-8b"\nvalid_tp = [0]\n' + S, 1,
     '{dir}/open_models.toml:4: open_model.0.valid_tp.0: input should be greater than or equal to 1',
     '{dir}/open_models.toml:4: open_model.0.valid_tp.0: 1 이상이어야 합니다'),
    ('list-too-long', 'open_models.toml', H + '[[open_model]]\nid = "llama-3.1-8b"\nvalid_tp = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n' + S, 1,
     '{dir}/open_models.toml:4: open_model.0.valid_tp: List should have at most 64 items after validation, not 65',
     '{dir}/open_models.toml:4: open_model.0.valid_tp: List should have at most 64 items after validation, not 65'),
    ('list-of-literal-lit', 'gpuaas.toml', H + '[[gpuaas]]\nid = "kakaocloud-kr-central-2"\nassumed_pricings = ["spot"]\n' + S, 1,
     "{dir}/gpuaas.toml:4: gpuaas.0.assumed_pricings.0: Input should be 'on_demand', 'reserved_1y' or 'reserved_3y'",
     "{dir}/gpuaas.toml:4: gpuaas.0.assumed_pricings.0: Input should be 'on_demand', 'reserved_1y' or 'reserved_3y'"),
    ('list-empty-models', 'providers.toml', H + '[[provider]]\nid = "openai"\ntiers = []\n' + S, 1,
     '{dir}/providers.toml:4: provider.0.tiers: List should have at least 1 item after validation, not 0',
     '{dir}/providers.toml:4: provider.0.tiers: List should have at least 1 item after validation, not 0'),
    ('dict-value-bound', 'phases.toml', H + '[[task]]\nid = "p1.security-review"\nroles = { security = -1 }\n' + S, 1,
     '{dir}/phases.toml:4: task.0.roles.security: input should be greater than or equal to 0',
     '{dir}/phases.toml:4: task.0.roles.security: 0 이상이어야 합니다'),
    ('dict-value-type', 'phases.toml', H + '[[task]]\nid = "p1.security-review"\nroles = { security = "x" }\n' + S, 1,
     '{dir}/phases.toml:4: task.0.roles.security: input should be a valid number, unable to parse string as a number',
     '{dir}/phases.toml:4: task.0.roles.security: 숫자여야 합니다(문자열을 숫자로 읽을 수 없음)'),
    ('dict-not-dict', 'phases.toml', H + '[[task]]\nid = "p1.security-review"\nroles = 3\n' + S, 1,
     '{dir}/phases.toml:4: task.0.roles: input should be a valid dictionary',
     '{dir}/phases.toml:4: task.0.roles: 테이블(키 = 값 묶음)이어야 합니다'),
    ('dict-literal', 'regulations.toml', H + '[[regulation]]\nid = "finance"\nn2sf_to_csap = { O = "X" }\n' + S, 1,
     "{dir}/regulations.toml:4: regulation.0.n2sf_to_csap.O: Input should be '하', '중' or '상'",
     "{dir}/regulations.toml:4: regulation.0.n2sf_to_csap.O: Input should be '하', '중' or '상'"),
    ('union-list', 'assumptions.toml', H + '[[assumption]]\nid = "zz_new"\nvalue = [1]\ndescription = "d"\n' + S, 1,
     '{dir}/assumptions.toml:4: assumption.0.value.float: input should be a valid number',
     '{dir}/assumptions.toml:4: assumption.0.value.float: 숫자여야 합니다'),
    ('union-dict', 'assumptions.toml', H + '[[assumption]]\nid = "zz_new"\nvalue = { a = 1 }\ndescription = "d"\n' + S, 1,
     '{dir}/assumptions.toml:4: assumption.0.value.float: input should be a valid number',
     '{dir}/assumptions.toml:4: assumption.0.value.float: 숫자여야 합니다'),
    ('nested-missing', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\nunit_price_krw = { low = 1 }\n' + S, 1,
     '{dir}/gpus.toml:4: gpu.0.unit_price_krw.high: Field required',
     '{dir}/gpus.toml:4: gpu.0.unit_price_krw.high: Field required'),
    ('nested-type', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\nunit_price_krw = 5\n' + S, 1,
     '{dir}/gpus.toml:4: gpu.0.unit_price_krw: Input should be a valid dictionary or instance of Range',
     '{dir}/gpus.toml:4: gpu.0.unit_price_krw: Input should be a valid dictionary or instance of Range'),
    ('nested-extra', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\nunit_price_krw = { low = 1, high = 2, mid = 3 }\n' + S, 1,
     '{dir}/gpus.toml:4: gpu.0.unit_price_krw.mid: unknown key',
     '{dir}/gpus.toml:4: gpu.0.unit_price_krw.mid: 알 수 없는 키'),
    ('nested-bound', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\nlead_time_weeks = { quoted = -1, realistic = 2 }\n' + S, 1,
     '{dir}/gpus.toml:4: gpu.0.lead_time_weeks.quoted: input should be greater than or equal to 0',
     '{dir}/gpus.toml:4: gpu.0.lead_time_weeks.quoted: 0 이상이어야 합니다'),
    ('nested-optional', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\nframework_break_even = { gpus = 0, usd_per_month = 1 }\n' + S, 1,
     '{dir}/gpus.toml:4: gpu.0.framework_break_even.gpus: input should be greater than 0',
     '{dir}/gpus.toml:4: gpu.0.framework_break_even.gpus: 0보다 커야 합니다'),
    ('nested-list-model', 'providers.toml', H + '[[provider]]\nid = "openai"\ntiers = [{ tier = "t", rpm = 0, tpm = 1 }]\n' + S, 1,
     '{dir}/providers.toml:4: provider.0.tiers.0.rpm: input should be greater than 0',
     '{dir}/providers.toml:4: provider.0.tiers.0.rpm: 0보다 커야 합니다'),
    ('nested-list-extra', 'providers.toml', H + '[[provider]]\nid = "openai"\ntiers = [{ tier = "t", rpm = 1, tpm = 1, x = 2 }]\n' + S, 1,
     '{dir}/providers.toml:4: provider.0.tiers.0.x: unknown key',
     '{dir}/providers.toml:4: provider.0.tiers.0.x: 알 수 없는 키'),
    ('nested-list-notdict', 'providers.toml', H + '[[provider]]\nid = "openai"\ntiers = [1]\n' + S, 1,
     '{dir}/providers.toml:4: provider.0.tiers.0: Input should be a valid dictionary or instance of RateTier',
     '{dir}/providers.toml:4: provider.0.tiers.0: Input should be a valid dictionary or instance of RateTier'),
    ('committed-bound', 'cloud_models.toml', H + '[[cloud_model]]\nid = "gpt-4o"\nsource = "ACME"\nas_of = 2026-01-01\n[[cloud_model.committed_offers]]\nid = "x"\nname = "X"\nunit = "PTU"\nusd_per_unit_month = 260\nterm_months = 0\ninput_tokens_per_minute_per_unit = 2_500\noutput_token_weight = 4\nsource = "A"\nas_of = 2026-01-01\n', 1,
     '{dir}/cloud_models.toml:2: cloud_model.0.committed_offers.0.term_months: input should be greater than or equal to 1',
     '{dir}/cloud_models.toml:2: cloud_model.0.committed_offers.0.term_months: 1 이상이어야 합니다'),
    ('committed-extra', 'cloud_models.toml', H + '[[cloud_model]]\nid = "gpt-4o"\nsource = "ACME"\nas_of = 2026-01-01\n[[cloud_model.committed_offers]]\nid = "x"\nname = "X"\nunit = "PTU"\nusd_per_unit_month = 260\nterm_months = 1\ninput_tokens_per_minute_per_unit = 2_500\noutput_token_weight = 4\nsource = "A"\nas_of = 2026-01-01\nbogus = 1\n', 1,
     '{dir}/cloud_models.toml:2: cloud_model.0.committed_offers.0.bogus: unknown key',
     '{dir}/cloud_models.toml:2: cloud_model.0.committed_offers.0.bogus: 알 수 없는 키'),
    ('unknown-key', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\nvram_gbs = 80\n' + S, 1,
     '{dir}/gpus.toml:4: gpu.0.vram_gbs: unknown key (did you mean "vram_gb"?)',
     '{dir}/gpus.toml:4: gpu.0.vram_gbs: 알 수 없는 키 ("vram_gb"을(를) 말씀하신 건가요?)'),
    ('unknown-key-nohint', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\nzzzzz = 80\n' + S, 1,
     '{dir}/gpus.toml:4: gpu.0.zzzzz: unknown key',
     '{dir}/gpus.toml:4: gpu.0.zzzzz: 알 수 없는 키'),
    ('unknown-key-throughput', 'throughputs.toml', H + '[[throughput]]\nid = "llama-3.1-8b@h100-80gb-tp1-fp8"\ncompanyy = 1\n' + S, 1,
     '{dir}/throughputs.toml:4: throughput.0.companyy: unknown key (did you mean "company"?)',
     '{dir}/throughputs.toml:4: throughput.0.companyy: 알 수 없는 키 ("company"을(를) 말씀하신 건가요?)'),
    ('missing-new', 'gpus.toml', H + '[[gpu]]\nid = "new-gpu"\nname = "N"\n' + S, 1,
     '{dir}/gpus.toml:2: gpu.0.vram_gb: Field required',
     '{dir}/gpus.toml:2: gpu.0.vram_gb: Field required'),
    ('missing-new-kind', 'workload_kinds.toml', H + '[[kind]]\nid = "new_kind"\n' + S, 1,
     '{dir}/workload_kinds.toml:2: kind.0.name: Field required',
     '{dir}/workload_kinds.toml:2: kind.0.name: Field required'),
    ('missing-role', 'roles.toml', H + '[[role]]\nid = "new_role"\nname = "R"\n' + S, 1,
     '{dir}/roles.toml:2: role.0.salary_krw_per_year: Field required',
     '{dir}/roles.toml:2: role.0.salary_krw_per_year: Field required'),
    ('range-order', 'gpus.toml', H + '[[gpu]]\nid = "h100-80gb"\nunit_price_krw = { low = 60_000_000, high = 50_000_000 }\n' + S, 1,
     '{dir}/gpus.toml:4: gpu.0.unit_price_krw: low (60,000,000) is above high (50,000,000)',
     '{dir}/gpus.toml:4: gpu.0.unit_price_krw: low(60,000,000)가 high(50,000,000)보다 큼'),
    ('role-range-order', 'roles.toml', H + '[[role]]\nid = "ml_engineer"\nsalary_krw_per_year = { low = 3, high = 2 }\n' + S, 1,
     '{dir}/roles.toml:4: role.0.salary_krw_per_year: low (3) is above high (2)',
     '{dir}/roles.toml:4: role.0.salary_krw_per_year: low(3)가 high(2)보다 큼'),
    ('committed-incomplete', 'cloud_models.toml', H + '[[cloud_model]]\nid = "gpt-4o"\nsource = "ACME"\nas_of = 2026-01-01\n[[cloud_model.committed_offers]]\nid = "x"\nname = "X"\nunit = "PTU"\nusd_per_unit_month = 260\nterm_months = 1\ninput_tokens_per_minute_per_unit = 2_500\noutput_token_weight = 4\nsource = "A"\nas_of = 2026-01-01\noutput_unit = "B"\n', 1,
     '{dir}/cloud_models.toml:2: cloud_model.0.committed_offers.0: output_unit, output_tokens_per_minute_per_unit and usd_per_output_unit_month go together',
     '{dir}/cloud_models.toml:2: cloud_model.0.committed_offers.0: output_unit, output_tokens_per_minute_per_unit, usd_per_output_unit_month는 함께 지정해야 함'),
    ('committed-output-weight', 'cloud_models.toml', H + '[[cloud_model]]\nid = "gpt-4o"\nsource = "ACME"\nas_of = 2026-01-01\n[[cloud_model.committed_offers]]\nid = "x"\nname = "X"\nunit = "PTU"\nusd_per_unit_month = 260\nterm_months = 1\ninput_tokens_per_minute_per_unit = 2_500\noutput_token_weight = 4\nsource = "A"\nas_of = 2026-01-01\noutput_unit = "B"\noutput_tokens_per_minute_per_unit = 5\nusd_per_output_unit_month = 3\n', 1,
     '{dir}/cloud_models.toml:2: cloud_model.0.committed_offers.0: an offer that sells output units counts no output tokens against its input units: output_token_weight = 0',
     '{dir}/cloud_models.toml:2: cloud_model.0.committed_offers.0: 출력 단위를 따로 파는 상품은 입력 단위에 출력 토큰을 세지 않음: output_token_weight = 0'),
    ('lifecycle', 'cloud_models.toml', H + '[[cloud_model]]\nid = "gpt-4o"\nretired = 2026-01-01\n' + S, 1,
     '{dir}/cloud_models.toml:2: cloud_model.0.deprecated: deprecated and retired need lifecycle_source',
     '{dir}/cloud_models.toml:2: cloud_model.0.deprecated: deprecated와 retired에는 lifecycle_source(출처)가 필요함'),
    ('billing', 'cloud_models.toml', H + '[[cloud_model]]\nid = "new-model"\nname = "N"\nprovider = "openai"\ninput_usd_per_mtok = 1\noutput_usd_per_mtok = 1\ncontext_tokens = 1000\nbatch_discount = 0.5\n' + S, 1,
     '{dir}/cloud_models.toml:2: cloud_model.0: caching, batch or long-context prices need billing_source and billing_as_of',
     '{dir}/cloud_models.toml:2: cloud_model.0: 캐싱·배치·긴 컨텍스트 가격에는 billing_source와 billing_as_of(기준일)가 필요함'),
    ('long-context', 'cloud_models.toml', H + '[[cloud_model]]\nid = "gpt-4o"\nlong_context_input_usd_per_mtok = 5\n' + S, 1,
     '{dir}/cloud_models.toml:2: cloud_model.0.long_context_threshold_tokens: long_context_threshold_tokens needs both long_context_input_usd_per_mtok and long_context_output_usd_per_mtok',
     '{dir}/cloud_models.toml:2: cloud_model.0.long_context_threshold_tokens: long_context_threshold_tokens에는 long_context_input_usd_per_mtok와 long_context_output_usd_per_mtok가 모두 필요함'),
    ('assumption-minmax', 'assumptions.toml', H + '[[assumption]]\nid = "zz_new"\nvalue = 1\nmin = 5\nmax = 2\ndescription = "d"\n' + S, 1,
     '{dir}/assumptions.toml:5: assumption.0.min: min (5) is above max (2)',
     '{dir}/assumptions.toml:5: assumption.0.min: min(5)이 max(2)보다 큼'),
    ('assumption-choices', 'assumptions.toml', H + '[[assumption]]\nid = "zz_new"\nvalue = "c"\nchoices = ["a", "b"]\ndescription = "d"\n' + S, 1,
     "{dir}/assumptions.toml:4: assumption.0.value: value 'c' is not one of its choices a, b",
     "{dir}/assumptions.toml:4: assumption.0.value: 값 'c'은(는) 선택지 a, b 중 하나가 아님"),
    ('assumption-bounds', 'assumptions.toml', H + '[[assumption]]\nid = "zz_new"\nvalue = 10\nmax = 2\ndescription = "d"\n' + S, 1,
     '{dir}/assumptions.toml:4: assumption.0.value: value 10 is outside its own bounds [-1e+15, 2]',
     '{dir}/assumptions.toml:4: assumption.0.value: 값 10이(가) 자체 범위 [-1e+15, 2] 밖임'),
    ('assumption-bound-limit', 'assumptions.toml', H + '[[assumption]]\nid = "zz_new"\nvalue = 10\nmax = 1e30\ndescription = "d"\n' + S, 1,
     '{dir}/assumptions.toml:5: assumption.0.max: input should be less than or equal to 1000000000000000',
     '{dir}/assumptions.toml:5: assumption.0.max: 1000000000000000 이하여야 합니다'),
    ('uncertain-order', 'uncertainty.toml', H + '[[uncertain]]\nid = "usage_multiplier"\nlow = 3\nhigh = 2\n' + S, 1,
     '{dir}/uncertainty.toml:4: uncertain.0.low: low (3) is above high (2)',
     '{dir}/uncertainty.toml:4: uncertain.0.low: low(3)가 high(2)보다 큼'),
    ('uncertain-mode', 'uncertainty.toml', H + '[[uncertain]]\nid = "usage_multiplier"\nlow = 1\nhigh = 2\nmode = 5\n' + S, 1,
     '{dir}/uncertainty.toml:6: uncertain.0.mode: mode 5 is outside [1, 2]',
     '{dir}/uncertainty.toml:6: uncertain.0.mode: mode 5이(가) [1, 2] 범위 밖임'),
    ('uncertain-lognormal', 'uncertainty.toml', H + '[[uncertain]]\nid = "usage_multiplier"\nlow = 0\nhigh = 2\ndistribution = "lognormal"\nmode = 1\n' + S, 1,
     '{dir}/uncertainty.toml:2: uncertain.0: a lognormal input needs low > 0',
     '{dir}/uncertainty.toml:2: uncertain.0: 로그정규 입력은 low > 0 이어야 함'),
    ('override-kind', 'assumptions.toml', H + '[[assumption]]\nid = "krw_per_usd"\nvalue = "lots"\n' + S, 1,
     "{dir}/assumptions.toml:4: assumption.0.value: must be a number, like the shipped assumption 'krw_per_usd'",
     "{dir}/assumptions.toml:4: assumption.0.value: 기본 제공 가정 'krw_per_usd'처럼 숫자여야 합니다"),
    ('override-bound', 'assumptions.toml', H + '[[assumption]]\nid = "krw_per_usd"\nvalue = -5\n' + S, 1,
     '{dir}/assumptions.toml:4: assumption.0.value: value -5 is outside its own bounds [1, 1e+15]',
     '{dir}/assumptions.toml:4: assumption.0.value: 값 -5이(가) 자체 범위 [1, 1e+15] 밖임'),
    ('override-choice', 'assumptions.toml', H + '[[assumption]]\nid = "pricing"\nvalue = "x"\n' + S, 1,
     "{dir}/assumptions.toml:4: assumption.0.value: value 'x' is not one of its choices list, as_billed",
     "{dir}/assumptions.toml:4: assumption.0.value: 값 'x'은(는) 선택지 list, as_billed 중 하나가 아님"),
    ('reference', 'workload_kinds.toml', H + '[[kind]]\nid = "general_qa"\ncloud_model = "nope"\n' + S, 1,
     "{dir}: catalog references do not resolve: kind general_qa: unknown cloud_model 'nope'",
     "{dir}: 카탈로그 참조를 찾을 수 없습니다: kind general_qa: unknown cloud_model 'nope'"),
    ('reference-task', 'phases.toml', H + '[[task]]\nid = "p1.security-review"\ndepends_on = ["nope"]\n' + S, 1,
     "{dir}: catalog references do not resolve: task p1.security-review: depends on unknown task 'nope'",
     "{dir}: 카탈로그 참조를 찾을 수 없습니다: task p1.security-review: depends on unknown task 'nope'"),
]


@pytest.mark.parametrize(("file", "text", "code", "english", "korean"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_a_company_catalog_problem_is_told_as_before(tmp_path, file, text, code, english, korean):
    (tmp_path / file).write_text(text, encoding="utf-8")
    with pytest.raises(PlannerError) as error:
        load_catalog(tmp_path)
    assert error.value.exit_code == code
    assert str(error.value) == english.format(dir=tmp_path)
    i18n.set_language("ko")
    assert str(error.value) == korean.format(dir=tmp_path)


def test_an_unreadable_company_catalog_file_is_exit_code_2(tmp_path):
    (tmp_path / "gpus.toml").write_bytes(b'schema_version = 1\n[[gpu]]\nid = "h100-80gb"\nname = "\xff"\n')
    with pytest.raises(PlannerError) as error:
        load_catalog(tmp_path)
    assert error.value.exit_code == 2
    assert str(error.value) == f"{tmp_path / 'gpus.toml'}: cannot read catalog: 'utf-8' codec can't decode byte 0xff in position 52: invalid start byte"


def test_values_a_catalog_model_converts_are_converted_as_before(tmp_path, catalog):
    """Lax conversions pydantic made (text that reads as a number or a yes, true as 1, an int in a float field) stay."""
    (tmp_path / "gpus.toml").write_text(
        H + '[[gpu]]\nid = "h100-80gb"\nvram_gb = "80"\ntdp_w = 700\ngpus_per_server = "8"\nserver_build_gpus = true\nfp8_native = "yes"\n' + S, encoding="utf-8"
    )
    gpu = load_catalog(tmp_path).gpus["h100-80gb"]
    assert (gpu.vram_gb, gpu.tdp_w, gpu.gpus_per_server, gpu.server_build_gpus, gpu.fp8_native) == (80.0, 700.0, 8, 1, True)
    assert [type(v) for v in (gpu.vram_gb, gpu.tdp_w, gpu.gpus_per_server, gpu.server_build_gpus)] == [float, float, int, int]
    assert gpu.unit_price_krw == catalog.gpus["h100-80gb"].unit_price_krw and gpu.as_of.isoformat() == "2026-01-01"


@pytest.mark.parametrize("command", [("catalog",), ("show", "--json"), ("validate",)], ids=lambda c: c[0])
def test_each_command_stops_at_a_bad_company_catalog_with_its_message(tmp_path, run_cli, command):
    from tests.conftest import SAMPLE_PLANS

    (tmp_path / "gpus.toml").write_text(H + '[[gpu]]\nid = "h100-80gb"\nunit_price_krw = { low = 1, high = 2, mid = 3 }\n' + S, encoding="utf-8")
    result = run_cli(*command, "--catalogs", str(tmp_path), *([] if command == ("catalog",) else [str(SAMPLE_PLANS[0])]))
    assert (result.code, result.out, result.err) == (1, "", f"{tmp_path / 'gpus.toml'}:4: gpu.0.unit_price_krw.mid: unknown key\n")


def test_a_bad_company_catalog_is_told_without_importing_pydantic(tmp_path):
    """The catalog models are coremodel's (pydantic-core alone): a process told of a bad company catalog entry (here a
    bound) does not import pydantic either, which pydantic-core does for the documentation link it puts in an error
    unless asked not to."""
    import subprocess
    import sys

    from tests.conftest import SAMPLE_PLANS

    (tmp_path / "gpus.toml").write_text(H + '[[gpu]]\nid = "h100-80gb"\nvram_gb = 0\nunit_price_krws = 1\n' + S, encoding="utf-8")
    code = (
        "import sys, planner.cli as cli; "
        f"code = cli.main(['validate', '--catalogs', {str(tmp_path)!r}, {str(SAMPLE_PLANS[0])!r}]); "
        "print(code, sorted(m for m, module in sys.modules.items() if m.split('.')[0] == 'pydantic' and getattr(module, '__file__', None)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout == "1 []\n", result.stderr
    assert result.stderr == f"{tmp_path / 'gpus.toml'}:4: gpu.0.vram_gb: input should be greater than or equal to 0.1\n"
