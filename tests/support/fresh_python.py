"""What a fresh Python process has imported after running some code (this test process has
imported everything already, so only a new one can tell)."""

from __future__ import annotations

import json
import subprocess
import sys


def modules_loaded_by(code: str) -> set[str]:
    script = (
        f"{code}\nimport json as _json, sys as _sys\nprint(_json.dumps(sorted(_sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return set(loaded)
