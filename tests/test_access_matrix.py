"""Walk every URL pattern as every kind of actor; a new view without a check fails here.

Actors: anonymous; the case's owner and a colleague on its team; a prosecutor outside it; the
supervisor of the case's unit and one of another unit; a central-authority officer (who sees the
case only once an MLA request has left drafting); an auditor; an administrator, without and
with break-glass access.

Case-scoped URLs (taking a case_id or request_id) answer 404 to whoever may not see the case,
exactly as for a case that does not exist; pages that change a case answer 403 to those who may
only read it. Role pages (accounts, break-glass, audit trail) answer 403 to other roles.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from evidesk.accounts.models import Role, Unit, User
from evidesk.api.tokens import create_token
from evidesk.cases import services
from evidesk.cases.demo import load_demo
from evidesk.cases.models import Case, Request
from evidesk.clock import now
from evidesk.contacts.models import Contact
from evidesk.drafting import services as drafting
from evidesk.evidence import services as evidence

PUBLIC = {"health", "setup", "login", "login-code", "set_language", "calendar-feed"}
CASE_SCOPED_PARAMS = {
    "case_id", "request_id", "transition_id", "attachment_id", "document_id", "item_id",
}  # fmt: skip
# Pages that change the case; read-only viewers get 403 there.
CASE_WRITES = {"case-edit", "case-team", "target-add", "draft-from-step", "incoming-register"}
# Pages any viewer may read (GET) but only those who may move the request may post to (the
# evidence that answers it, received by the team or the central authority it came through).
READ_THEN_MOVE = {"request-evidence"}
# Pages that change one request's content or documents: its team only.
REQUEST_WRITES = {"request-edit", "draft", "draft-check"}
# Pages that move one request along its lifecycle, keep its timeline and receive its answer:
# also open to the central authority it passes through, who does not change what it says.
REQUEST_MOVES = {"request-transition", "correspondence-add", "transition-date", "evidence-extract",
                 "evidence-verify", "request-evidence-verify"}  # fmt: skip
ROLE_PAGES = {
    "user-list": "administrator", "user-create": "administrator", "user-edit": "administrator",
    "break-glass": "administrator", "annual-report": "office",
    "audit-trail": "auditor", "audit-verify": "auditor", "audit-export": "auditor",
}  # fmt: skip
# The office's shared directory: every role but the auditor's.
DIRECTORY_PAGES = {"contact-list", "contact-create", "contact-edit", "contact-delete"}
# Pages that open a case: every role but the auditor's, who changes nothing.
NOT_FOR_AUDITORS = DIRECTORY_PAGES | {"case-create"}
# Pages every logged-in user may open, whatever the role.
ACCOUNT_PAGES = {"logout", "two-factor", "recovery-codes", "reauthenticate"}


def patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name, prefix + str(entry.pattern), set(entry.pattern.converters)


def concrete(path: str, values: dict) -> str:
    for name, value in values.items():
        for converter in ("id", "str", "slug"):
            path = path.replace(f"<{converter}:{name}>", str(value))
    assert "<" not in path, f"give the matrix a value for {path}"
    return "/" + path.lstrip("^").rstrip("$")


def make(username, role, unit=None):
    return User.objects.create_user(username, password="pass-phrase-1234", role=role, unit=unit)


@pytest.fixture
def world(db, owner, kb):
    unit, other_unit = Unit.objects.create(name="Cyber unit"), Unit.objects.create(name="Other")
    owner.unit = unit
    owner.save()
    load_demo(owner)
    case = Case.objects.get(reference="DEMO-GE-0412")
    case.unit = unit
    case.save()
    colleague = make("colleague", Role.PROSECUTOR, unit)
    services.add_member(owner, case, "colleague")
    mla = services.create_request(case, [], owner, type="mla_stored", channel="mla")
    services.transition_request(mla, "internal_review", owner)
    letter = services.record_correspondence(
        mla, owner, kind="sent", at=now(), subject="Draft for review",
        files=[SimpleUploadedFile("draft.txt", b"draft")],
    )  # fmt: skip
    contact = Contact.objects.create(
        name="Desk officer", role="central_authority", jurisdiction="DE", email="d@example.org",
        last_confirmed="2026-11-01",
    )  # fmt: skip
    document = drafting.generate(mla, owner, ("en",), "txt")
    item = evidence.receive(mla, owner, "production.csv", [b"rows"], evidence.Receipt())
    token, _secret = create_token(owner, "Case system", "write")
    admin_glass = make("admin-glass", Role.ADMINISTRATOR)
    services.open_break_glass(admin_glass, case, "Prosecutor absent, court hearing tomorrow")
    actors = {
        "owner": owner,
        "colleague": colleague,
        "outsider": make("outsider", Role.PROSECUTOR, unit),
        "supervisor": make("supervisor", Role.SUPERVISOR, unit),
        "other-supervisor": make("other-supervisor", Role.SUPERVISOR, other_unit),
        "central-authority": make("central", Role.CENTRAL_AUTHORITY),
        "auditor": make("auditor", Role.AUDITOR),
        "administrator": make("administrator", Role.ADMINISTRATOR),
        "admin-glass": admin_glass,
    }
    values = {
        "case_id": case.pk, "request_id": mla.pk, "folder": "providers", "key": "google",
        "fact": "preservation_days", "token": "not-a-real-calendar-token-0000",
        "user_id": owner.pk, "contact_id": contact.pk,
        "transition_id": mla.transitions.get().pk,
        "attachment_id": letter.attachments.get().pk, "document_id": document.pk,
        "item_id": item.pk, "table": "channel", "fmt": "xlsx", "year": 2026,
        "token_id": token.pk,
    }  # fmt: skip
    return {"values": values, "actors": actors, "case": case}


# What each actor may do with the world's case: None (must not know it exists), "read", "edit".
CASE_ACCESS = {
    "owner": "edit", "colleague": "edit", "supervisor": "edit", "outsider": None,
    "other-supervisor": None, "central-authority": "read", "auditor": None,
    "administrator": None, "admin-glass": "read",
}  # fmt: skip
ROLE_OF = {
    "auditor": "auditor", "administrator": "administrator", "admin-glass": "administrator",
}  # fmt: skip
# Who reports on the whole office (aggregates only).
OFFICE = {"administrator", "admin-glass", "central-authority"}


def all_urls(world):
    """The pages; the API's addresses (token-only) are walked in tests/api/test_api_access.py."""
    return [
        (name, concrete(path, world["values"]), params)
        for name, path, params in patterns()
        if not name.startswith("api-")
    ]


