from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from evidesk.cases.deadlines import (
    DISCLOSURE_MARGIN_DAYS,
    Preservation,
    follow_up_deadline,
    instrument_deadline,
    preservation_deadlines,
)


def by_kind(deadlines):
    return {d.kind: d for d in deadlines}


def test_a_90_day_preservation():
    found = by_kind(
        preservation_deadlines(Preservation(date(2026, 9, 10), 90, period_source="guide"))
    )
    assert found["preservation_expiry"].due == date(2026, 12, 9)
    assert found["disclosure_due"].due == date(2026, 11, 24)
    assert "2026-12-09" in found["disclosure_due"].reason
    assert found["preservation_expiry"].sources == ("guide",)
    assert "extension_due" not in found  # the provider's extension policy is unknown


def test_confirmed_on_the_day_the_clocks_change():
    """Calendar days: 29 March 2026 (clocks forward in Europe) + 90 days is 27 June, not a day off."""
    found = by_kind(preservation_deadlines(Preservation(date(2026, 3, 29), 90)))
    assert found["preservation_expiry"].due == date(2026, 6, 27)
    autumn = by_kind(preservation_deadlines(Preservation(date(2026, 10, 25), 60)))
    assert autumn["preservation_expiry"].due == date(2026, 12, 24)


def test_extension_chain_until_the_limit():
    base = dict(confirmed_on=date(2026, 1, 1), period_days=90, extension_days=90, max_extensions=1,
                extension_lead_days=7)  # fmt: skip
    first = by_kind(preservation_deadlines(Preservation(**base)))
    assert first["extension_due"].due == date(2026, 3, 25)  # expiry 1 April less 7 days
    extended = by_kind(preservation_deadlines(Preservation(**base, extensions_granted=1)))
    assert extended["preservation_expiry"].due == date(2026, 6, 30)
    assert "extension_due" not in extended  # one extension at most
    assert "1 extension(s) of 90 days" in extended["preservation_expiry"].reason


def test_no_disclosure_deadline_once_the_request_left_in_time():
    found = by_kind(
        preservation_deadlines(
            Preservation(date(2026, 9, 10), 90, 90, disclosure_sent_on=date(2026, 11, 1))
        )
    )
    assert set(found) == {"preservation_expiry"}
    late = by_kind(
        preservation_deadlines(
            Preservation(date(2026, 9, 10), 90, 90, disclosure_sent_on=date(2026, 12, 20))
        )
    )
    assert "disclosure_due" in late  # sent after the preservation ended: the data may be gone


def test_unknown_period_gives_no_invented_deadline():
    assert preservation_deadlines(Preservation(date(2026, 9, 10), None)) == []
    assert preservation_deadlines(Preservation(None, 90)) == []


def test_follow_ups_and_instrument_limits():
    assert follow_up_deadline(date(2026, 1, 1), None, False).due == date(2026, 1, 31)
    assert follow_up_deadline(date(2026, 1, 1), date(2026, 1, 5), False).due == date(2026, 4, 5)
    assert follow_up_deadline(date(2026, 1, 1), date(2026, 1, 5), True) is None
    assert follow_up_deadline(None, None, False) is None
    # An emergency is chased the day after it left, was received or was clarified.
    urgent = follow_up_deadline(date(2026, 1, 1), None, False, emergency=True)
    assert urgent.due == date(2026, 1, 2) and "2026-01-01" in urgent.reason
    assert follow_up_deadline(date(2026, 1, 1), date(2026, 1, 3), False, emergency=True).due == (
        date(2026, 1, 4)
    )
    assert follow_up_deadline(date(2026, 1, 1), None, True, emergency=True) is None
    # The additional information they asked for went on 1 March: they have 90 days from then.
    clarified = follow_up_deadline(date(2026, 1, 1), date(2026, 1, 5), False,
                                   clarified_on=date(2026, 3, 1))  # fmt: skip
    assert clarified.due == date(2026, 5, 30)
    assert "after the additional information was sent" in clarified.reason
    epoc = instrument_deadline(date(2026, 9, 1), 10, "Regulation (EU) 2023/1543", "art. 10")
    assert epoc.due == date(2026, 9, 11) and epoc.sources == ("art. 10",)


@given(
    st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    st.integers(1, 365),
    st.one_of(st.none(), st.integers(1, 365)),
    st.one_of(st.none(), st.integers(0, 3)),
    st.integers(0, 3),
)
def test_deadline_order_always_holds(confirmed, period, extension, max_ext, granted):
    found = by_kind(
        preservation_deadlines(Preservation(confirmed, period, extension, max_ext, None, granted))
    )
    expiry = found["preservation_expiry"].due
    assert expiry >= confirmed + timedelta(days=period)
    assert found["disclosure_due"].due == expiry - timedelta(days=DISCLOSURE_MARGIN_DAYS)
    if "extension_due" in found:
        assert found["extension_due"].due < expiry
        assert max_ext is None or granted < max_ext


def test_a_preservation_held_until_the_mla_request_is_decided_has_no_dates_left():
    """The convention keeps the data once the MLA request is received before the preservation
    ends (Budapest art. 29(7)); received later, the expiry and what it asks stay."""
    preserved = Preservation(date(2026, 9, 1), 60, at_least=True)  # ends 2026-10-31
    held = replace(preserved, mla_received_on=date(2026, 10, 31))
    late = replace(preserved, mla_received_on=date(2026, 11, 1))
    assert preservation_deadlines(held) == []
    assert {d.kind for d in preservation_deadlines(late)} == {
        "preservation_expiry",
        "disclosure_due",
    }
    assert preservation_deadlines(late) == preservation_deadlines(preserved)


def test_an_extension_falls_due_while_the_answer_to_the_request_sent_is_awaited():
    """The MLA request left in time, but its answer may come after the preservation ends: the
    extension stays due while the answer is awaited, and goes once it came or none is left."""
    from evidesk.cases.deadlines import DEFAULT_EXTENSION_LEAD_DAYS

    sent = Preservation(date(2026, 9, 1), 90, extension_days=90, max_extensions=1,
                        disclosure_sent_on=date(2026, 10, 1))  # fmt: skip
    awaited = by_kind(preservation_deadlines(replace(sent, answer_awaited=True)))
    assert set(awaited) == {"preservation_expiry", "extension_due"}
    expiry = date(2026, 11, 30)
    assert awaited["preservation_expiry"].due == expiry
    assert awaited["extension_due"].due == expiry - timedelta(days=DEFAULT_EXTENSION_LEAD_DAYS)
    assert "sent on 2026-10-01" in awaited["extension_due"].reason
    assert set(by_kind(preservation_deadlines(sent))) == {"preservation_expiry"}
    spent = replace(sent, answer_awaited=True, extensions_granted=1)
    assert set(by_kind(preservation_deadlines(spent))) == {"preservation_expiry"}
