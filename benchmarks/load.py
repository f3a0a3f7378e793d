"""The load benchmark (issue 8): a large office's installation, and how fast its busiest pages
answer twenty people working at once.

    .venv/bin/python benchmarks/load.py generate --data-dir D [--database-url URL] [--scale 1.0]
    .venv/bin/python benchmarks/load.py measure --data-dir D [--database-url URL]
        [--clients 20] [--seconds 60] [--requests 3000] [--processes CORES] [--threads N]

`generate` migrates a fresh installation and fills it with eight years of an office's work:
200 users in units and roles, 50,000 cases, 200,000 requests with their history and deadlines,
and 2 million audit events that form a valid hash chain (`evidesk audit verify` passes).
`--scale 0.02` makes a fiftieth of it for a quick try.

`measure` starts the web processes of docs/deployment.md (one `evidesk serve` per core, on
127.0.0.1; the clients are shared among them as nginx would), logs in one user per client, and
has the clients work as an office does, all at once, each asking for one page after another
(chosen by the pages' shares of the traffic) until the time or the request count runs out: the
floor (/health, which does almost nothing), the dashboard, the case list with a filter, a case
page and the API's case list. Then it gives each page alone to all the clients, which shows
what each page costs beside the floor, and last has the clients ask for each page one at a time,
which shows each page's own time with nobody waiting before it. Two-factor authentication is
turned off in that server (EVIDESK_REQUIRE_TWO_FACTOR=0): a benchmark has no authenticator app.

Targets, judged on the office at work: every page's 95th percentile within 3x the floor's and
under 300 ms; no errors.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import http.cookies
import itertools
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from evidesk.cli import SERVE_THREADS

FULL_SCALE = {"cases": 50_000, "events": 2_000_000}
USERS = 200
YEARS = 8
OFFICE = "GE"
PASSWORD = "load-benchmark-password"
CASES_PER_CHUNK = 1000
# Values in one INSERT: well under SQLite's limit of 32,766 parameters.
VALUES_PER_STATEMENT = 16_000
DAY = 86400.0
TARGET_P95_MS, TARGET_RATIO = 300.0, 3.0

UNITS = (
    ("Cybercrime Division", "CYB"), ("Economic Crime", "ECO"), ("Organised Crime", "ORG"),
    ("Tbilisi City", "TBS"), ("Batumi", "BAT"), ("Kutaisi", "KUT"), ("Rustavi", "RUS"),
    ("Gori", "GOR"), ("Zugdidi", "ZUG"), ("Telavi", "TEL"), ("Poti", "POT"),
    ("Child Protection", "CHP"),
)  # fmt: skip
FIRST_NAMES = ("Nino", "Giorgi", "Tamar", "Levan", "Ana", "David", "Mariam", "Irakli", "Eka",
               "Luka", "Salome", "Nika", "Ketevan", "Zurab", "Maia", "Sandro")  # fmt: skip
LAST_NAMES = ("Beridze", "Kapanadze", "Gelashvili", "Maisuradze", "Giorgadze", "Lomidze",
              "Tsiklauri", "Bolkvadze", "Nozadze", "Abashidze", "Chikovani")  # fmt: skip
# (title, offence, provision of the Criminal Code of Georgia, maximum penalty in years)
CRIMES = (
    ("Invoice fraud run from a webmail account", "Fraud", "art. 180", 6),
    ("Ticket fraud advertised on a social network", "Fraud", "art. 180", 6),
    ("Death threats from an anonymous account", "Threat", "art. 151", 2),
    ("Extortion with intimate images", "Extortion", "art. 181", 7),
    ("Ransomware attack on a hospital", "Unauthorised access", "art. 284", 5),
    ("Phishing of online-banking customers", "Fraud", "art. 180", 6),
    ("Sale of stolen card data on a messenger channel", "Illegal use of cards", "art. 210", 6),
    ("Investment fraud paid in cryptocurrency", "Fraud", "art. 180", 6),
    ("Child sexual abuse material shared online", "Pornographic material", "art. 255", 10),
    ("Drug sales through a messenger bot", "Drug trafficking", "art. 260", 15),
    ("Hacked government e-mail accounts", "Unauthorised access", "art. 284", 5),
    ("Romance scam of elderly victims", "Fraud", "art. 180", 6),
)  # fmt: skip
# provider, its country, how targets at it look
PROVIDERS = (
    ("google", "US", "email", "{}@gmail.com"), ("meta", "US", "account_url",
     "https://www.facebook.com/{}"), ("meta", "US", "account_url", "https://www.instagram.com/{}"),
    ("microsoft", "US", "email", "{}@outlook.com"), ("telegram", "AE", "account_url",
     "https://t.me/{}"), ("yandex", "RU", "email", "{}@yandex.ru"),
    ("mailru", "RU", "email", "{}@mail.ru"), ("apple", "US", "email", "{}@icloud.com"),
    ("tiktok", "SG", "account_url", "https://www.tiktok.com/@{}"),
    ("x", "US", "account_url", "https://x.com/{}"), ("binance", "AE", "account", "{}"),
    ("hetzner", "DE", "ip", "{}"), ("ovh", "FR", "ip", "{}"), ("proton", "CH", "email",
     "{}@proton.me"), ("", "GE", "ip", "{}"), ("", "GE", "phone", "+99559{}"),
)  # fmt: skip
REQUESTED = {"US": 30, "RU": 6, "DE": 5, "NL": 5, "IE": 5, "GB": 4, "FR": 3, "UA": 5, "TR": 5,
             "KZ": 3, "AM": 4, "AZ": 4, "BY": 2, "PL": 2, "EE": 2, "LV": 2, "LT": 2, "CY": 2,
             "AE": 3, "SG": 1, "CH": 1, "IL": 1, "CA": 1, "IT": 1, "ES": 1}  # fmt: skip
# type: (share of requests, channel)
TYPES = {"preservation": (30, "network_247"), "extension": (6, None), "disclosure": (18,
         "direct_provider"), "emergency": (3, "emergency_provider"), "mla_stored": (22, "mla"),
         "mla_realtime": (3, "mla"), "follow_up": (18, None)}  # fmt: skip
REQUESTS_PER_CASE = {1: 10, 2: 14, 3: 18, 4: 18, 5: 15, 6: 11, 7: 8, 8: 6}  # mean 4.1
# Where a request stands, by its age: young ones are drafted and waiting, old ones closed.
STATUS_BY_AGE = (
    (30, {"draft": 25, "internal_review": 10, "sent": 25, "receipt_confirmed": 25,
          "clarification_asked": 5, "executed": 7, "no_data": 3}),
    (365, {"draft": 3, "internal_review": 2, "sent": 8, "receipt_confirmed": 15,
           "clarification_asked": 4, "clarification_answered": 3, "executed": 30,
           "partially_executed": 7, "no_data": 8, "refused": 5, "expired": 3, "withdrawn": 4,
           "closed": 8}),
    (None, {"sent": 1, "receipt_confirmed": 2, "executed": 15, "partially_executed": 3,
            "no_data": 4, "refused": 3, "expired": 1, "withdrawn": 2, "closed": 69}),
)  # fmt: skip
OUTCOME_WEIGHTS = {"executed": 60, "partially_executed": 12, "no_data": 14, "refused": 10,
                   "expired": 4}  # fmt: skip
# Days a request usually waits before each step (low, high).
STEP_DAYS = {"internal_review": (0.1, 3), "sent": (0.5, 7), "receipt_confirmed": (1, 14),
             "clarification_asked": (5, 40), "clarification_answered": (3, 20),
             "outcome": (10, 180), "closed": (5, 90), "withdrawn": (1, 30)}  # fmt: skip
PRESERVATION_DAYS, EXTENSION_DAYS = 90, 90
ANSWERS_ONE_AT_A_TIME = 10  # per client and page, in the last run of `measure`


def say(message: str) -> None:
    print(message, flush=True)


def start_django(args: argparse.Namespace) -> None:
    os.environ["EVIDESK_DATA_DIR"] = str(args.data_dir)
    if args.database_url:
        os.environ["EVIDESK_DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("EVIDESK_DATABASE_URL", None)
    from evidesk import cli

    try:
        cli.start_django()
    except cli.CommandError as exc:
        raise SystemExit(f"load.py: {exc}") from exc


def pick(rng: random.Random, weights: dict):
    return rng.choices(tuple(weights), tuple(weights.values()))[0]


def moment(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


# --- generation ---------------------------------------------------------------------------------
# Rows are dicts of column values with ids chosen here, written by `insert`: bulk_create builds
# its SQL value by value, which for 3.5 million rows takes longer than the writing itself, and
# one INSERT per row would wait for the database 3.5 million times.


def insert(model, rows: list[dict]) -> None:
    """Write rows with COPY on PostgreSQL, multi-row INSERTs on SQLite; missing columns take the
    model's default."""
    from django.db import connection, models

    fields = model._meta.concrete_fields
    prepared = (models.JSONField, models.DateField, models.DecimalField)  # DateTimeField too
    plan = [(f.attname, f.get_default(), f if isinstance(f, prepared) else None) for f in fields]
    values = [
        [
            f.get_db_prep_save(row.get(name, default), connection) if f else row.get(name, default)
            for name, default, f in plan
        ]
        for row in rows
    ]
    quote = connection.ops.quote_name
    table = f"{quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # An INSERT with thousands of values would be parsed in Python by psycopg.
            with cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            return
        one_row = f"({', '.join(['%s'] * len(fields))})"
        per_statement = VALUES_PER_STATEMENT // len(fields)
        for first in range(0, len(values), per_statement):
            chunk = values[first : first + per_statement]
            cursor.execute(
                f"INSERT INTO {table} VALUES {', '.join([one_row] * len(chunk))}",
                [value for row in chunk for value in row],
            )


