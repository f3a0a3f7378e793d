"""A small, realistic demo so a newcomer sees a populated product.

All names, addresses and identifiers are invented; IP addresses come from the documentation
ranges of RFC 5737.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from decimal import Decimal

from django.db import transaction

from evidesk.cases import lifecycle, services
from evidesk.cases.models import Case
from evidesk.clock import now

DEMO_PREFIX = "DEMO-"

DEMO_CASES = [
    {
        "case": {
            "reference": "DEMO-GE-0412",
            "title": "Invoice fraud run from a Gmail account",
            "requesting_country": "GE",
            "offences": [
                {
                    "name": "Fraud",
                    "provision": "Criminal Code of Georgia, art. 180",
                    "max_penalty_years": 6,
                }
            ],
            "facts": "A Tbilisi construction company paid four invoices totalling USD 12,000 "
            "after receiving e-mails that imitated its supplier.",
            "damages_amount": Decimal("12000"),
            "damages_currency": "USD",
            "stage": "investigation",
        },
        "targets": [
            {
                "identifier": "supplier.billing.dept@gmail.example",
                "kind": "email",
                "normalized": "supplier.billing.dept@gmail.example",
                "provider": "google",
                "provider_country": "US",
                "data_categories": ["subscriber", "traffic"],
                "period_zone": "Asia/Tbilisi",
                "days_ago": (88, 58),
                "relevance": "All four fraudulent invoices were sent from this address.",
            },
        ],
        "requests": [
            {
                "type": "preservation",
                "channel": "direct_provider",
                "requested_country": "US",
                "addressee": "Google LLC — Law Enforcement Request System",
                "legal_basis": "Voluntary preservation by the provider",
                "external_reference": "DEMO-PRES-771",
                "status": lifecycle.RECEIPT_CONFIRMED,
            },
            {
                "type": "mla_stored",
                "channel": "mla",
                "requested_country": "US",
                "addressee": "U.S. Department of Justice, Office of International Affairs",
                "legal_basis": "Convention on Cybercrime, arts. 25, 27 and 31",
                "status": lifecycle.INTERNAL_REVIEW,
                "follows_previous": True,
            },
        ],
    },
    {
        "case": {
            "reference": "DEMO-AM-0077",
            "title": "Threats published from an Instagram account",
            "requesting_country": "AM",
            "offences": [
                {
                    "name": "Threat to murder",
                    "provision": "Criminal Code of Armenia, art. 139",
                    "max_penalty_years": 2,
                }
            ],
            "facts": "A journalist received repeated death threats from an anonymous account.",
            "stage": "investigation",
        },
        "targets": [
            {
                "identifier": "instagram.com/demo_anon_account",
                "kind": "account_url",
                "normalized": "https://www.instagram.com/demo_anon_account",
                "provider": "meta",
                "provider_country": "US",
                "data_categories": ["subscriber", "traffic"],
                "period_zone": "Asia/Yerevan",
                "days_ago": (40, 10),
                "relevance": "The threats were posted from this account.",
            },
        ],
        "requests": [
            {
                "type": "preservation",
                "channel": "network_247",
                "requested_country": "US",
                "addressee": "U.S. 24/7 point of contact",
                "legal_basis": "Convention on Cybercrime, arts. 29 and 35",
                "status": lifecycle.EXECUTED,
            },
            {
                "type": "disclosure",
                "channel": "direct_provider",
                "requested_country": "US",
                "addressee": "Meta Platforms, Inc. — Law Enforcement Online Requests",
                "legal_basis": "Voluntary disclosure of non-content data",
                "status": lifecycle.SENT,
                "follows_previous": True,
            },
        ],
    },
    {
        "case": {
            "reference": "DEMO-KZ-2231",
            "title": "Ticket fraud advertised on a social network",
            "requesting_country": "KZ",
            "offences": [
                {
                    "name": "Fraud",
                    "provision": "Criminal Code of Kazakhstan, art. 190",
                    "max_penalty_years": 5,
                }
            ],
            "facts": "Concert tickets were sold to 40 buyers and never delivered.",
            "damages_amount": Decimal("4100000"),
            "damages_currency": "KZT",
            "stage": "investigation",
        },
        "targets": [
            {
                "identifier": "203.0.113.18:51724",
                "kind": "ip",
                "normalized": "203.0.113.18:51724",
                "provider": "",
                "provider_country": "KZ",
                "data_categories": ["subscriber"],
                "period_zone": "Asia/Almaty",
                "days_ago": (20, 20),
                "relevance": "The seller logged in from this address when the advert was posted.",
            },
        ],
        "requests": [
            {
                "type": "mla_stored",
                "channel": "mla",
                "requested_country": "RU",
                "addressee": "Prosecutor General's Office of the Russian Federation",
                "legal_basis": "Convention on legal assistance, Chisinau 2002",
                "status": lifecycle.DRAFT,
            },
        ],
    },
]


def demo_loaded() -> bool:
    return Case.objects.filter(reference__startswith=DEMO_PREFIX).exists()


@transaction.atomic
def load_demo(owner) -> list[Case]:
    """Create the demo cases for `owner`. Does nothing when they are already there."""
    if demo_loaded():
        return []
    created = []
    for spec in DEMO_CASES:
        case = services.create_case(owner, **spec["case"])
        targets = [_add_demo_target(case, owner, dict(target)) for target in spec["targets"]]
        previous = None
        for request_spec in spec["requests"]:
            fields = dict(request_spec)
            status = fields.pop("status")
            follows = previous if fields.pop("follows_previous", False) else None
            request = services.create_request(case, targets, owner, follows=follows, **fields)
            for step in lifecycle.path_to(status):
                request = services.transition_request(
                    request, step, _recorder(case, owner, step), note="Demo data"
                )
            previous = request
        created.append(case)
    return created


def _recorder(case: Case, owner, step: str):
    """Who records a demo step: the owner, but the unit's supervisor approves the sending."""
    if step == lifecycle.SENT:
        return services.unit_supervisor(case.unit_id) or owner
    return owner


def _add_demo_target(case: Case, owner, fields: dict):
    start_days, end_days = fields.pop("days_ago")
    midnight = now().astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    fields["period_start"] = midnight - timedelta(days=start_days)
    fields["period_end"] = midnight - timedelta(days=end_days) + timedelta(hours=23, minutes=59)
    return services.add_target(case, owner, **fields)
