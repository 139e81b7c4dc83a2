"""A Python that has imported what every generated client imports (attrs, httpx, pydantic), and
forks a child for each piece of code it is given: the child starts from that state, imports the
package under test itself and exits, so nothing one child imports or runs reaches the next.

For tests that import many throwaway packages one after another (the hostile specs' examples): a
fresh interpreter spends most of its time importing those same libraries.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import IO

# The parent: read a job a line, fork, wait, answer a line. The child: stdout and stderr into the
# files named, the package's folder first on sys.path, run the code; its exit code is the answer.
PARENT = r"""
import json, os, sys, traceback
import attrs, httpx, pydantic  # what a generated client imports, so that children need not

for line in sys.stdin:
    job = json.loads(line)
    sys.stdout.flush()
    child = os.fork()
    if child == 0:
        for fd, name in ((1, job["stdout"]), (2, job["stderr"])):
            os.dup2(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
        os.chdir(job["cwd"])
        sys.path.insert(0, job["path"])
        code = 0
        try:
            exec(compile(job["code"], "<string>", "exec"), {"__name__": "__main__"})
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
            if not isinstance(stop.code, (int, type(None))):
                print(stop.code, file=sys.stderr)
        except BaseException:
            traceback.print_exc()
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    _, status = os.waitpid(child, 0)
    print(json.dumps(os.waitstatus_to_exitcode(status)), flush=True)
"""


class WarmPython:
    """`run(code, path=..., cwd=...)` as `python -c code` with `path` on PYTHONPATH would."""

    def __init__(self, scratch: Path) -> None:
        self._scratch = scratch
        self._process = subprocess.Popen(
            [sys.executable, "-c", PARENT],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, code: str, *, path: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
        out, err = self._scratch / "stdout", self._scratch / "stderr"
        job = {"code": code, "path": str(path), "cwd": str(cwd), "stdout": str(out)}
        job["stderr"] = str(err)
        stdin, stdout = self._pipes()
        stdin.write(json.dumps(job) + "\n")
        stdin.flush()
        answer = stdout.readline()
        if not answer:
            raise RuntimeError(f"the warm Python ended (exit code {self._process.wait()})")
        return subprocess.CompletedProcess(
            ["python", "-c", code], json.loads(answer), out.read_text(), err.read_text()
        )

    def close(self) -> None:
        stdin, _ = self._pipes()
        stdin.close()
        self._process.wait(timeout=10)

    def _pipes(self) -> tuple[IO[str], IO[str]]:
        assert self._process.stdin is not None and self._process.stdout is not None
        return self._process.stdin, self._process.stdout