@dataclass(frozen=True)
class Person:
    pk: int
    username: str
    role: str
    unit: int | None


@dataclass
class Planned:
    """A request, its target and its history (transitions without the request's id)."""

    row: dict
    target: dict
    steps: list[dict]


@dataclass
class Drafted:
    """One case, built in memory before it is written."""

    row: dict
    owner: Person
    opened: float
    members: list[Person]
    targets: list[dict]
    requests: list[Planned]


@dataclass
class Office:
    """What generation keeps while it writes: people, the next id of each table, and the audit
    events to chain at the end, as (time, action, actor, object type, object id, case id, before,
    after, data, address)."""

    rng: random.Random
    now: float
    start: float
    people: dict[int, Person] = field(default_factory=dict)
    unit_codes: dict[int, str] = field(default_factory=dict)
    ids: dict = field(default_factory=dict)
    events: list[tuple] = field(default_factory=list)
    case_spans: list[tuple[int, float, float, Person]] = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    def new_id(self, model) -> int:
        if model not in self.ids:
            from django.db.models import Max

            self.ids[model] = itertools.count((model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1)
        return next(self.ids[model])

    def write(self, model, rows: list[dict]) -> None:
        insert(model, rows)
        self.counts[model] = self.counts.get(model, 0) + len(rows)

    def by_role(self, role: str) -> list[Person]:
        return [p for p in self.people.values() if p.role == role]

    def event(
        self,
        ts,
        action,
        actor,
        obj_type="",
        obj_id="",
        case_id=None,
        before=None,
        after=None,
        data=None,
        address="",
    ) -> None:
        self.events.append(
            (ts, action, actor, obj_type, str(obj_id), case_id, before, after, data or {}, address)
        )


def make_people(office: Office) -> None:
    from django.contrib.auth.hashers import make_password

    from evidesk.accounts.models import Unit, User
    from evidesk.cases.reminders import next_digest_time

    rng, at = office.rng, moment(office.start)
    units = [{"id": office.new_id(Unit), "name": name} for name, _ in UNITS]
    office.write(Unit, units)
    office.unit_codes = {u["id"]: code for u, (_, code) in zip(units, UNITS, strict=True)}
    password = make_password(PASSWORD)  # hashed once: 200 hashings would take minutes
    roles = ["administrator", "auditor", "auditor"] + ["central_authority"] * 8
    roles += ["supervisor"] * len(units)
    roles += ["prosecutor"] * (USERS - len(roles))
    users, numbers = [], dict.fromkeys(roles, 0)
    for i, role in enumerate(roles):
        numbers[role] += 1
        unit = units[i % len(units)] if role in {"supervisor", "prosecutor"} else None
        users.append(
            {
                "id": office.new_id(User),
                "username": f"{role.replace('_', '')}{numbers[role]:03d}",
                "password": password,
                "role": role,
                "unit_id": unit["id"] if unit else None,
                "full_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "email": f"{role}{numbers[role]}@prosecutor.example",
                "date_joined": at,
                # Today's digest went out this morning: the next one is tomorrow's.
                "next_digest_at": next_digest_time(moment(office.now)),
            }
        )
    office.write(User, users)
    admin = Person(users[0]["id"], users[0]["username"], "administrator", None)
    names = {u["id"]: u["name"] for u in units}
    for unit in units:
        office.event(
            office.start, "unit.create", admin, "unit", unit["id"], after={"name": unit["name"]}
        )
    for user in users:
        values = {
            "username": user["username"],
            "role": user["role"],
            "unit": names.get(user["unit_id"], ""),
            "email": user["email"],
        }
        office.event(office.start, "user.create", admin, "user", user["id"], after=values)
        office.people[user["id"]] = Person(
            user["id"], user["username"], user["role"], user["unit_id"]
        )


def make_cases(office: Office, count: int) -> None:
    rng, prosecutors = office.rng, office.by_role("prosecutor")
    workload = [rng.uniform(0.3, 2.0) for _ in prosecutors]
    # When each case was opened: more each year, as the office grows.
    span = office.now - office.start - DAY
    opened = sorted(office.start + span * rng.random() ** 0.7 for _ in range(count))
    for first in range(0, count, CASES_PER_CHUNK):
        chunk = opened[first : first + CASES_PER_CHUNK]
        owners = rng.choices(prosecutors, workload, k=len(chunk))
        write_cases(
            office, [draft_case(office, ts, owner) for ts, owner in zip(chunk, owners, strict=True)]
        )
        say(f"  cases {first + len(chunk):,}/{count:,}, {len(office.events):,} audit events")


def draft_case(office: Office, ts: float, owner: Person) -> Drafted:
    from evidesk.cases.models import Case

    rng = office.rng
    title, offence, article, years = rng.choice(CRIMES)
    opened, old = moment(ts), office.now - ts > 730 * DAY
    damages = offence == "Fraud" and rng.random() < 0.5
    pk = office.new_id(Case)
    case = {
        "id": pk,
        "reference": f"{OFFICE}-{office.unit_codes[owner.unit]}-{opened.year}-{pk:06d}",
        "title": title,
        "unit_id": owner.unit,
        "created_at": opened,
        "requesting_country": pick(rng, REQUESTED) if rng.random() < 0.06 else OFFICE,
        "offences": [
            {
                "name": offence,
                "provision": f"Criminal Code of Georgia, {article}",
                "max_penalty_years": years,
            }
        ],
        "facts": f"{title}. Reported on {opened:%d %B %Y}; {rng.randint(1, 60)} victims so far.",
        "damages_amount": Decimal(rng.randint(500, 500_000)) if damages else None,
        "damages_currency": "GEL" if damages else "",
        "stage": pick(
            rng,
            {"investigation": 40, "prosecution": 30, "trial": 30}
            if old
            else {"investigation": 85, "prosecution": 10, "trial": 5},
        ),
    }
    colleagues = [p for p in office.by_role("prosecutor") if p.unit == owner.unit and p != owner]
    members = rng.sample(colleagues, k=min(len(colleagues), rng.choice((0, 1, 1, 2))))
    targets = [new_target(office, pk, ts) for _ in range(rng.choice((1, 1, 2, 2, 2, 3, 3)))]
    requests = plan_requests(office, case, ts, owner, targets)
    case["updated_at"] = max([opened] + [p.row["updated_at"] for p in requests])
    return Drafted(case, owner, ts, members, targets, requests)


def new_target(office: Office, case_id: int, ts: float) -> dict:
    from evidesk.cases.models import Target

    rng = office.rng
    provider, country, kind, pattern = rng.choice(PROVIDERS)
    handle = {
        "ip": f"203.0.113.{rng.randint(1, 254)}:{rng.randint(1024, 65535)}",
        "phone": f"{rng.randint(100000, 999999)}",
    }.get(kind) or (f"{rng.choice(FIRST_NAMES).lower()}.{rng.randrange(16**6):06x}")
    identifier = pattern.format(handle)
    end = moment(ts - rng.uniform(1, 60) * DAY)
    return {
        "id": office.new_id(Target),
        "case_id": case_id,
        "identifier": identifier,
        "kind": kind,
        "normalized": identifier.lower(),
        "provider": provider,
        "provider_country": country,
        "data_categories": rng.choice(
            (["subscriber"], ["subscriber", "traffic"], ["subscriber", "traffic", "content"])
        ),
        "period_start": end - timedelta(days=rng.randint(1, 90)),
        "period_end": end,
        "period_zone": "Asia/Tbilisi",
        "relevance": "Used by the suspect in the offence.",
    }


def plan_requests(
    office: Office, case: dict, ts: float, owner: Person, targets: list
) -> list[Planned]:
    from evidesk.cases.models import Request

    rng, planned = office.rng, []
    incoming = case["requesting_country"] != OFFICE
    approver = next((p for p in office.by_role("supervisor") if p.unit == owner.unit), owner)
    room = min(office.now - ts - 3600, 400 * DAY)
    created = sorted(
        ts + 3600 + room * rng.random() ** 2 for _ in range(pick(rng, REQUESTS_PER_CASE))
    )
    for when in created:
        kind = "mla_stored" if incoming else pick(rng, {k: v[0] for k, v in TYPES.items()})
        followed = follows_for(rng, kind, planned)
        if kind in {"extension", "follow_up"} and followed is None:
            kind = "preservation"
        target = followed.target if followed else rng.choice(targets)
        channel = TYPES[kind][1] or followed.row["channel"]
        if kind == "preservation" and target["provider"] and rng.random() < 0.5:
            channel = "direct_provider"
        country = (
            OFFICE
            if incoming
            else (
                target["provider_country"] if channel.endswith("provider") else pick(rng, REQUESTED)
            )
        )
        age = (office.now - when) / DAY
        status = pick(rng, next(s for limit, s in STATUS_BY_AGE if limit is None or age < limit))
        steps = history(office, when, route_to(rng, status), owner, approver)
        row = {
            "id": office.new_id(Request),
            "case_id": case["id"],
            "type": kind,
            "channel": channel,
            "follows_id": followed.row["id"] if followed else None,
            "direction": "incoming" if incoming else "outgoing",
            "requesting_country": case["requesting_country"],
            "requested_country": country,
            "instrument": "budapest" if channel in {"mla", "network_247"} else "",
            "addressee": f"{target['provider'] or 'Central authority'} ({country})",
            "legal_basis": "Voluntary disclosure by the provider"
            if channel == "direct_provider"
            else "Convention on Cybercrime",
            "urgent": kind == "emergency",
            "status": steps[-1]["to_status"] if steps else "draft",
            "created_at": moment(when),
            "updated_at": steps[-1]["at"] if steps else moment(when),
        }
        planned.append(Planned(row, target, steps))
    return planned


def follows_for(rng: random.Random, kind: str, earlier: list[Planned]) -> Planned | None:
    preservations = [p for p in earlier if p.row["type"] == "preservation"]
    if kind == "extension" or (kind in {"disclosure", "mla_stored"} and rng.random() < 0.5):
        return preservations[-1] if preservations else None
    if kind == "follow_up":
        return earlier[-1] if earlier else None
    return None


def route_to(rng: random.Random, status: str) -> list[str]:
    """The statuses a request went through to reach `status`, as people really move them."""
    if status == "draft":
        return []
    review = ["internal_review"] if rng.random() < 0.5 or status == "internal_review" else []
    if status in {"internal_review", "withdrawn"}:
        return review + ([status] if status == "withdrawn" else [])
    steps = [*review, "sent"]
    if status == "sent":
        return steps
    if status != "expired" and (status == "receipt_confirmed" or rng.random() < 0.8):
        steps.append("receipt_confirmed")
    if status in {"clarification_asked", "clarification_answered"} or rng.random() < 0.1:
        steps.append("clarification_asked")
        if status != "clarification_asked":
            steps.append("clarification_answered")
    if status in {"receipt_confirmed", "clarification_asked", "clarification_answered"}:
        return steps
    outcome = pick(rng, OUTCOME_WEIGHTS) if status == "closed" else status
    return [*steps, outcome] + (["closed"] if status == "closed" else [])


def history(office: Office, created: float, route: list[str], owner: Person, approver: Person):
    """The transitions along `route`, spaced as in life and squeezed into the request's age."""
    rng = office.rng
    gaps = [rng.uniform(*STEP_DAYS.get(s, STEP_DAYS["outcome"])) * DAY for s in route]
    room = office.now - created - 60
    if sum(gaps) > room:
        gaps = [g * room / sum(gaps) for g in gaps]
    steps, at, previous = [], created, "draft"
    for status, gap in zip(route, gaps, strict=True):
        at += gap
        actor = approver if (previous, status) == ("internal_review", "sent") else owner
        steps.append(
            {
                "from_status": previous,
                "to_status": status,
                "actor_id": actor.pk,
                "at": moment(at),
                "note": "",
                "refusal_reason": "data_no_longer_held" if status == "refused" else "",
            }
        )
        previous = status
    return steps


def deadlines_of(request: dict, steps: list[dict]) -> list[dict]:
    """The deadlines the rules of cases/deadlines.py give this request: follow-up, and for a
    preservation its expiry (90 days, the common period) and what falls due before it."""
    from evidesk.cases import deadlines, lifecycle
    from evidesk.wording import kept_wording

    reached: dict = {}
    for step in steps:
        reached.setdefault(step["to_status"], step["at"].date())
    status = request["status"]
    found = []
    if request["direction"] == "outgoing":
        answered = status in (*lifecycle.OUTCOMES, lifecycle.CLOSED)
        follow_up = deadlines.follow_up_deadline(
            reached.get("sent"), reached.get("receipt_confirmed"), answered
        )
        found += [follow_up] if follow_up else []
    ended = status in {lifecycle.WITHDRAWN, lifecycle.CLOSED}
    if request["type"] in {"preservation", "extension"} and not ended:
        terms = deadlines.Preservation(
            confirmed_on=reached.get("receipt_confirmed") or reached.get("executed"),
            period_days=PRESERVATION_DAYS,
            extension_days=EXTENSION_DAYS,
            max_extensions=1,
            period_source="Convention on Cybercrime, art. 29(7)",
        )
        found += deadlines.preservation_deadlines(terms)
    return [
        {
            "kind": d.kind,
            "due": d.due,
            "reason": d.reason,
            "sources": list(d.sources),
            "details": kept_wording(reason=d.reason, sources=list(d.sources)),
        }
        for d in found
    ]


def write_cases(office: Office, drafts: list[Drafted]) -> None:
    """A chunk of cases with everything in them, in one transaction."""
    from django.db import transaction

    from evidesk.cases.models import (
        Case,
        CaseMembership,
        Deadline,
        Request,
        RequestTransition,
        Target,
    )

    planned = [p for d in drafts for p in d.requests]
    through = Request.targets.through
    with transaction.atomic():
        office.write(Case, [d.row for d in drafts])
        office.write(
            CaseMembership,
            [
                {
                    "id": office.new_id(CaseMembership),
                    "case_id": d.row["id"],
                    "user_id": p.pk,
                    "role": "owner" if p == d.owner else "member",
                }
                for d in drafts
                for p in (d.owner, *d.members)
            ],
        )
        office.write(Target, [t for d in drafts for t in d.targets])
        office.write(Request, [p.row for p in planned])
        office.write(
            through,
            [
                {
                    "id": office.new_id(through),
                    "request_id": p.row["id"],
                    "target_id": p.target["id"],
                }
                for p in planned
            ],
        )
        office.write(
            RequestTransition,
            [
                {**s, "id": office.new_id(RequestTransition), "request_id": p.row["id"]}
                for p in planned
                for s in p.steps
            ],
        )
        office.write(
            Deadline,
            [
                {**d, "id": office.new_id(Deadline), "request_id": p.row["id"]}
                for p in planned
                for d in deadlines_of(p.row, p.steps)
            ],
        )
    for d in drafts:
        record_case_events(office, d)


def record_case_events(office: Office, d: Drafted) -> None:
    """The events the services would have written for this case, at the moments they happened."""
    case, owner, ts = d.row, d.owner, d.opened
    pk = case["id"]
    office.event(
        ts,
        "case.create",
        owner,
        "case",
        pk,
        pk,
        after={"reference": case["reference"], "title": case["title"]},
    )
    for person in d.members:
        office.event(
            ts + 600, "case.member_added", owner, "case", pk, pk, after={"user": person.username}
        )
    for t in d.targets:
        office.event(
            ts + 900,
            "target.create",
            owner,
            "target",
            t["id"],
            pk,
            after={"normalized": t["normalized"], "data": t["data_categories"]},
        )
    for p in d.requests:
        r = p.row
        office.event(
            r["created_at"].timestamp(),
            "request.create",
            owner,
            "request",
            r["id"],
            pk,
            after={"type": r["type"], "channel": r["channel"]},
        )
        for s in p.steps:
            office.event(
                s["at"].timestamp(),
                "request.transition",
                office.people[s["actor_id"]],
                "request",
                r["id"],
                pk,
                {"status": s["from_status"]},
                {"status": s["to_status"]},
                {"note": s["note"], "refusal_reason": s["refusal_reason"]},
            )
    life = min(office.now, ts + office.rng.uniform(60, 900) * DAY)
    office.case_spans.append((pk, ts, life, owner))


def add_fillers(office: Office, count: int) -> None:
    """Logins and case views, the bulk of a real trail."""
    rng = office.rng
    people = [p for p in office.people.values() if p.role != "auditor"]
    for _ in range(count):
        if rng.random() < 0.12:
            person = rng.choice(people)
            address = f"10.20.{person.pk % 250}.{rng.randint(2, 250)}"
            ts = office.start + DAY + rng.random() * (office.now - office.start - DAY)
            if rng.random() < 0.04:
                office.event(
                    ts,
                    "auth.login_failed",
                    None,
                    data={"username": person.username},
                    address=address,
                )
            else:
                office.event(ts, "auth.login", person, "user", person.pk, address=address)
            continue
        case_pk, opened, life, owner = rng.choice(office.case_spans)
        office.event(
            rng.uniform(opened, life),
            "case.view",
            owner,
            "case",
            case_pk,
            case_pk,
            address=f"10.20.{owner.pk % 250}.{rng.randint(2, 250)}",
        )


def write_trail(office: Office, total: int) -> None:
    """Chain every event in time order, computing the hashes here, and move the head along."""
    from django.db import transaction

    from evidesk.audit import chain
    from evidesk.audit.models import AuditEvent, AuditHead

    head, _ = AuditHead.objects.get_or_create(pk=1, defaults={"last_hash": chain.GENESIS})
    seq, previous, last = head.length, head.last_hash, head.length + total
    add_fillers(office, max(0, total - len(office.events)))
    office.events.sort(key=lambda e: e[0])
    say(f"  chaining {len(office.events):,} audit events")
    started, batch = time.monotonic(), []
    for ts, action, actor, obj_type, obj_id, case_id, before, after, data, address in office.events:
        seq += 1
        fields = {
            "seq": seq,
            "at": moment(min(ts, office.now)),
            "actor_id": actor.pk if actor else None,
            "actor_name": actor.username if actor else "",
            "remote_addr": address,
            "action": action,
            "object_type": obj_type,
            "object_id": obj_id,
            "case_id": case_id,
            "before": before,
            "after": after,
            "data": data,
        }
        link = previous
        previous = chain.event_hash(dict(fields, at=fields["at"].isoformat()), link)
        batch.append(
            {**fields, "id": office.new_id(AuditEvent), "prev_hash": link, "hash": previous}
        )
        if len(batch) == 50_000 or seq == last:
            with transaction.atomic():
                office.write(AuditEvent, batch)
                AuditHead.objects.filter(pk=1).update(last_hash=previous, length=seq)
            batch = []
            say(f"  audit events {seq:,}/{last:,} ({time.monotonic() - started:,.0f} s)")
    office.events.clear()


def reset_sequences(models: list) -> None:
    """PostgreSQL's id sequences must continue after the ids chosen here (SQLite's follow)."""
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def settle() -> None:
    """On PostgreSQL, what autovacuum would do over the next minutes after so large a write:
    its statistics and visibility map. A measurement taken while autovacuum still works through
    two million fresh rows measures autovacuum. SQLite keeps no statistics unless asked, as in
    an office's installation."""
    from django.db import connection

    if connection.vendor == "postgresql":
        say("  vacuuming and analysing, as autovacuum would")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")


def generate(args: argparse.Namespace) -> int:
    start_django(args)
    from evidesk import cli
    from evidesk.accounts.models import User
    from evidesk.clock import now

    cli.prepare_database(verbose=False)
    if User.objects.exists():
        raise SystemExit(
            "load.py: this installation already has users. Generate into a new data folder "
            "(and, for PostgreSQL, an empty database)."
        )
    started = time.monotonic()
    cases, events = (max(100, round(n * args.scale)) for n in FULL_SCALE.values())
    office = Office(random.Random(8), now().timestamp(), now().timestamp() - YEARS * 365 * DAY)
    say(
        f"Generating {USERS} users, {cases:,} cases, about {cases * 4:,} requests and "
        f"{events:,} audit events…"
    )
    make_people(office)
    make_cases(office, cases)
    write_trail(office, events)
    reset_sequences(list(office.counts))
    settle()
    say(
        f"Done in {(time.monotonic() - started) / 60:.1f} min: "
        + ", ".join(f"{n:,} {m._meta.verbose_name_plural}" for m, n in office.counts.items())
        + f".\nCheck the trail: EVIDESK_DATA_DIR={args.data_dir} evidesk audit verify"
    )
    return 0


# --- measurement --------------------------------------------------------------------------------


@dataclass
class Client:
    """One logged-in person: their session and what they may open."""

    username: str
    role: str
    port: int  # the web process this person's browser reaches, as nginx would share them
    headers: dict
    case_ids: list[int]
    rng: random.Random


@dataclass
class Page:
    name: str
    paths: Callable[[Client], str]
    share: int  # of an office's traffic, in percent: what its people open, and how often


@dataclass
class Answers:
    timings: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


CASE_LIST_FILTERS = (
    {"status": "sent"},
    {"status": "executed"},
    {"status": "draft"},
    {"country": "US"},
    {"country": "DE"},
    {"q": "fraud"},
    {"q": "gmail"},
    {"stage": "trial"},
    {"status": "receipt_confirmed", "country": "US"},
    {"deadline": "overdue"},
    {"deadline": "week"},
    {"provider": "telegram"},
)


def case_list_path(client: Client) -> str:
    return "/cases/?" + urllib.parse.urlencode(client.rng.choice(CASE_LIST_FILTERS))


def case_path(client: Client) -> str:
    return f"/cases/{client.rng.choice(client.case_ids)}/"


def choose_users(count: int) -> list:
    """A realistic mix: mostly prosecutors, a supervisor per ten clients, one central-authority
    officer (who sees every MLA case)."""
    from evidesk.accounts.models import User

    supervisors = max(1, count // 10)
    wanted = {"central_authority": 1, "supervisor": supervisors}
    wanted["prosecutor"] = count - sum(wanted.values())
    rng, chosen = random.Random(20), []
    for role, n in wanted.items():
        people = list(User.objects.filter(role=role, is_active=True).order_by("pk"))
        chosen += rng.sample(people, k=min(n, len(people)))
    if len(chosen) < count:
        raise SystemExit("load.py: not enough generated users; run `load.py generate` first.")
    return chosen


def log_in(port: int, username: str) -> dict:
    """Log in through the form like a browser, without opening the page it leads to."""
    cookies: dict[str, str] = {}

    def ask(method: str, body: str = "") -> http.client.HTTPResponse:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
                   "Content-Type": "application/x-www-form-urlencoded"}  # fmt: skip
        connection.request(method, "/accounts/login/", body or None, headers)
        response = connection.getresponse()
        response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.update({k: m.value for k, m in http.cookies.SimpleCookie(header).items()})
        return response

    with contextlib.closing(
        http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    ) as connection:
        ask("GET")
        form = {"csrfmiddlewaretoken": cookies["csrftoken"], "username": username,
                "password": PASSWORD}  # fmt: skip
        answer = ask("POST", urllib.parse.urlencode(form))
    if answer.status != 302 or answer.getheader("Location", "").startswith("/accounts/"):
        raise SystemExit(f"load.py: {username} could not log in (is two-factor still on?)")
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}


