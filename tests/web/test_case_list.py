from datetime import timedelta

import pytest

from evidesk.cases.demo import load_demo
from evidesk.clock import now


@pytest.fixture
def listing(client, owner, kb):
    load_demo(owner)
    client.force_login(owner)

    def refs(**params):
        page = client.get("/cases/", params).content.decode()
        return {ref for ref in ("DEMO-GE-0412", "DEMO-AM-0077", "DEMO-KZ-2231") if ref in page}

    return refs


def test_all_my_cases(listing):
    assert listing() == {"DEMO-GE-0412", "DEMO-AM-0077", "DEMO-KZ-2231"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "gmail"}, {"DEMO-GE-0412"}),
        ({"q": "demo-am"}, {"DEMO-AM-0077"}),
        ({"country": "ru"}, {"DEMO-KZ-2231"}),
        ({"country": "US"}, {"DEMO-GE-0412", "DEMO-AM-0077"}),
        ({"provider": "meta"}, {"DEMO-AM-0077"}),
        ({"provider": " Google "}, {"DEMO-GE-0412"}),  # as the pages name it
        ({"status": "draft"}, {"DEMO-KZ-2231"}),
        ({"status": "executed"}, {"DEMO-AM-0077"}),
        ({"stage": "trial"}, set()),
        ({"q": "<script>", "country": "'; --", "status": "x" * 500}, set()),
    ],
)
def test_filters(listing, params, expected):
    assert listing(**params) == expected


def test_the_country_is_chosen_by_its_name_in_the_reader_s_language(client, listing):
    """A Russian reader picks «Россия (RU)» from a list, not types a code; the choice stays
    chosen on the page of results."""
    page = client.get("/cases/", {"country": "ru"}, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert '<option value="">Любая страна</option>' in page
    assert '<option value="RU" selected>Россия (RU)</option>' in page
    assert '<option value="KZ">Казахстан (KZ)</option>' in page
    assert "DEMO-KZ-2231" in page and "DEMO-GE-0412" not in page
    contacts = client.get("/contacts/", {"country": "kz"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert '<option value="KZ" selected>Казахстан (KZ)</option>' in contacts.content.decode()


def test_deadline_filter(listing):
    from evidesk.cases.models import Deadline

    assert listing(deadline="overdue") == set()
    assert listing(deadline="week") == set()
    due = Deadline.objects.filter(request__case__reference="DEMO-GE-0412").first()
    due.due = now().date() - timedelta(days=1)
    due.save()
    assert listing(deadline="overdue") == {"DEMO-GE-0412"}
    assert listing(deadline="week") == {"DEMO-GE-0412"}


def test_outsider_sees_none(client, owner, outsider, kb):
    load_demo(owner)
    client.force_login(outsider)
    assert "DEMO-" not in client.get("/cases/").content.decode()


def test_requests_we_received_are_listed_apart_with_their_statuses_in_our_words(
    client, listing, owner
):
    """A central authority lists the cases with a request a foreign state sent it: the
    direction and the status are asked of the same request, and once "requests we received"
    is chosen the statuses read from our side ("Received", not "Sent")."""
    from evidesk.cases import services
    from evidesk.cases.models import Case, Request

    sent = set(Request.objects.filter(status="sent").values_list("case__reference", flat=True))
    assert listing(direction="incoming") == set()
    case = Case.objects.get(reference="DEMO-AM-0077")
    services.register_incoming(case, [], owner, now(), type="mla_stored", channel="mla",
                               requested_country="GE")  # fmt: skip
    assert listing(direction="incoming") == {"DEMO-AM-0077"}
    assert listing(direction="incoming", status="sent") == {"DEMO-AM-0077"}
    assert listing(direction="incoming", status="executed") == set()  # executed, but ours
    assert listing(direction="outgoing", status="sent") == sent
    page = client.get("/cases/", {"direction": "incoming"}).content.decode()
    assert '<option value="incoming" selected>Requests we received</option>' in page
    assert '<option value="sent">Received</option>' in page
    assert '<option value="sent">Sent</option>' in client.get("/cases/").content.decode()
