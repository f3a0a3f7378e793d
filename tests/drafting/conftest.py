import copy
from pathlib import Path

import pytest
import yaml

SCENARIO = Path(__file__).parent.parent / "scenarios" / "01-ge-gmail-fraud.yaml"

# Everything a complete request of any type needs beyond the scenario's case and targets.
COMPLETE = {
    "authority": {
        "organisation": "Prosecutor General's Office of Georgia, Cybercrime Division",
        "person": "Nino Beridze", "position": "Prosecutor", "address": "24 Gorgasali St, Tbilisi",
        "phone": "+995 32 240 50 00", "email": "n.beridze@pog.gov.ge.example",
        "out_of_hours": "+995 599 00 00 00 (24/7)", "office_hours": "09:00-18:00 Asia/Tbilisi",
    },
    "necessity": "Logs of the account are kept for a limited time and may be deleted.",
    "persons": "Not identified: the holder of the account is sought.",
    "purpose": "To identify the person who sent the fraudulent invoices and prove the sending.",
    "emergency_facts": "A child is missing and the account was used to arrange a meeting today.",
    "realtime_start": "the day the order is granted", "realtime_duration": "30 days",
    "previous": {"date": "2026-10-01", "reference": "G-LERS-2291", "channel": "direct_provider"},
    "legal_basis": "Convention on Cybercrime, arts. 29 and 35",
    "addressee": "Google LLC, Law Enforcement Request System (lers.google.com)",
    "certification": True,
}  # fmt: skip


@pytest.fixture
def scenario():
    """The scenario with its free text in English, so one output language needs no flag."""
    return yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))


@pytest.fixture
def complete(scenario):
    full = copy.deepcopy(scenario)
    full["draft"] = copy.deepcopy(COMPLETE)
    full["case"]["facts"] = (full["case"]["facts"] + " ") * 3  # a fuller account for content
    return full
