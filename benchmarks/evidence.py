"""SHA-256 intake throughput of a large file, against `sha256sum` on the same file in the same
run, and the peak memory of the intake.

    .venv/bin/python benchmarks/evidence.py [--size-gb 2]

Intake here is what `evidesk evidence add` does to a file: read it once, hash it and write the
read-only copy into the store. Targets (issue "Evidence intake"): at least 0.8 of sha256sum's
throughput for SHA-256 alone, and peak memory under 200 MB whatever the file size.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

CHUNK = 1024 * 1024


def make_file(path: Path, size: int) -> None:
    block = os.urandom(CHUNK)
    with open(path, "wb") as out:
        for _ in range(size // CHUNK):
            out.write(block)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-gb", type=float, default=2.0)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="evidesk-bench-"))
    os.environ["EVIDESK_DATA_DIR"] = str(work / "data")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "evidesk.settings")
    import django

    django.setup()
    from evidesk.system.files import read_chunks, store_hashed

    try:
        source = work / "production.bin"
        size = int(args.size_gb * 1024**3)
        make_file(source, size)
        subprocess.run(["sha256sum", str(source)], check=True, capture_output=True)  # warm cache
        start = time.perf_counter()
        reference = subprocess.run(
            ["sha256sum", str(source)], check=True, capture_output=True, text=True
        ).stdout.split()[0]
        sha256sum_seconds = time.perf_counter() - start
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        stored = store_hashed(read_chunks(source, 4 * CHUNK))
        intake_seconds = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        assert stored.sha256 == reference, "hash differs from sha256sum"
        mb = size / 1024**2
        ratio = sha256sum_seconds / intake_seconds
        print(f"file: {mb:,.0f} MB")
        print(f"sha256sum: {mb / sha256sum_seconds:,.0f} MB/s")
        print(f"intake (hash + read-only copy): {mb / intake_seconds:,.0f} MB/s")
        print(f"ratio: {ratio:.2f} (target >= 0.80 -> {'met' if ratio >= 0.8 else 'NOT met'})")
        print(f"peak memory: {peak_mb:,.0f} MB (before intake {before / 1024:,.0f} MB; target "
              f"< 200 MB -> {'met' if peak_mb < 200 else 'NOT met'})")  # fmt: skip
    finally:
        for path in work.rglob("*"):
            path.chmod(0o700)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
