"""Garbage in: random bytes, truncations of real exports and a 50 MB quoted
field either read or raise ExportError; never a crash or a hang. Run in a
child process with a time limit, so a crash or a hang fails the test
instead of ending the test run."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from conftest import shared_exports

SCRIPT = textwrap.dedent(
    """
    import random, sys
    import exertrack

    rng = random.Random(21)
    outcomes = {"read": 0, "error": 0}

    def attempt(data):
        try:
            df = exertrack.read_export(data)
        except exertrack.ExportError:
            outcomes["error"] += 1
            return
        outcomes["read"] += 1
        exertrack.sessions(df)
        exertrack.transitions(df)

    header = b"Date,Workout Name,Exercise Name,Set Order,Weight,Reps\\n"
    for i in range(300):
        noise = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 2048)))
        attempt(noise)
        attempt(header + noise)
    for path in sys.argv[1:]:
        whole = open(path, "rb").read()
        for _ in range(25):
            attempt(whole[: rng.randrange(len(whole))])
    big = b"x" * (50 << 20)
    attempt(header + b'2020-01-15 10:00:00,A,"' + big + b'",1,100,5\\n')   # closed: one 50 MB name
    attempt(header + b'2020-01-15 10:00:00,A,"' + big)                    # never closed
    print(outcomes["read"], outcomes["error"])
    """
)


def test_garbage_reads_or_raises_and_never_crashes_or_hangs():
    exports = [str(p) for p in shared_exports()[:6]]
    r = subprocess.run([sys.executable, "-c", SCRIPT, *exports], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    read, errors = map(int, r.stdout.split())
    assert read > 0 and errors > 0, r.stdout
