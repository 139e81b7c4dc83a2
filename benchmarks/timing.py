"""Wall and CPU time of one operation, and summaries of many (min, median, max)."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Clock:
    """Filled in when its `timed()` block ends: seconds of wall and of this process's CPU."""

    wall: float = 0.0
    cpu: float = 0.0


@contextmanager
def timed() -> Iterator[Clock]:
    clock = Clock()
    wall, cpu = time.perf_counter(), time.process_time()
    yield clock
    clock.wall, clock.cpu = time.perf_counter() - wall, time.process_time() - cpu


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) another process has used so far, from /proc (Linux)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def spread(values: Sequence[float], digits: int = 4) -> dict[str, float]:
    return {
        "min": round(min(values), digits),
        "median": round(statistics.median(values), digits),
        "max": round(max(values), digits),
    }


@dataclass
class Pairs:
    """Per-round figures of two sides run alternately (A B, B A, ...), and their ratios."""

    a: dict[str, list[float]] = field(default_factory=dict)
    b: dict[str, list[float]] = field(default_factory=dict)

    def add(self, side: str, **figures: float) -> None:
        target = self.a if side == "a" else self.b
        for name, value in figures.items():
            target.setdefault(name, []).append(value)

    def ratio(self, numerator: tuple[str, str], denominator: tuple[str, str]) -> list[float]:
        """Round by round: numerator side's figure over the denominator side's."""
        top = (self.a if numerator[0] == "a" else self.b)[numerator[1]]
        bottom = (self.a if denominator[0] == "a" else self.b)[denominator[1]]
        return [x / y for x, y in zip(top, bottom, strict=True)]

    def summary(self, names: dict[str, str], digits: int = 6) -> dict[str, Any]:
        return {
            label: {name: spread(values, digits) for name, values in side.items()}
            for label, side in ((names["a"], self.a), (names["b"], self.b))
        }


def interleave(rounds: int, a: Callable[[], None], b: Callable[[], None]) -> None:
    """A B, B A, A B, ...: neither side always runs first, so drift and warm-up hit both."""
    for index in range(rounds):
        for side in (a, b) if index % 2 == 0 else (b, a):
            side()
