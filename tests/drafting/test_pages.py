"""Drafting a stored request: the page, its live check, the documents kept with their hash,
downloads through the permission layer, and `evidesk draft --request`."""

import hashlib
import io

import pytest
from docx import Document as WordDocument

from evidesk.audit.models import AuditEvent
from evidesk.cases import services
from evidesk.cases.demo import load_demo
from evidesk.cases.models import Request
from evidesk.cli import main
from evidesk.drafting.models import GeneratedDocument
from evidesk.system import files
from evidesk.system.language import translated

pytestmark = pytest.mark.django_db

FORM = {
    "languages": "en+ru", "format": "docx", "mla_intent": "on",
    "authority_organisation": "Prosecutor General's Office of Georgia",
    "authority_person": "Nino Owner", "authority_phone": "+995 32 240 50 00",
    "authority_email": "owner@pog.example", "authority_out_of_hours": "+995 599 00 00 00",
    "necessity": "Logs are kept for a limited time.",
}  # fmt: skip


@pytest.fixture
def preservation(owner, kb, client):
    load_demo(owner)
    client.force_login(owner)
    return Request.objects.get(case__reference="DEMO-GE-0412", type="preservation")


def test_the_page_shows_the_check_and_the_live_check_follows_the_form(client, preservation):
    page = client.get(f"/requests/{preservation.pk}/draft/").content.decode()
    assert "Completeness check" in page and "why preservation is necessary" in page
    assert "evidesk/draft.js" in page and "<script>" not in page  # no inline script
    url = f"/requests/{preservation.pk}/draft/check/"
    partial = client.post(url, {**FORM, "necessity": ""}).content.decode()
    assert "<strong>Missing:</strong> why preservation is necessary" in partial
    assert "<html" not in partial
    complete = client.post(url, FORM).content.decode()
    assert "<strong>Missing:</strong> why preservation is necessary" not in complete


def test_making_a_document_keeps_it_with_its_hash_and_details(client, preservation, owner):
    response = client.post(f"/requests/{preservation.pk}/draft/", FORM)
    assert response.status_code == 302
    document = GeneratedDocument.objects.get()
    stored = files.path_of(document.sha256).read_bytes()
    assert hashlib.sha256(stored).hexdigest() == document.sha256 and len(stored) == document.size
    text = "\n".join(p.text for p in WordDocument(io.BytesIO(stored)).paragraphs)
    assert "Prosecutor General's Office of Georgia" in text and "Nino Owner" in text
    assert "Запрос" in text  # both languages
    preservation.refresh_from_db()
    assert preservation.details["necessity"] == "Logs are kept for a limited time."
    assert document.name.startswith("DEMO-GE-0412-preservation-en+ru-")
    assert AuditEvent.objects.filter(action="document.generate").exists()
    download = client.get(f"/documents/{document.pk}/")
    assert b"".join(download.streaming_content) == stored
    assert download["Content-Disposition"].startswith("attachment;")
    assert AuditEvent.objects.get(action="document.download").data["sha256"] == document.sha256


def test_an_incomplete_document_is_made_with_a_warning(client, preservation):
    response = client.post(
        f"/requests/{preservation.pk}/draft/", {**FORM, "necessity": ""}, follow=True
    )
    assert "essential elements are missing" in response.content.decode()
    document = GeneratedDocument.objects.get()
    assert "necessity" in {f["element"] for f in document.findings if f["severity"] == "missing"}


def test_outsiders_neither_draft_nor_download(client, preservation, outsider):
    client.post(f"/requests/{preservation.pk}/draft/", FORM)
    document = GeneratedDocument.objects.get()
    client.force_login(outsider)
    assert client.get(f"/requests/{preservation.pk}/draft/").status_code == 404
    assert client.get(f"/documents/{document.pk}/").status_code == 404
    assert not AuditEvent.objects.filter(action="document.download").exists()


def test_the_cli_drafts_a_stored_request_as_a_named_user(preservation, owner, tmp_path, capsys):
    output = tmp_path / "p.txt"
    code = main(["draft", "--request", str(preservation.pk), "--user", "owner", "--format",
                 "txt", "-o", str(output)])  # fmt: skip
    assert code == 0 and "supplier.billing.dept@gmail" in output.read_text()
    assert "MISSING: why preservation is necessary" in capsys.readouterr().err
    assert main(["draft", "--request", str(preservation.pk), "--user", "owner", "--check"]) == 1
    assert main(["draft", "--request", str(preservation.pk), "-o", str(output)]) == 1
    assert "--user NAME is required" in capsys.readouterr().err


