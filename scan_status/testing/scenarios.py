"""What a mock scan does, answer by answer: a script of steps, the last one repeating."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from scan_status import vendors


class Fault(StrEnum):
    UNAUTHORIZED = "unauthorized"
    NOT_FOUND = "not_found"
    RATE_LIMITED = "rate_limited"
    SERVER_ERROR = "server_error"
    MALFORMED = "malformed"


@dataclass(frozen=True)
class Step:
    """One answer: a status value as the vendor sends it, or a fault; optionally late."""

    value: str | None = None  # None: the vendor's plain success (Neostra has no status to read)
    fault: Fault | None = None
    http_status: int | None = None
    retry_after: int | None = None
    delay: float = 0.0


def status(value: str, *, delay: float = 0.0) -> Step:
    """The vendor reports `value`, exactly as given ("PENDING " keeps its space)."""
    return Step(value=value, delay=delay)


def unauthorized() -> Step:
    return Step(fault=Fault.UNAUTHORIZED, http_status=401)


def not_found() -> Step:
    return Step(fault=Fault.NOT_FOUND, http_status=404)


def rate_limited(retry_after: int = 1) -> Step:
    return Step(fault=Fault.RATE_LIMITED, http_status=429, retry_after=retry_after)


def server_error(code: int = 503) -> Step:
    return Step(fault=Fault.SERVER_ERROR, http_status=code)


def malformed() -> Step:
    """A 200 whose body is not JSON."""
    return Step(fault=Fault.MALFORMED, http_status=200)


def slow(seconds: float, value: str | None = None) -> Step:
    return Step(value=value, delay=seconds)


def _phases(vendor: str) -> dict[str, list[str]]:
    """The vendor's values along a scan's life, from its room's mock (empty: no status to read)."""
    return vendors.get(vendor).mock.phases


def lifecycle(vendor: str, *, running_polls: int = 2, outcome: str = "succeeded") -> list[Step]:
    """Queued (if the vendor has that phase), then running for `running_polls` answers, then the
    outcome (which then repeats)."""
    phases = _phases(vendor)
    if not phases:
        raise ValueError(
            f"{vendor} has no status to read, so no lifecycle; use Step faults instead"
        )
    if outcome not in ("succeeded", "failed", "cancelled"):
        raise ValueError(f"outcome is succeeded, failed or cancelled, not {outcome!r}")
    # A vendor whose scans start at once has no queued phase.
    running = [phases["running"][i % len(phases["running"])] for i in range(running_polls)]
    return [status(v) for v in [*phases.get("queued", []), *running, *phases[outcome]]]


def unknown_status(vendor: str) -> list[Step]:
    """A value the vendor's spec does not list."""
    phases = _phases(vendor)
    return [status(phases["unknown"][0])] if phases else [Step()]


def _with_lifecycle(first: list[Step]) -> Callable[[str], list[Step]]:
    return lambda vendor: [*first, *(lifecycle(vendor) if _phases(vendor) else [Step()])]


# Named scenarios, for `serve --scenario` and a mock's default script.
SCENARIOS: dict[str, Callable[[str], list[Step]]] = {
    "lifecycle": lambda vendor: lifecycle(vendor) if _phases(vendor) else [Step()],
    "lifecycle-failed": lambda vendor: lifecycle(vendor, outcome="failed"),
    "lifecycle-cancelled": lambda vendor: lifecycle(vendor, outcome="cancelled"),
    "unknown-status": unknown_status,
    "unauthorized": lambda vendor: [unauthorized()],
    "not-found": lambda vendor: [not_found()],
    "rate-limited": _with_lifecycle([rate_limited(retry_after=1)]),
    "flaky": _with_lifecycle([server_error(503), server_error(502)]),
    "slow": lambda vendor: [slow(2.0, step.value) for step in SCENARIOS["lifecycle"](vendor)],
    "malformed": lambda vendor: [malformed()],
}
