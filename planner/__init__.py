"""planner: place LLM workloads on cloud, hybrid, on-prem or air-gapped, and plan the move."""

from planner import lazy_core

__version__ = "0.1.0"

lazy_core.install()  # pydantic-core's package without its Python layer until asked for it (lazy_core)