def api_headers(user) -> dict:
    """A read-only API token for the user."""
    from evidesk.api.tokens import create_token

    _, secret = create_token(user, "load benchmark", "read")
    return {"Authorization": f"Bearer {secret}"}


@contextlib.contextmanager
def serving(args: argparse.Namespace, ports: list[int]) -> Iterator[None]:
    """The web processes of docs/deployment.md, one `evidesk serve` per port: the first also
    runs the task worker (as the worker service would), the others are started `--no-worker`.
    Their output goes to a log each."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDESK_")}
    env.update(EVIDESK_DATA_DIR=str(args.data_dir), EVIDESK_REQUIRE_TWO_FACTOR="0")
    if args.database_url:
        env["EVIDESK_DATABASE_URL"] = args.database_url
    with contextlib.ExitStack() as stack:
        for i, port in enumerate(ports):
            log = stack.enter_context((args.data_dir / f"load-serve-{port}.log").open("w"))
            command = [sys.executable, "-m", "evidesk", "serve", "--host", "127.0.0.1",
                       "--port", str(port), "--threads", str(args.threads),
                       *(["--no-worker"] if i else [])]  # fmt: skip
            server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
            stack.callback(server.wait, timeout=60)
            stack.callback(server.terminate)
            # The first start may migrate two million rows; the others wait for it.
            wait_for(server, port, log.name)
        yield


def wait_for(server: subprocess.Popen, port: int, log_name: str) -> None:
    deadline = time.monotonic() + 900
    while True:
        if server.poll() is not None:
            raise SystemExit(f"load.py: the server stopped; see {log_name}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5).read()
            return
        except (OSError, urllib.error.HTTPError):
            if time.monotonic() > deadline:
                raise SystemExit(f"load.py: the server did not answer; see {log_name}") from None
            time.sleep(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(connection: http.client.HTTPConnection, path: str, headers: dict) -> tuple[int, bytes]:
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    return response.status, response.read()


def load(
    pages: list[Page], clients: list[Client], seconds: float, limit: int,
    choose: Callable[[Client], Page],
) -> dict[str, Answers]:  # fmt: skip
    """Every client asks for a page (the one `choose` picks for it) again as soon as it has its
    answer, until `seconds` have passed or `limit` answers have come."""
    deadline, counter = time.monotonic() + seconds, itertools.count()
    answers = {page.name: Answers() for page in pages}

    def run(client: Client) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", client.port, timeout=60)
        while time.monotonic() < deadline and next(counter) < limit:
            page = choose(client)
            path = page.paths(client)
            started = time.perf_counter()
            try:
                status, _ = fetch(connection, path, client.headers)
            except (OSError, http.client.HTTPException) as exc:
                status = f"{type(exc).__name__}"
                connection.close()
            answered = answers[page.name]
            answered.timings.append(time.perf_counter() - started)
            if status != 200:
                answered.errors.append(f"{status} {path}")

    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def processor_ticks() -> list[int] | None:
    """The machine's processor time so far (Linux): user, nice, system, idle, iowait, irq,
    softirq, steal; None where /proc/stat does not exist."""
    try:
        with open("/proc/stat") as stat:
            return [int(n) for n in stat.readline().split()[1:9]]
    except (OSError, ValueError):
        return None


def processor_use(before: list[int] | None, after: list[int] | None) -> str:
    """How busy the processors were between two readings, and how much of their time the host
    of a virtual machine kept for others (steal): one reason the same run on a shared host can
    be slower from one hour to the next (docs/performance.md, "The machine")."""
    if not (before and after):
        return "not known on this system"
    spent = [b - a for a, b in zip(before, after, strict=True)]
    total = sum(spent) or 1
    busy = total - spent[3] - spent[4]
    return (
        f"busy {100 * busy / total:.0f}% of the time, including {100 * spent[7] / total:.0f}%"
        " taken by the host for other machines (steal)"
    )


def machine_speed() -> str:
    """The time of a fixed piece of pure Python work, the best of three: the same code and data
    run slower when the virtual machine's share of its host does, and this shows it."""
    best = float("inf")
    for _ in range(3):
        started, total = time.perf_counter(), 0
        for i in range(1_000_000):
            total += i * i
        best = min(best, time.perf_counter() - started)
    return f"a fixed piece of Python work took {best * 1000:.0f} ms (lower is faster)"


