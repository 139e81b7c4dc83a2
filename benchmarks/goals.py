"""Issue 14's goals, each checked against a figure from this run, with a tolerance for noise.

A goal is `met`, `missed` (but within the noise tolerance: not a clear regression), or
`failed` (clearly past the goal); only `failed` makes the benchmark exit non-zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Goal:
    row: str
    figure: str  # where in the report, as dotted keys
    at_least: float | None = None
    at_most: float | None = None
    tolerance: float = 0.0  # relative: how far past the goal counts as noise

    def judge(self, value: float | None) -> str:
        if value is None:
            return "failed"
        if self.at_least is not None:
            if value >= self.at_least:
                return "met"
            return "missed" if value >= self.at_least * (1 - self.tolerance) else "failed"
        assert self.at_most is not None
        if value <= self.at_most:
            return "met"
        return "missed" if value <= self.at_most * (1 + self.tolerance) else "failed"

    @property
    def wanted(self) -> str:
        return f">= {self.at_least}" if self.at_least is not None else f"<= {self.at_most}"


GOALS = [
    Goal(
        "await_terminal 10,000 completed (share)", "scale.fast_10000.completed_share", at_least=1.0
    ),
    Goal(
        "await_terminal 10,000 peak RSS MiB",
        "scale.fast_10000.peak_rss_mib",
        at_most=150,
        tolerance=0.1,
    ),
    Goal(
        "await_terminal CPU/scan 10,000 vs 1,000 (linear)",
        "scale.cpu_per_scan_10000_vs_1000",
        at_most=1.25,
        tolerance=0.2,
    ),
    Goal(
        "await_terminal 1,000 against the mock (share)",
        "scale.mock_1000.completed_share",
        at_least=1.0,
    ),
    Goal(
        "sync get_status/httpx rate",
        "round_trips.sync.rate_ratio.median",
        at_least=0.97,
        tolerance=0.05,
    ),
    Goal(
        "sync get_status/httpx CPU",
        "round_trips.sync.cpu_ratio.median",
        at_most=1.05,
        tolerance=0.05,
    ),
    Goal(
        "sync get_status/httpx rate over TLS",
        "round_trips.tls.rate_ratio.median",
        at_least=1.0,
        tolerance=0.05,
    ),
    Goal(
        "async aget_status/httpx rate",
        "round_trips.async.rate_ratio.median",
        at_least=0.97,
        tolerance=0.05,
    ),
    Goal(
        "import+adapter / import httpx+Client",
        "imports.wall_ratio.median",
        at_most=1.1,
        tolerance=0.1,
    ),
    Goal(
        "cold regeneration / naive CLIs",
        "generation.cold_vs_naive.median",
        at_most=0.30,
        tolerance=0.1,
    ),
    Goal("no-op / cold regeneration", "generation.noop_vs_cold.max", at_most=0.03, tolerance=0.2),
    Goal("no-op after import regenerates nothing", "generation.noop_clean", at_least=1.0),
    Goal("mock/Starlette rate", "mocks.rate_ratio.median", at_least=0.5, tolerance=0.1),
    Goal(
        "Cortex spaced sentence 160k vs 16k per char (linear)",
        "hostile.cortex_sentence_large_vs_small",
        at_most=1.5,
        tolerance=0.5,
    ),
    # Issue 24: waits as Celery tasks on Redis. Two solo workers on two cores; the machine's
    # other load takes from the second worker first (machine.load says how busy it was).
    Goal(
        "Celery polls/s, two workers vs one",
        "fleet.two_vs_one_workers_rate",
        at_least=1.6,
        tolerance=0.5,
    ),
    Goal(
        "Celery broker bytes per pending scan",
        "fleet.broker_bytes_per_pending_scan",
        at_most=4096,
        tolerance=0.25,
    ),
    Goal(
        "Celery terminal status -> callback, one scan, median ms",
        "fleet.callback_latency_alone_ms",
        at_most=100,
        tolerance=1.0,
    ),
    Goal(
        "Endless index page: publish's RSS gain per page-size cap (bounded)",
        "index_pages.endless_page_rss_gain_vs_cap",
        at_most=3.0,
        tolerance=0.5,
    ),
]


def lookup(report: dict[str, Any], dotted: str) -> float | None:
    value: Any = report
    for key in dotted.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return float(value) if isinstance(value, int | float) else None


def judge(report: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for goal in GOALS:
        value = lookup(report, goal.figure)
        if value is None and goal.figure.split(".")[0] not in report:
            continue  # that suite was not run (--only)
        rows.append(
            {"row": goal.row, "value": value, "goal": goal.wanted, "verdict": goal.judge(value)}
        )
    return rows
