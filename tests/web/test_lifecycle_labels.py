"""Statuses and refusal reasons read as words in the reader's language, never as codes."""

from django.utils import translation

from evidesk.cases import lifecycle, services
from evidesk.cases.models import REFUSAL_REASON_LABELS
from evidesk.web.templatetags.lifecycle_labels import (
    refusal_label,
    refusal_options,
    status_label,
    status_options,
)


def test_every_refusal_reason_has_a_label():
    assert set(REFUSAL_REASON_LABELS) == set(lifecycle.REFUSAL_REASONS)


def test_labels_follow_the_language():
    with translation.override("ru"):
        assert status_label("receipt_confirmed") == "Получение подтверждено"
        assert refusal_label("no_dual_criminality") == "Нет двойной криминальности"
    assert status_label("no-such-status") == "no-such-status"


def test_the_request_page_offers_words_not_codes(client, owner, kb):
    case = services.create_case(owner, reference="GE-1", title="Fraud", requesting_country="GE",
                                stage="investigation")  # fmt: skip
    request = services.create_request(case, [], owner, type="mla_stored", channel="mla")
    services.transition_request(request, "internal_review", owner)
    client.force_login(owner)
    page = client.get(f"/requests/{request.pk}/").content.decode()
    assert '<option value="sent">Sent</option>' in page
    assert '<option value="no_dual_criminality">No dual criminality</option>' in page
    assert "Draft → <strong>Internal review</strong>" in page


def test_the_offered_choices_follow_the_language():
    # Made once per language: the Russian options are not the English ones kept from before.
    english = (status_options(["sent", "withdrawn"]), refusal_options())
    with translation.override("ru"):
        russian = (status_options(["sent", "withdrawn"]), refusal_options())
    assert '<option value="sent">Sent</option>' in english[0]
    assert '<option value="sent">Направлен</option>' in russian[0]
    assert '<option value="no_dual_criminality">Нет двойной криминальности</option>' in russian[1]
    assert english[1].count("<option") == len(lifecycle.REFUSAL_REASONS)
