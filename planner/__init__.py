"""planner: place LLM workloads on cloud, hybrid, on-prem or air-gapped, and plan the move."""

__version__ = "0.1.0"
