"""Defects found in review: loops of linked requests, instrument periods and hour limits."""

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest

from evidesk.cases import deadlines, services, tracking
from evidesk.cases.models import Request

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(owner, kb):
    return services.create_case(owner, reference="DE-1", title="Fraud", requesting_country="DE",
                                stage="investigation")  # fmt: skip


def test_links_between_requests_cannot_loop(case, owner):
    preservation = services.create_request(case, [], owner, type="preservation",
                                           channel="direct_provider")  # fmt: skip
    first = services.create_request(case, [], owner, type="extension", channel="direct_provider",
                                    follows=preservation)  # fmt: skip
    second = services.create_request(case, [], owner, type="extension", channel="direct_provider",
                                     follows=first)  # fmt: skip
    fields = {name: getattr(first, name) for name in services.EDITABLE_REQUEST_FIELDS}
    with pytest.raises(Exception, match="would loop"):
        services.update_request(first, owner, first.version, [], **{**fields, "follows": second})
    first.refresh_from_db()
    assert first.follows == preservation
    # Even a loop written around the services does not hang the deadline rules.
    Request.objects.filter(pk=first.pk).update(follows=second)
    assert len(tracking._chain(Request.objects.get(pk=second.pk))) <= 3


def test_an_eu_preservation_order_is_extended_by_the_regulations_period(case, owner, kb):
    order = services.create_request(case, [], owner, type="preservation", channel="eu_epoc_pr",
                                    instrument="eu_2023_1543", requested_country="IE")  # fmt: skip
    terms = tracking.preservation_terms(order)
    instrument = kb.instrument("eu_2023_1543")
    assert terms.period_days == instrument.value("preservation_days") == 60
    assert terms.extension_days == instrument.value("preservation_extension_days")


def test_an_hour_limit_falls_due_the_same_day_with_its_time():
    sent = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
    limit = deadlines.instrument_deadline_hours(sent, 8, "Regulation (EU) 2023/1543")
    assert limit.due == date(2026, 11, 29)
    assert "within 8 hours, by 2026-11-29 17:00 UTC" in limit.reason
    late = deadlines.instrument_deadline_hours(sent + timedelta(hours=10), 8, "R")
    assert late.due == date(2026, 11, 30)


def test_a_preservation_between_budapest_parties_lasts_at_least_the_conventions_minimum(owner, kb):
    """The tracker times a 24/7 preservation as the advisor does: with no provider or state
    period known, by the convention's minimum (art. 29(7)), said as a minimum."""
    case = services.create_case(owner, reference="MD-1", title="Fraud", requesting_country="MD",
                                stage="investigation")  # fmt: skip
    network = services.create_request(case, [], owner, type="preservation", channel="network_247",
                                      requested_country="DE")  # fmt: skip
    terms = tracking.preservation_terms(network)
    assert terms.at_least and terms.period_days == 60
    assert terms.period_days == kb.instrument("budapest").value("preservation_min_days")
    expiry = deadlines.preservation_deadlines(
        dataclasses.replace(terms, confirmed_on=date(2026, 9, 1))
    )[0]
    assert expiry.due == date(2026, 10, 31) and "at least 60 days" in str(expiry.reason)
    # A request the provider received directly is not a state's preservation under art. 29.
    direct = services.create_request(case, [], owner, type="preservation",
                                     channel="direct_provider", requested_country="DE")  # fmt: skip
    assert tracking.preservation_terms(direct).period_days is None


def test_an_edit_writes_only_the_fields_people_edit(case, owner):
    """A service passing a field no form edits (the unit, the version) is refused whole."""
    before = (case.unit_id, case.version, case.title)
    with pytest.raises(ValueError, match="not editable: unit_id"):
        services.update_case(case, owner, case.version, title="Changed", unit_id=None)
    case.refresh_from_db()
    assert (case.unit_id, case.version, case.title) == before
