"""Hostile text in linear time: normalize() of Cortex's spaced sentence (issue 21's probe,
"Scan is in a" + N spaces + "x") at two lengths ten times apart, per character.

The regex this replaced backtracked quadratically (1.5 s a normalize at N = 16k); a linear reader
keeps the per-character cost flat, so the ratio of the two is about 1.
"""

from __future__ import annotations

from typing import Any

from benchmarks.timing import spread, timed

LENGTHS = (16_000, 160_000)


def _per_char_seconds(length: int, rounds: int) -> list[float]:
    from scan_status import normalize

    sentence = "Scan is in a" + " " * length + "x"
    normalize("cortex", sentence)  # warm: imports, the once-per-value warning
    times = []
    for _ in range(rounds):
        with timed() as clock:
            normalize("cortex", sentence)
        times.append(clock.cpu / len(sentence))
    return times


def measure(rounds: int) -> dict[str, Any]:
    small, large = (_per_char_seconds(n, rounds) for n in LENGTHS)
    small_ns = spread([t * 1e9 for t in small])
    large_ns = spread([t * 1e9 for t in large])
    return {
        "cortex_sentence_ns_per_char": {str(LENGTHS[0]): small_ns, str(LENGTHS[1]): large_ns},
        "cortex_sentence_large_vs_small": round(large_ns["median"] / small_ns["median"], 3),
    }