def test_the_cli_refuses_a_user_without_access(preservation, outsider, capsys):
    assert main(["draft", "--request", str(preservation.pk), "--user", "outsider", "--check"]) == 1
    assert f"no request {preservation.pk} that outsider may see" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--type", "preservation", "--lang", "fr"], "must be en, ru or en+ru"),
        (["--lang", "en"], "--type is required"),
        (["--type", "preservation"], "give the output file"),
    ],
)
def test_cli_mistakes_get_one_clear_line(args, message, capsys):
    from tests.drafting.conftest import SCENARIO

    assert main(["draft", str(SCENARIO), *args]) == 2 or message == "give the output file"
    assert message in capsys.readouterr().err


def test_the_cli_check_of_a_complete_scenario_passes(complete, tmp_path, capsys):
    import yaml

    path = tmp_path / "complete.yaml"
    path.write_text(yaml.safe_dump(complete, allow_unicode=True), encoding="utf-8")
    assert main(["draft", str(path), "--type", "preservation", "--check"]) == 0
    assert "MISSING" not in capsys.readouterr().err


def test_a_request_of_a_case_the_advisor_cannot_read_still_drafts_with_the_gap_shown(
    client, preservation
):
    """A target naming a zone this machine does not know (imported, restored): no server
    error; the check shows the targets as missing and the case page says why."""
    preservation.targets.update(period_zone="Europe/Atlantis")
    page = client.get(f"/requests/{preservation.pk}/draft/")
    assert page.status_code == 200
    assert "the accounts, numbers or addresses concerned" in page.content.decode()


def test_the_check_speaks_the_readers_language(client, preservation):
    page = client.get(f"/requests/{preservation.pk}/draft/", HTTP_ACCEPT_LANGUAGE="ru")
    assert "почему необходимо сохранение данных" in page.content.decode()
    url = f"/requests/{preservation.pk}/draft/check/"
    partial = client.post(url, {**FORM, "necessity": ""}, HTTP_ACCEPT_LANGUAGE="ru")
    assert "почему необходимо сохранение данных" in partial.content.decode()
    assert "(проверено 20" in partial.content.decode()  # its sources' verification too
    assert "verified" not in partial.content.decode()


def _document_text(client, record, languages: str) -> str:
    client.post(f"/requests/{record.pk}/draft/", {**FORM, "languages": languages,
                                                  "format": "txt"})  # fmt: skip
    stored = GeneratedDocument.objects.latest("pk")
    return files.path_of(stored.sha256).read_text(encoding="utf-8")


def test_the_plans_legal_basis_reads_in_each_language_of_the_document(
    client, owner, request_from_plan
):
    """A request made from a plan step keeps the plan's legal basis in English; its documents
    word it in their own language, as the plan does on a Russian page."""
    record, step = request_from_plan
    assert record.legal_basis == str(step["legal_basis"]) and record.legal_basis.isascii()
    russian = str(translated(step["legal_basis"], "ru"))
    assert russian != record.legal_basis and not russian.isascii()
    client.force_login(owner)
    text = _document_text(client, record, "ru")
    assert f"Правовое основание: {russian}\n" in text and record.legal_basis not in text
    assert f"Legal basis: {record.legal_basis}\n" in _document_text(client, record, "en")
    both = _document_text(client, record, "en+ru")
    assert record.legal_basis in both and russian in both and "[translation needed]" not in both
    check = client.post(f"/requests/{record.pk}/draft/check/", {**FORM, "languages": "ru"})
    assert "legal basis → Russian" not in check.content.decode()
    # A request that kept no wording (made before it was kept) reads it from the plan now.
    assert record.details["worded"]["legal_basis"]["msgid"] == step["legal_basis"].msgid
    Request.objects.filter(pk=record.pk).update(details={})
    assert f"Правовое основание: {russian}\n" in _document_text(client, record, "ru")


