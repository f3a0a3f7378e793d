"""The load benchmark runs from end to end: it fills an installation whose audit trail verifies,
serves it and reports every page with its figures. Its figures are read by hand at full scale
(docs/performance.md); here a small office only proves the instrument works, on SQLite and on
PostgreSQL under scripts/with-postgres."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.processes import child_env, fresh_database_url, run

pytestmark = pytest.mark.slow

LOAD = Path(__file__).resolve().parents[2] / "benchmarks" / "load.py"
PAGES = ("floor", "dashboard", "case list with a filter", "case page", "API list")
# One row of a table: the page, its answers, median, 95th percentile, ratio to the floor, errors.
ROW = re.compile(
    r"^(?P<page>[^:\n]+): \S+\s+(?P<answers>[\d,]+)\s+\d+ ms\s+\d+ ms\s+[\d.]+x\s+(?P<errors>\d+)",
    re.M,
)


def benchmark(*args: str, data_dir: Path, url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(LOAD), *args, "--data-dir", str(data_dir),
         *(["--database-url", url] if url else [])],
        env=child_env(data_dir),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )  # fmt: skip


def test_the_load_benchmark_fills_an_office_and_measures_each_page(tmp_path):
    with fresh_database_url() as url:
        generated = benchmark("generate", "--scale", "0.002", data_dir=tmp_path, url=url)
        assert generated.returncode == 0, generated.stderr
        assert "100 cases" in generated.stdout and "4,000 audit events" in generated.stdout
        assert ("vacuuming" in generated.stdout) == bool(url)
        verified = run(["audit", "verify"], child_env(tmp_path, url))
        assert verified.returncode == 0, verified.stdout + verified.stderr

        measured = benchmark(
            "measure", "--seconds", "2", "--clients", "4", "--requests", "20",
            data_dir=tmp_path, url=url,
        )  # fmt: skip
    # The targets are judged at full scale; a small office only has to be answered.
    assert measured.returncode in (0, 1), measured.stderr
    rows = [m.groupdict() for m in ROW.finditer(measured.stdout)]
    # The office at work, each page alone, then one person at a time.
    assert [r["page"] for r in rows] == [*PAGES, *PAGES, *PAGES]
    assert all(int(r["answers"].replace(",", "")) > 0 and r["errors"] == "0" for r in rows)
    assert measured.stdout.count("Processors meanwhile: busy") == 2
    assert len(re.findall(r"a fixed piece of Python work took \d+ ms", measured.stdout)) == 2
    assert measured.stdout.rstrip().endswith(("met", "NOT met"))
