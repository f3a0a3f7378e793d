"""Median time to render one drafted request as Word and as PDF, for every request type, in
English and Russian side by side, from the first scenario with its drafting details filled in.

    .venv/bin/python benchmarks/drafting.py [--rounds 20]

Targets (issue "Drafting"): under 100 ms per DOCX and under 1 s per PDF.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import yaml

from evidesk.drafting.compose import compose
from evidesk.drafting.inputs import TYPES, from_scenario
from evidesk.drafting.output import render
from evidesk.knowledge.files import SHIPPED_DIR
from evidesk.knowledge.snapshot import KnowledgeSnapshot

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"docx": 0.100, "pdf": 1.0}
LANGUAGES = ("en", "ru")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    snapshot = KnowledgeSnapshot.from_folder(SHIPPED_DIR)
    scenario = yaml.safe_load((ROOT / "tests/scenarios/01-ge-gmail-fraud.yaml").read_text())
    authority = {"organisation": "Prosecutor's Office", "person": "N. B.", "phone": "+995 32",
                 "email": "n@example.org"}  # fmt: skip
    scenario["draft"] = {"authority": authority}
    drafts = [from_scenario(scenario, kind, snapshot) for kind in TYPES.values()]
    documents = [compose(draft) for draft in drafts]
    print(f"documents: {len(documents)} request types, languages {'+'.join(LANGUAGES)}")
    for fmt, target in TARGETS.items():
        for document in documents:  # warm up: fonts, templates, catalogues
            render(document, LANGUAGES, fmt)
        times = []
        for _ in range(args.rounds):
            for document in documents:
                start = time.perf_counter()
                render(document, LANGUAGES, fmt)
                times.append(time.perf_counter() - start)
        median = statistics.median(times)
        verdict = "met" if median < target else "NOT met"
        print(
            f"{fmt}: median {median * 1000:,.1f} ms, slowest {max(times) * 1000:,.1f} ms over "
            f"{len(times)} renders; target < {target * 1000:,.0f} ms -> {verdict}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
