"""Plans per second over the scenario set with the full shipped knowledge base, on one core.

    .venv/bin/python benchmarks/advisor.py [--seconds 5]

Target (issue "Advisor"): at least 2,000 plans per second, so the case form can re-plan on
every keystroke.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import yaml

from evidesk.advisor.engine import advise
from evidesk.advisor.facts import parse_case
from evidesk.knowledge.files import SHIPPED_DIR
from evidesk.knowledge.snapshot import KnowledgeSnapshot

ROOT = Path(__file__).resolve().parents[1]
TARGET = 2000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    snapshot = KnowledgeSnapshot.from_folder(SHIPPED_DIR)
    cases = [
        parse_case(yaml.safe_load(path.read_text(encoding="utf-8")))
        for path in sorted((ROOT / "tests/scenarios").glob("*.yaml"))
    ]
    for case in cases:  # warm caches (rules file, snapshot indexes)
        advise(case, snapshot)
    rates = []
    deadline = time.perf_counter() + args.seconds
    while time.perf_counter() < deadline:
        start = time.perf_counter()
        for case in cases:
            advise(case, snapshot)
        rates.append(len(cases) / (time.perf_counter() - start))
    median = statistics.median(rates)
    print(f"scenarios: {len(cases)}  rounds: {len(rates)}")
    print(f"plans per second (median of rounds): {median:,.0f}")
    print(f"plans per second (slowest round):    {min(rates):,.0f}")
    print(f"target: {TARGET:,}  -> {'met' if median >= TARGET else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
