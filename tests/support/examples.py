"""Property tests' example budgets, and the run that needs only a fraction of them.

The release story runs tests/unit again in the released tree, to show that no test copied a
fact the release changed (tests/system/test_release.py). The properties were searched with their
whole budgets by the main run, against the same code; there each tries PROPERTY_EXAMPLES_SCALE
(a fraction) of its examples: enough to read every fact, not a second search.
"""

from __future__ import annotations

import os

SCALE = float(os.environ.get("PROPERTY_EXAMPLES_SCALE", "1"))
DEFAULT = 100  # hypothesis's own default budget


def examples(count: int = DEFAULT) -> int:
    """`count` examples, scaled for this run (never fewer than one)."""
    return max(1, round(count * SCALE))