def test_a_legal_basis_the_user_wrote_is_kept_and_flagged_in_another_language(
    client, owner, request_from_plan
):
    record, _ = request_from_plan
    services.update_request(record, owner, record.version, list(record.targets.all()),
                            legal_basis="Article 12 of the bilateral treaty")  # fmt: skip
    client.force_login(owner)
    text = _document_text(client, record, "ru")
    assert "Правовое основание: Article 12 of the bilateral treaty [требуется перевод]" in text
    check = client.post(f"/requests/{record.pk}/draft/check/", {**FORM, "languages": "ru"})
    assert "legal basis → Russian" in check.content.decode()


def test_the_cli_writes_the_document_to_standard_output_with_a_dash(
    complete, tmp_path, capfdbinary, monkeypatch
):
    import yaml

    path = tmp_path / "complete.yaml"
    path.write_text(yaml.safe_dump(complete, allow_unicode=True), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = ["draft", str(path), "--type", "preservation", "--format", "txt", "-o", "-"]
    assert main(args) == 0
    assert b"supplier.billing.dept@gmail.com" in capfdbinary.readouterr().out
    assert not (tmp_path / "-").exists()


def test_a_stored_request_not_linked_to_its_preservation_still_names_it(preservation, owner):
    """A request whose 'follows' is not set is not "New request" when the case's history holds
    the preservation it builds on: the draft names the preservation, as from a scenario."""
    from evidesk.drafting.stored import draft_input_for

    later = services.create_request(
        preservation.case, list(preservation.targets.all()), owner,
        type="mla_stored", channel="mla",
    )  # fmt: skip
    assert later.follows is None
    previous = draft_input_for(later).previous
    assert previous is not None and previous.type == "preservation"
    assert previous.reference == preservation.external_reference


def test_the_plan_reads_when_a_stored_preservation_was_confirmed(preservation):
    """The advisor counts an extension only once confirmed, as the tracker does: the case's
    history it reads carries the day each preservation was confirmed."""
    from evidesk.cases.planning import case_as_scenario

    scenario = case_as_scenario(preservation.case, list(preservation.case.targets.all()))
    (kept,) = [h for t in scenario["targets"] for h in t["history"]]
    confirmed = preservation.transitions.get(to_status="receipt_confirmed").at.date()
    assert kept["type"] == "preservation" and kept["confirmed"] == confirmed


def test_a_stored_request_on_another_channel_than_the_plans_asks_for_its_addressee(
    preservation, owner
):
    """A request the user sends on another channel than the plan's step (an MLA request's
    step, sent to the provider instead) is not drafted with the step's addressee and legal
    basis: the check asks for the ones of the channel chosen."""
    from evidesk.drafting.checks import check
    from evidesk.drafting.stored import draft_input_for

    targets = list(preservation.targets.all())
    as_planned = services.create_request(preservation.case, targets, owner,
                                         type="mla_stored", channel="mla")  # fmt: skip
    planned = draft_input_for(as_planned)
    assert planned.addressee and planned.legal_basis
    other = services.create_request(preservation.case, targets, owner,
                                    type="mla_stored", channel="police_cooperation")  # fmt: skip
    draft = draft_input_for(other)
    assert draft.addressee != planned.addressee
    assert {"addressee", "legal_basis"} <= {f.element for f in check(draft) if f.blocking}


def test_a_follow_up_rests_on_the_basis_of_the_request_it_chases(preservation, owner):
    """A follow-up asks for the answer to an earlier request: it cites that request's legal
    basis, where it has none of its own, instead of being blocked for the lack of one."""
    from evidesk.drafting.checks import check
    from evidesk.drafting.stored import draft_input_for

    targets = list(preservation.targets.all())
    chased = services.create_request(
        preservation.case, targets, owner, type="mla_stored", channel="mla",
        legal_basis="Agreement on mutual legal assistance, art. 4",
    )  # fmt: skip
    follow_up = services.create_request(
        preservation.case, targets, owner, type="follow_up", channel="mla", follows=chased
    )
    draft = draft_input_for(follow_up)
    assert draft.legal_basis == "Agreement on mutual legal assistance, art. 4"
    assert "legal_basis" not in {f.element for f in check(draft) if f.blocking}
    # A basis written on the follow-up itself stays its own.
    own = services.create_request(
        preservation.case, targets, owner, type="follow_up", channel="mla", follows=chased,
        legal_basis="UNTOC, art. 18",
    )  # fmt: skip
    assert draft_input_for(own).legal_basis == "UNTOC, art. 18"
