"""Program limits on what a plan or a catalog may say: each keeps every later computation finite and fast.

These are not domain figures (those live in catalogs/ with a source and an as_of date). They are the
widest values the planner accepts, far beyond any real organization so that no real plan meets them,
and small enough that products of them stay finite floats and that no loop runs long. They are
validated where the value is read (pydantic ``Field`` bounds, validators), so every loader gets them.

Pattern for a NEW numeric field, plan or catalog:
    size_gb: float = Field(ge=limits.MIN_..., le=limits.MAX_...)
- an upper bound always (``le=``), from this module (add a constant with a docstring saying why it is
  wide enough for any real input and what it protects);
- a positive lower bound (``ge=`` a MIN_ here, not ``gt=0``) when the value divides or sets a count,
  so that 1e-300 cannot make a quotient infinite;
- integers that count things get ``le=`` a count limit: work grows with them;
- dates get ``ge=EARLIEST_DATE, le=LATEST_DATE``; lists get ``max_length=``.
"""

from __future__ import annotations

from datetime import date

MAX_PEOPLE = 100_000_000
"""Employees, users of a workload or staff of a role: 10x any company's workforce or a national service's users."""
MAX_REQUESTS_PER_DAY = 10_000_000_000
"""Requests a day of one workload (users x requests each included): 4x the largest public chat service (~2.5e9/day)."""
MAX_REQUESTS_PER_USER_PER_DAY = 100_000
"""Requests a user makes a day: more than one a second round the clock."""
MAX_TOKENS = 100_000_000
"""Tokens of one request, or a model's context: 10x the longest context offered (10M)."""
MIN_BUSY_HOURS = 0.1
"""Fewest hours a day traffic may be spread over (6 minutes): below it the peak is a spike no sizing means."""
MAX_USD = 1e12
"""Any USD figure a month (embedding spend): a trillion dollars."""
MAX_USD_PER_MTOK = 100_000.0
"""Price of a million tokens: 1,000x the dearest model on sale."""
MAX_KRW = 10**16
"""Any KRW amount (budgets, prices, salaries): 1경원, several times Korea's GDP."""
MAX_FTE = 1_000.0
"""Full-time equivalents of one role on one task (or operating a system)."""
MAX_TASK_DAYS = 3_650
"""Duration of one task in calendar days: ten years."""
MAX_LEAD_TIME_WEEKS = 520.0
"""A procurement lead time in weeks: ten years."""
EARLIEST_DATE = date(1900, 1, 1)
"""Earliest start a plan or task may give."""
LATEST_DATE = date(2999, 12, 31)
"""Latest start a plan or task may give; a schedule that runs past 9999-12-31 is refused as a problem."""
MAX_RATE_PER_MINUTE = 10**12
"""Requests or tokens a minute in a provider's rate-limit tier."""
MIN_GPU_GB = 0.1
"""Smallest memory of a GPU (GB): less holds no model."""
MAX_GPU_GB = 100_000.0
"""Largest memory of one GPU (GB): 100 TB."""
MIN_BANDWIDTH_GBS = 1.0
"""Slowest GPU memory bandwidth (GB/s) a catalog may give; throughput is estimated from it."""
MAX_BANDWIDTH_GBS = 10_000_000.0
"""Fastest GPU memory bandwidth (GB/s): 1,000x today's."""
MAX_POWER_W = 1_000_000.0
"""Board power of one GPU, or a server's overhead (W)."""
MIN_TFLOPS = 0.001
"""Slowest FP16 tensor throughput of a GPU (TFLOPS): the throughput estimate divides by it."""
MAX_TFLOPS = 10_000_000.0
"""Tensor throughput of one GPU (TFLOPS)."""
MAX_GPUS_PER_SERVER = 1_024
"""GPUs in one server, or GPUs a replica spans (tensor-parallel size)."""
MIN_PARAMS_B = 0.001
"""Smallest model (billions of parameters): a million parameters."""
MAX_PARAMS_B = 1_000_000.0
"""Largest model (billions of parameters): a quadrillion."""
MAX_MODEL_DIM = 1_000_000
"""Layers, heads or head dimension of a model."""
MIN_TOKENS_PER_S = 0.01
"""Slowest measured throughput (output tokens/s of a replica); replicas divide by it."""
MAX_TOKENS_PER_S = 1e9
"""Fastest measured throughput (output tokens/s of a replica)."""
MAX_ASSUMPTION = 1e15
"""Largest value of a numeric assumption whose catalog entry gives no max."""
MAX_NESTING = 64
"""Deepest nesting of arrays and tables in a TOML file (plans and catalogs nest 3 deep)."""
MAX_LIST_ITEMS = 10_000
"""Items in a list a plan or catalog gives (dependencies, laws, tiers)."""

DEFAULT_DRAWS = 2_000
"""Draws `show --ranges` takes unless told otherwise (issue #20; here so the CLI reads it without numpy)."""
DEFAULT_SEED = 20
RANGES_IN_APP_UP_TO = 200
"""Largest plan (workloads) whose ranges the app draws by itself after each edit. Beyond it the drawing
thread slows every edit and keystroke (measured at 1,000 workloads: edit until redrawn 0.32 s without it,
2.4 s with it); it is also the size up to which the ranges take all their draws (ranges.FULL_DRAWS_UP_TO).
Larger plans get their ranges from `planner show --ranges` / `export --ranges`."""
"""Seed of the ranges' sampler unless told otherwise: the same plan gives the same ranges."""
