"""Property tests do not fail for load: the profile tests/conftest.py loads keeps every example
budget and drops only what timing decides: hypothesis's too_slow health check (inputs slow to
make on a busy machine) and the per-example deadline; HYPOTHESIS_PROFILE=strict keeps both."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from tests.support.examples import examples

pytestmark = pytest.mark.pure


def test_the_busy_profile_keeps_the_budget_and_drops_only_what_timing_decides() -> None:
    busy, strict = settings.get_profile("busy"), settings.get_profile("strict")
    assert busy.max_examples == examples()
    assert list(busy.suppress_health_check) == [HealthCheck.too_slow]
    assert busy.deadline is None
    assert list(strict.suppress_health_check) == [] and strict.deadline is not None


@pytest.mark.skipif("HYPOTHESIS_PROFILE" in os.environ, reason="a profile was chosen")
def test_a_test_that_names_its_budget_still_runs_in_the_busy_profile() -> None:
    named = settings(max_examples=examples(400))  # as the property tests write it
    assert named.max_examples == examples(400), "the budget is the test's own"
    assert HealthCheck.too_slow in named.suppress_health_check
    assert HealthCheck.filter_too_much not in named.suppress_health_check
