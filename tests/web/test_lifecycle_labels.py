"""Statuses and refusal reasons read as words in the reader's language, never as codes."""

from django.utils import translation

from evidesk.cases import lifecycle, services
from evidesk.cases.models import REFUSAL_REASON_LABELS
from evidesk.web.templatetags.lifecycle_labels import refusal_label, status_label


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