def test_every_url_is_walked(world):
    names = {name for name, _, _ in all_urls(world)}
    assert {"home", "case-detail", "target-add", "request-transition", "knowledge-correct"} <= names
    assert set(ROLE_PAGES) | CASE_WRITES | REQUEST_WRITES | REQUEST_MOVES | DIRECTORY_PAGES <= names


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_login(client, world, method):
    for name, url, _ in all_urls(world):
        if name in PUBLIC:
            continue
        response = getattr(client, method)(url)
        assert response.status_code in (302, 405), (name, url, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), (name, url)


def expected(name, params, actor, method):
    """The status codes acceptable for this actor on this URL."""
    if name in ROLE_PAGES:
        allowed = (
            actor in OFFICE
            if ROLE_PAGES[name] == "office"
            else (ROLE_OF.get(actor) == ROLE_PAGES[name])
        )
        return {200, 302, 405} if allowed else {403}
    if params & CASE_SCOPED_PARAMS:
        access = CASE_ACCESS[actor]
        if access is None:
            return {404, 405} if method == "get" else {404}
        moves = REQUEST_MOVES | (READ_THEN_MOVE if method == "post" else set())
        writes = REQUEST_WRITES | moves
        if name in moves and actor == "central-authority":
            return {200, 302, 405}  # the MLA request passes through the central authority
        if name in CASE_WRITES | writes and access == "read":
            return {403, 405}
    if name in NOT_FOR_AUDITORS:
        return {403} if actor == "auditor" else {200, 302, 405}
    if name == "token-revoke":  # the world's token is the owner's; others' look absent
        return {302, 405} if actor == "owner" else {404, 405}
    if name == "knowledge-correct":
        return {200, 302, 405} if ROLE_OF.get(actor) == "administrator" else {403, 405}
    return {200, 302, 405}


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("actor", sorted(CASE_ACCESS))
def test_every_actor_on_every_url(client, world, actor, method):
    client.force_login(world["actors"][actor])
    for name, url, params in all_urls(world):
        if name in PUBLIC or name == "logout":
            continue
        response = getattr(client, method)(url)
        allowed = expected(name, params, actor, method)
        assert response.status_code in allowed, (actor, name, url, response.status_code)