def one_at_a_time(pages: list[Page], clients: list[Client], seconds: float) -> dict[str, Answers]:
    """Each page asked for by one client after another, never two at once: its time is what
    it costs the server, with no queue before it."""
    answers = {page.name: Answers() for page in pages}
    for page in pages:
        for client in clients:
            got = load([page], [client], seconds, ANSWERS_ONE_AT_A_TIME, lambda c, page=page: page)
            answers[page.name].timings += got[page.name].timings
            answers[page.name].errors += got[page.name].errors
    return answers


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(pages: list[Page], answers: dict[str, Answers], judged: bool) -> bool:
    """The figures of each page beside the floor's (the first page); with `judged`, whether
    each meets the targets."""
    floor = percentile(answers[pages[0].name].timings, 0.95)
    say(f"{'page':<34} {'answers':>8} {'median':>9} {'p95':>9} {'p95/floor':>9} {'errors':>7}")
    met = True
    for page in pages:
        timings, errors = answers[page.name].timings, answers[page.name].errors
        median, p95 = statistics.median(timings), percentile(timings, 0.95)
        ok = not errors and (
            page is pages[0] or (p95 <= TARGET_RATIO * floor and p95 * 1000 < TARGET_P95_MS)
        )
        met &= ok
        verdict = ("met" if ok else "NOT met") if judged else ""
        say(
            f"{page.name:<34} {len(timings):>8,} {median * 1000:>6.0f} ms {p95 * 1000:>6.0f}"
            f" ms {p95 / floor:>8.1f}x {len(errors):>7}  {verdict}"
        )
        for error in sorted(set(errors))[:3]:
            say(f"    e.g. {error}")
    return met