def test_the_case_list_shows_exactly_the_visible_cases(client, world):
    for actor, access in CASE_ACCESS.items():
        client.force_login(world["actors"][actor])
        html = client.get("/cases/").content.decode()
        assert (world["case"].reference in html) == (access is not None), actor


def test_the_case_page_offers_changes_exactly_to_those_who_may_make_them(client, world):
    from evidesk.cases.access import can_edit

    case = world["case"]
    team = list(case.casemembership_set.all())
    for actor, access in CASE_ACCESS.items():
        user = world["actors"][actor]
        # The case page decides from the team it shows; every other page asks the database.
        assert can_edit(user, case, team) == can_edit(user, case) == (access == "edit"), actor
        if access is not None:
            client.force_login(user)
            html = client.get(f"/cases/{case.pk}/").content.decode()
            assert ("Edit the case" in html) == (access == "edit"), actor
            assert ("Draft this request" in html) == (access == "edit"), actor
            team_form = f'<form method="post" action="/cases/{case.pk}/team/"'
            assert (team_form in html) == (access == "edit"), actor


def test_break_glass_expires(client, world, time_machine):
    from datetime import timedelta

    from evidesk.clock import now

    client.force_login(world["actors"]["admin-glass"])
    assert client.get(f"/cases/{world['case'].pk}/").status_code == 200
    time_machine.move_to(now() + timedelta(hours=5))
    client.force_login(world["actors"]["admin-glass"])
    assert client.get(f"/cases/{world['case'].pk}/").status_code == 404
    assert not Request.objects.filter(case=world["case"], status="sent").exists()


def test_one_case_is_seen_exactly_by_those_whose_lists_show_it(world, time_machine):
    """Lists ask the rule as a query, pages that open one case ask it of that case (`sees`,
    which the case page gives the team and break-glass accesses it read): all must answer
    alike for every actor and case, before and after break-glass expires, and for an account
    switched off."""
    from datetime import timedelta

    from evidesk.cases.access import cases_visible_to, sees, team_of

    cases = list(Case.objects.all())
    # a case whose only MLA request is still a draft: not yet the central authority's
    services.create_request(cases[-1], [], world["actors"]["owner"], type="mla_stored",
                            channel="mla")  # fmt: skip
    retired = make("retired", Role.SUPERVISOR, world["case"].unit)
    retired.is_active = False
    retired.save()
    actors = [*world["actors"].values(), retired]
    for moment in (now(), now() + timedelta(hours=5)):
        time_machine.move_to(moment)
        for user in actors:
            listed = set(cases_visible_to(user).values_list("pk", flat=True))
            for case in cases:
                read = team_of(case), list(case.break_glass.all())  # as the case page has them
                assert sees(user, case) == sees(user, case, *read) == (case.pk in listed), (
                    user.username,
                    case.reference,
                )
    assert not sees(world["actors"]["admin-glass"], world["case"])  # expired by now
    central = world["actors"]["central-authority"]
    assert {sees(central, case) for case in cases} == {True, False}


def test_reminders_name_only_requests_the_person_sees_and_may_move(world, time_machine):
    """The dashboard, digest and calendar ask only "may move" (`requests_to_act_on`), which is
    safe only while every way to move a request is also a way to see it: for every actor,
    before and after a break-glass access expires and for an account switched off, what they
    are reminded of is exactly what they see and may move."""
    from datetime import timedelta

    from evidesk.cases.access import (
        can_move,
        deadlines_to_act_on,
        requests_to_act_on,
        requests_visible_to,
    )
    from evidesk.cases.models import Deadline

    retired = make("retired", Role.CENTRAL_AUTHORITY)
    retired.is_active = False
    retired.save()
    requests = list(Request.objects.all())
    assert Deadline.objects.exists()
    for moment in (now(), now() + timedelta(hours=5)):
        time_machine.move_to(moment)
        for user in [*world["actors"].values(), retired]:
            seen = set(requests_visible_to(user).values_list("pk", flat=True))
            expected = {r.pk for r in requests if r.pk in seen and can_move(user, r)}
            assert set(requests_to_act_on(user).values_list("pk", flat=True)) == expected, user
            reminded = set(deadlines_to_act_on(user).values_list("request_id", flat=True))
            assert reminded == expected & set(
                Deadline.objects.values_list("request_id", flat=True)
            ), user
    assert not requests_to_act_on(retired).exists()
    assert requests_to_act_on(world["actors"]["central-authority"]).exists()