def installation_summary() -> str:
    from django.db import connection

    from evidesk.audit.models import AuditHead
    from evidesk.cases.models import Case, Request

    head = AuditHead.objects.filter(pk=1).first()
    engine = (
        f"PostgreSQL {connection.pg_version // 10000}"
        if connection.vendor == "postgresql"
        else (f"SQLite {connection.Database.sqlite_version}")
    )
    return (
        f"{engine}; {Case.objects.count():,} cases, {Request.objects.count():,} requests, "
        f"{head.length if head else 0:,} audit events"
    )


def measure(args: argparse.Namespace) -> int:
    start_django(args)
    from evidesk.cases.access import cases_visible_to

    users = choose_users(args.clients)
    say(f"Installation: {installation_summary()}")
    say(
        f"Machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the start; "
        + machine_speed()
    )
    ports = [free_port() for _ in range(args.processes)]
    say(f"Web processes: {len(ports)}, of {args.threads} threads each")
    with serving(args, ports):
        clients = []
        for i, user in enumerate(users):
            ids = list(cases_visible_to(user).values_list("pk", flat=True))
            port = ports[i % len(ports)]
            clients.append(
                Client(user.username, user.role, port, log_in(port, user.username), ids,
                       random.Random(i))
            )  # fmt: skip
        roles = sorted({c.role for c in clients})
        say(
            f"Clients: {len(clients)} ("
            + ", ".join(f"{sum(c.role == r for c in clients)} {r}" for r in roles)
            + f"), seeing {min(len(c.case_ids) for c in clients):,} to "
            f"{max(len(c.case_ids) for c in clients):,} cases each"
        )
        # People land on their dashboard, narrow the case list and open cases, the page they
        # open most; integrations read the API; a load balancer asks the floor for health.
        pages = [
            Page("floor: /health", lambda c: "/health", 10),
            Page("dashboard: /", lambda c: "/", 20),
            Page("case list with a filter: /cases/?…", case_list_path, 25),
            Page("case page: /cases/N/", case_path, 35),
        ]
        with contextlib.closing(http.client.HTTPConnection("127.0.0.1", ports[0])) as probe:
            api_status, _ = fetch(probe, "/api/cases/", {})
        if api_status == 404:
            say("API list: /api/cases/ answers 404 in this build (no REST API yet): not measured")
        else:
            for client, user in zip(clients, users, strict=True):
                client.headers = {**client.headers, **api_headers(user)}
            pages.append(Page("API list: /api/cases/", lambda c: "/api/cases/", 10))
        for page in pages:  # warm-up: templates, the knowledge snapshot, connections
            load([page], clients, 30, 2 * len(clients), lambda c, page=page: page)
        say(
            f"\nThe office at work: {args.clients} clients at once, each asking for one page "
            "after another, chosen by their shares of the traffic ("
            + ", ".join(f"{p.name.split(':')[0]} {p.share}%" for p in pages)
            + f"), for {args.seconds:.0f} s or {args.requests * len(pages):,} answers"
        )
        shares = [page.share for page in pages]
        before = processor_ticks()
        mixed = load(pages, clients, args.seconds, args.requests * len(pages),
                     lambda c: c.rng.choices(pages, shares)[0])  # fmt: skip
        after = processor_ticks()
        met = report(pages, mixed, judged=True)
        say(f"Processors meanwhile: {processor_use(before, after)}")
        say(
            f"\nEach page alone (what each costs beside the floor; not the targets): "
            f"{args.clients} clients asking for it, for {args.seconds:.0f} s or "
            f"{args.requests:,} answers"
        )
        alone: dict[str, Answers] = {}
        before = processor_ticks()
        for page in pages:
            alone |= load([page], clients, args.seconds, args.requests, lambda c, page=page: page)
        after = processor_ticks()
        report(pages, alone, judged=False)
        say(f"Processors meanwhile: {processor_use(before, after)}")
        say(
            "\nOne person at a time (each page's own time, nobody's request before it; not the "
            f"targets): each client in turn asks for the page {ANSWERS_ONE_AT_A_TIME} times"
        )
        report(pages, one_at_a_time(pages, clients, args.seconds), judged=False)
    say(
        f"\nMachine load average at the end: {os.getloadavg()[0]:.2f} "
        f"(1 min), {os.getloadavg()[1]:.2f} (5 min); {machine_speed()}"
    )
    say(
        "Targets (p95 within 3x the floor and under 300 ms, no errors): "
        + ("met" if met else "NOT met")
    )
    return 0 if met else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, handler in (("generate", generate), ("measure", measure)):
        command = sub.add_parser(name)
        command.add_argument("--data-dir", type=Path, required=True)
        command.add_argument("--database-url", default="")
        command.set_defaults(handler=handler)
    sub.choices["generate"].add_argument("--scale", type=float, default=1.0)
    sub.choices["measure"].add_argument("--clients", type=int, default=20)
    sub.choices["measure"].add_argument("--seconds", type=float, default=60)
    sub.choices["measure"].add_argument("--requests", type=int, default=3000)
    # docs/deployment.md: about one web process per core.
    sub.choices["measure"].add_argument("--processes", type=int, default=os.cpu_count() or 1)
    sub.choices["measure"].add_argument("--threads", type=int, default=SERVE_THREADS)
    args = parser.parse_args()
    return args.handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
