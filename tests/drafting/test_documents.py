"""Every request type renders in every language and format; LibreOffice opens the Word file;
each mandatory element is in the text, and the check catches each one removed in turn."""

import copy
import io
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import yaml
from docx import Document as WordDocument

from evidesk.drafting.checks import CHARACTERS, MISSING, blocking, check, requirements
from evidesk.drafting.compose import CHECKED_AS, ELEMENT, compose
from evidesk.drafting.document import Free, Worded, text
from evidesk.drafting.inputs import (
    TYPES,
    Authority,
    Offence,
    Previous,
    from_scenario,
    with_accepted_languages,
)
from evidesk.drafting.language import counted
from evidesk.drafting.output import render
from evidesk.drafting.render import flat, printable, to_text
from evidesk.wording import Wording
from tests.drafting.conftest import SCENARIO

KINDS = list(TYPES.values())
MISSING_RU = "[\u041e\u0422\u0421\u0423\u0422"  # the Russian placeholder's first letters
LANGUAGES = [("en",), ("ru",), ("en", "ru")]


def docx_text(content: bytes) -> str:
    word = WordDocument(io.BytesIO(content))
    cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in word.paragraphs] + cells)


@pytest.mark.parametrize("kind", KINDS)
def test_a_complete_request_has_no_mandatory_gap(complete, shipped, kind):
    draft = from_scenario(complete, kind, shipped)
    missing = [f.element for f in check(draft) if f.severity == MISSING]
    assert missing == [], missing


@pytest.mark.parametrize("languages", LANGUAGES, ids=lambda v: "+".join(v))
@pytest.mark.parametrize("kind", KINDS)
def test_every_type_renders_in_every_language_and_format(complete, shipped, kind, languages):
    draft = from_scenario(complete, kind, shipped)
    document = compose(draft)
    text = to_text(document, languages)
    assert "supplier.billing.dept@gmail.com" in text  # identifiers exactly as normalised
    assert "Asia/Tbilisi" in text  # UTC and original zone, each language's date in figures
    if "en" in languages:
        assert "2026-08-31 20:00:00" in text
    if "ru" in languages:
        assert "31.08.2026 20:00:00" in text
    assert "[MISSING" not in text and MISSING_RU not in text
    if "ru" in languages:
        assert "Запрос" in text or "запрос" in text
    word = docx_text(render(document, languages, "docx"))
    assert "supplier.billing.dept@gmail.com" in word and draft.reference in word
    assert render(document, languages, "pdf").startswith(b"%PDF")


# The mandatory elements and how to take each away from a complete draft.
REMOVE = {
    "reference": lambda d: replace(d, reference=""),
    "requesting_authority": lambda d: replace(d, authority=replace(d.authority, person="")),
    "contact_details": lambda d: replace(d, authority=replace(d.authority, phone="")),
    "out_of_hours_contact": lambda d: replace(d, authority=replace(d.authority, out_of_hours="")),
    "addressee": lambda d: replace(d, addressee=""),
    "legal_basis": lambda d: replace(d, legal_basis=""),
    "offences": lambda d: replace(d, offences=()),
    "offence_provisions": lambda d: replace(d, offences=(Offence("Fraud"),)),
    "facts": lambda d: replace(d, facts=""),
    "targets": lambda d: replace(d, targets=()),
    "data_categories": lambda d: replace(d, targets=tuple(replace(t, data=()) for t in d.targets)),
    "periods": lambda d: replace(d, targets=tuple(
        replace(t, period=replace(t.period, from_local=None, to_local=None)) for t in d.targets)),
    "time_zones": lambda d: replace(d, targets=tuple(
        replace(t, period=replace(t.period, zone=None)) for t in d.targets)),
    "relevance": lambda d: replace(d, targets=tuple(replace(t, relevance="") for t in d.targets)),
    "necessity": lambda d: replace(d, necessity=""),
    "mla_intent": lambda d: replace(d, mla_intent=False),
    "previous_request": lambda d: replace(d, previous=None),
    "emergency_facts": lambda d: replace(d, emergency_facts=""),
    "purpose": lambda d: replace(d, purpose=""),
    "realtime_parameters": lambda d: replace(d, realtime_duration=""),
    # Asked for by a commission under the CIS conventions only.
    "persons": lambda d: replace(d, commission=True, persons=""),
}  # fmt: skip


def mandatory_cases():
    for element, spec in requirements()["elements"].items():
        for kind in spec.get("mandatory", []):
            yield pytest.param(kind, element, id=f"{kind}-{element}")


@pytest.mark.parametrize(("kind", "element"), list(mandatory_cases()))
def test_each_mandatory_element_removed_is_caught_and_shown(complete, shipped, kind, element):
    draft = REMOVE[element](from_scenario(complete, kind, shipped))
    findings = check(draft)
    assert element in {f.element for f in findings if f.severity == MISSING}
    assert blocking(findings)
    assert all(f.sources for f in findings)  # every finding says who requires it
    text = to_text(compose(draft), ("en",))
    assert "[MISSING:" in text  # the gap is visible in the document itself


def test_every_finding_is_worded_for_a_russian_reader_too(complete, shipped):
    specs = [*requirements()["elements"].values(), *requirements()["weaknesses"].values()]
    assert all(spec["ru"]["label"] and spec["ru"]["why"] for spec in specs)
    draft = REMOVE["necessity"](from_scenario(complete, "preservation", shipped))
    missing = next(f for f in check(draft, reader="ru") if f.element == "necessity")
    assert missing.label == "почему необходимо сохранение данных"
    english = next(f for f in check(draft) if f.element == "necessity")
    assert english.label == "why preservation is necessary"
    short = replace(draft, facts="Fraud.", targets=[
        replace(draft.targets[0], data=["content"])
    ])  # fmt: skip
    weak = next(f for f in check(short, reader="ru") if f.element == "content_without_facts")
    assert weak.detail == "6 символов"


def test_every_mandatory_element_has_a_way_to_be_removed():
    assert {e for e, s in requirements()["elements"].items() if s.get("mandatory")} <= set(REMOVE)


def test_urgency_needs_its_reasons(complete, shipped):
    draft = replace(from_scenario(complete, "preservation", shipped), urgent=True)
    assert "urgency_reasons" in {f.element for f in check(draft) if f.blocking}
    assert not blocking(check(replace(draft, urgency_reasons="The account may be deleted.")))


def test_weak_points_are_flagged(complete, shipped):
    draft = from_scenario(complete, "mla_stored", shipped)
    target = draft.targets[0]
    broad = replace(target, kind="ip", identifier="203.0.113.5", data=("content",),
                    shared_address=True,
                    period=replace(target.period, from_utc="2024-01-01T00:00:00Z"))  # fmt: skip
    weak = check(replace(draft, targets=(broad,), facts="Short."), ("ru",))
    codes = {f.element for f in weak if f.severity == "weak"}
    assert {"period_too_broad", "ip_without_port", "content_without_facts",
            "needs_translation"} <= codes  # fmt: skip


def test_free_text_in_another_language_is_flagged_in_the_document(complete, shipped):
    draft = from_scenario(complete, "preservation", shipped)
    russian = replace(draft, necessity="Данные хранятся ограниченное время.")
    assert "[translation needed]" in to_text(compose(russian), ("en",))
    assert "[translation needed]" not in to_text(compose(draft), ("en",))
    assert any(f.element == "needs_translation" for f in check(russian, ("en",)))


def test_the_earlier_request_names_its_channel_in_the_reader_s_language(complete, shipped):
    draft = from_scenario(complete, "extension", shipped)  # sent earlier via direct_provider
    russian = to_text(compose(draft), ("ru",))
    assert "1 октября 2026 г., G-LERS-2291 (напрямую провайдеру)" in russian  # noqa: RUF001
    assert "direct_provider" not in russian
    assert "G-LERS-2291 (directly to the provider)" in to_text(compose(draft), ("en",))


def test_the_two_states_are_named_in_the_document_s_language(complete, shipped):
    draft = from_scenario(complete, "preservation", shipped)  # Georgia asks the United States
    states = "Запрашивающее государство / запрашиваемое государство: Грузия → Соединенные Штаты"
    assert states in to_text(compose(draft), ("ru",))
    english = to_text(compose(draft), ("en",))
    assert "Requesting state / requested state: Georgia → United States" in english


def test_word_checks_each_part_s_spelling_in_its_own_language(complete, shipped):
    """The Russian part is marked Russian, so Word does not flag every word as misspelt."""
    from docx.oxml.ns import qn

    draft = from_scenario(complete, "preservation", shipped)
    word = WordDocument(io.BytesIO(render(compose(draft), ("en", "ru"), "docx")))
    marked = {}
    for paragraph in word.paragraphs:
        for run in paragraph.runs:
            if run.text.strip():
                lang = run._r.rPr.find(qn("w:lang")) if run._r.rPr is not None else None
                marked[run.text] = lang.get(qn("w:val")) if lang is not None else None
    assert marked["Request for expedited preservation of stored computer data"] == "en-GB"
    title_ru = "Запрос об оперативном обеспечении сохранности хранимых компьютерных данных"  # noqa: RUF001
    assert marked[title_ru] == "ru-RU"
    assert None not in marked.values()
    assert word.core_properties.language == "en-GB"


HOSTILE = "{{ request.user }} {% csrf_token %} <script>alert(1)</script> \x00\x1b[31m &amp; \u202e"


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_hostile_free_text_comes_out_literally_and_harmlessly(complete, shipped, fmt):
    draft = replace(from_scenario(complete, "preservation", shipped), necessity=HOSTILE)
    content = render(compose(draft), ("en",), fmt)
    if fmt == "txt":
        text = content.decode()
        assert "{{ request.user }} {% csrf_token %} <script>alert(1)</script>" in text
        assert "\x00" not in text and "\x1b" not in text and "\u2400\u241b[31m" in text
    elif fmt == "docx":
        assert "<script>alert(1)</script>" in docx_text(content)
    else:
        assert content.startswith(b"%PDF")


def test_html_for_pdf_escapes_everything(complete, shipped):
    from evidesk.drafting.html import to_html

    draft = replace(from_scenario(complete, "preservation", shipped), necessity=HOSTILE)
    html = to_html(compose(draft), ("en",))
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_printable_keeps_line_breaks_and_shows_controls():
    assert printable("a\nb\tc\x07") == "a\nb\tc\u2407"


def test_previous_request_and_authority_appear(complete, shipped):
    draft = from_scenario(complete, "follow_up", shipped)
    assert draft.previous == Previous("2026-10-01", "G-LERS-2291", "direct_provider")
    assert draft.authority == Authority(**complete["draft"]["authority"])
    text = to_text(compose(draft), ("en",))
    assert "G-LERS-2291" in text and "+995 599 00 00 00 (24/7)" in text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by .ci/run")
@pytest.mark.parametrize("languages", LANGUAGES, ids=lambda v: "+".join(v))
@pytest.mark.parametrize("kind", KINDS)
def test_libreoffice_opens_the_word_file(complete, shipped, kind, languages, tmp_path):
    draft = from_scenario(complete, kind, shipped)
    source = tmp_path / f"{kind}.docx"
    source.write_bytes(render(compose(draft), languages, "docx"))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    assert (tmp_path / f"{kind}.pdf").read_bytes().startswith(b"%PDF")


def test_a_reference_document_gives_the_letterhead(complete, shipped, tmp_path):
    from evidesk.drafting.docx import to_docx

    letterhead = WordDocument()
    letterhead.sections[0].header.paragraphs[0].text = "PROSECUTOR GENERAL'S OFFICE"
    letterhead.add_paragraph("body text of the template, to be replaced")
    reference = tmp_path / "letterhead.docx"
    letterhead.save(reference)
    content = to_docx(compose(from_scenario(complete, "preservation", shipped)), ("en",), reference)
    word = WordDocument(io.BytesIO(content))
    assert word.sections[0].header.paragraphs[0].text == "PROSECUTOR GENERAL'S OFFICE"
    assert "body text of the template" not in docx_text(content)


def test_scenario_draft_block_must_be_a_mapping(scenario, shipped):
    bad = copy.deepcopy(scenario)
    bad["draft"] = ["not", "a", "mapping"]
    with pytest.raises(ValueError, match="draft"):
        from_scenario(bad, "preservation", shipped)


# What the text of a complete request shows for each mandatory element.
SHOWN = {
    "reference": lambda c: c["case"]["reference"],
    "requesting_authority": lambda c: c["draft"]["authority"]["organisation"],
    "contact_details": lambda c: c["draft"]["authority"]["phone"],
    "out_of_hours_contact": lambda c: c["draft"]["authority"]["out_of_hours"],
    "addressee": lambda c: c["draft"]["addressee"],
    "legal_basis": lambda c: c["draft"]["legal_basis"],
    "offences": lambda c: c["case"]["offences"][0]["name"],
    "offence_provisions": lambda c: c["case"]["offences"][0]["provision"],
    "facts": lambda c: c["case"]["facts"].split(".")[0],
    "targets": lambda c: c["targets"][0]["identifier"],
    "data_categories": lambda c: "subscriber data",
    "periods": lambda c: "2026-08-31 20:00:00",
    "time_zones": lambda c: c["targets"][0]["period"]["tz"],
    "relevance": lambda c: c["targets"][0]["relevance"],
    "necessity": lambda c: c["draft"]["necessity"],
    "mla_intent": lambda c: "intends to submit a request for mutual legal assistance",
    "previous_request": lambda c: c["draft"]["previous"]["reference"],
    "emergency_facts": lambda c: c["draft"]["emergency_facts"],
    "purpose": lambda c: c["draft"]["purpose"],
    "realtime_parameters": lambda c: c["draft"]["realtime_duration"],
    "persons": lambda c: c["draft"]["persons"],
}


@pytest.mark.parametrize(("kind", "element"), list(mandatory_cases()))
def test_the_text_shows_every_mandatory_element(complete, shipped, kind, element):
    text = to_text(compose(from_scenario(complete, kind, shipped)), ("en",))
    assert SHOWN[element](complete) in text


def test_the_advisors_wording_reads_in_each_output_language_and_typed_text_as_typed():
    planned = Wording("the central authority for MLA")
    assert text(planned, "addressee") == (Worded(planned),)
    assert flat(text(planned, "addressee"), "en") == "the central authority for MLA"
    assert flat(text(planned, "addressee"), "ru") == "центральный орган по правовой помощи"
    typed = "the central authority for MLA"  # the same words, typed: kept and flagged
    assert text(typed, "addressee") == (Free(typed),)
    assert flat(text(typed, "addressee"), "ru") == f"{typed} [требуется перевод]"


def unknown_contact(scenario):
    """The scenario's target as an IP address and port in a state whose 24/7 contact the
    knowledge base does not hold: the plan names the addressee and asks to verify it."""
    changed = copy.deepcopy(scenario)
    changed["requesting_country"] = "MD"
    changed["targets"][0].update(identifier="192.0.2.45:51234", provider_country="RO")
    return changed


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_an_addressee_the_plan_asks_to_verify_blocks_and_is_marked(scenario, shipped, fmt):
    draft = from_scenario(unknown_contact(scenario), "preservation", shipped)
    assert "verify" in str(draft.addressee)  # the advisor's own wording, not typed
    found = next(f for f in check(draft, reader="ru") if f.element == "addressee")
    assert found.blocking and "проверьте" in found.detail
    content = render(compose(draft), ("en", "ru"), fmt)
    shown = content.decode() if fmt == "txt" else docx_text(content)
    assert "[TO VERIFY: addressee]" in shown and "[ТРЕБУЕТ ПРОВЕРКИ: адресат]" in shown
    typed = replace(draft, addressee="Romanian 24/7 point of contact, DIICOT")
    assert "addressee" not in {f.element for f in check(typed)}
    assert "TO VERIFY" not in to_text(compose(typed), ("en",))


@pytest.mark.parametrize(
    ("identifier", "provider", "flagged"),
    [("203.0.113.5", None, True), ("192.0.2.45:51234", None, False), ("2001:db8::1", None, False),
     ("198.51.100.91", "hetzner", False)],  # a hosting address is one customer's at a time
)  # fmt: skip
def test_only_an_ipv4_address_shared_without_its_port_is_flagged(
    complete, shipped, identifier, provider, flagged
):
    complete["targets"][0].update(identifier=identifier, provider=provider, provider_country="DE")
    draft = from_scenario(complete, "preservation", shipped)
    weak = {f.element for f in check(draft)}
    assert ("ip_without_port" in weak) is flagged


def test_an_english_provision_in_a_russian_request_is_marked_and_checked(complete, shipped):
    draft = from_scenario(complete, "mla_stored", shipped)  # provision and authority in English
    text = to_text(compose(draft), ("ru",))
    provision = complete["case"]["offences"][0]["provision"]
    assert f"{provision} [требуется перевод]" in text
    flagged = {f.detail for f in check(draft, ("ru",)) if f.element == "needs_translation"}
    assert {"legal provision (1) → Russian", "requesting authority → Russian"} <= flagged
    in_russian = {f.detail for f in check(draft, ("ru",), reader="ru")}
    assert {"статья закона (1) → русский", "запрашивающий орган → русский"} <= in_russian
    assert not any(f.element == "needs_translation" for f in check(draft, ("en",)))


def test_a_period_without_its_zone_shows_the_zone_as_missing_not_the_period(complete, shipped):
    del complete["targets"][0]["period"]["tz"]
    draft = from_scenario(complete, "preservation", shipped)
    text = to_text(compose(draft), ("en",))
    assert "Period (UTC): [MISSING: time zone]" in text
    assert "2026-09-01 00:00:00 \u2013 2026-09-30 23:59:59 [MISSING: time zone]" in text
    assert "[MISSING: period]" not in text


# A target's earlier requests: a preservation, then a direct disclosure request.
EARLIER_REQUESTS = [
    {"type": "preservation", "channel": "direct_provider", "sent": "2026-09-10",
     "reference": "LERS-PRES-771"},
    {"type": "disclosure", "channel": "direct_provider", "sent": "2026-10-01",
     "reference": "LERS-DISC-9"},
]  # fmt: skip


@pytest.mark.parametrize(("kind", "expected"), [
    ("extension", "LERS-PRES-771"), ("mla_stored", "LERS-PRES-771"),
    ("follow_up", "LERS-DISC-9"), ("preservation", None), ("emergency", None),
])  # fmt: skip
def test_the_earlier_request_comes_from_the_targets_history(scenario, shipped, kind, expected):
    scenario["targets"][0]["history"] = copy.deepcopy(EARLIER_REQUESTS)
    draft = from_scenario(scenario, kind, shipped)
    assert (draft.previous and draft.previous.reference) == expected
    if expected:
        assert "previous_request" not in {f.element for f in check(draft)}
        assert expected in to_text(compose(draft), ("en",))


def test_a_penalty_reads_with_its_noun_agreeing_in_each_language(complete, shipped):
    """'up to 1 years' and «до 7.5 лет» are not what an official request says."""
    draft = from_scenario(complete, "mla_stored", shipped)
    offences = tuple(
        Offence(name=name, provision="art. 1", max_penalty_years=years)
        for name, years in (("Theft", 1), ("Fraud", 3), ("Extortion", 7.5), ("Robbery", 21))
    )
    document = compose(replace(draft, offences=offences))
    english, russian = to_text(document, ("en",)), to_text(document, ("ru",))
    for said in ("up to 1 year\n", "up to 3 years", "up to 7.5 years", "up to 21 years"):
        assert said in english
    for said in ("до 1 года", "до 3 лет", "до 7,5 года", "до 21 года"):
        assert said in russian
    assert "до 1 лет" not in russian and "7.5" not in russian


def test_a_document_in_no_language_its_receiver_accepts_is_flagged(complete, shipped):
    """TikTok takes requests in English only (its guidelines, in the knowledge base): a Russian
    preservation request sent to it directly comes back; a Russian MLA request to a state whose
    accepted languages the knowledge base does not hold is not flagged."""
    complete["targets"][0]["identifier"] = "https://www.tiktok.com/@seller_tbilisi"
    complete["draft"].pop("addressee")
    draft = from_scenario(complete, "preservation", shipped)
    assert draft.channel == "direct_provider" and draft.accepted_languages == ("en",)

    def refused(languages, reader="en"):
        return [f for f in check(draft, languages, reader) if f.element == "language_not_accepted"]

    assert refused(("en",)) == [] and refused(("en", "ru")) == []
    (finding,) = refused(("ru",))
    assert "TikTok accepts requests in English; this document is in Russian" in finding.detail
    assert any("tiktok" in source.lower() for source in finding.sources)
    (russian,) = refused(("ru",), "ru")
    assert "принимает запросы на языках: английский" in russian.detail
    assert "принимает" in russian.label
    towards_us = replace(draft, channel="mla", requested_country="US")
    towards_us = with_accepted_languages(towards_us, shipped)
    assert towards_us.accepted_languages == () and not [
        f for f in check(towards_us, ("ru",)) if f.element == "language_not_accepted"
    ]


REMOVE_TOO = {  # elements only advised, which the document also shows
    "custodian": lambda d: replace(d, targets=tuple(
        replace(t, provider="", provider_name="") for t in d.targets)),
    "urgency_reasons": lambda d: replace(d, urgent=True, urgency_reasons=""),
    "conduct": lambda d: replace(d, conduct="", targets=tuple(
        replace(t, data=(*t.data, "content")) for t in d.targets)),
}  # fmt: skip
PLACEHOLDER = re.compile(r"\[MISSING: ([^\]]+)\]")


def placeholders(draft) -> set[str]:
    """The elements of the check that the placeholders in the document's text stand for."""
    label_to_element = {label: CHECKED_AS[key] for key, label in ELEMENT.items()}
    text = to_text(compose(draft), ("en",))
    return {label_to_element[label] for label in PLACEHOLDER.findall(text)}


@pytest.mark.parametrize("element", sorted({*REMOVE, *REMOVE_TOO}))
@pytest.mark.parametrize("kind", KINDS)
def test_every_placeholder_in_the_text_is_a_finding_of_the_check(complete, shipped, kind, element):
    """A gap the document shows and the check does not report is sent unnoticed ("[MISSING:
    provider]" on an MLA request with a clean check); an element the request must have and
    lacks is shown where the document has a place for it."""
    draft = {**REMOVE, **REMOVE_TOO}[element](from_scenario(complete, kind, shipped))
    findings = check(draft)
    shown = placeholders(draft)
    assert shown <= {f.element for f in findings if f.severity != "weak"}
    blocking_here = {f.element for f in findings if f.blocking}
    if element in blocking_here and element in CHECKED_AS.values():
        assert element in shown


@pytest.mark.parametrize(("kind", "status", "russian"), [
    ("mla_stored", "Follows the preservation request LERS-PRES-771 of 10 September 2026",
     "Направляется в продолжение запроса об обеспечении сохранности № LERS-PRES-771 от 10 сентября 2026 г."),  # noqa: RUF001
    ("extension", "Extension of the preservation request LERS-PRES-771 of 10 September 2026",
     "Продление срока сохранности данных по запросу № LERS-PRES-771 от 10 сентября 2026 г."),  # noqa: RUF001
    ("follow_up", "Follow-up to the request LERS-DISC-9 of 1 October 2026",
     "Напоминание о запросе № LERS-DISC-9 от 1 октября 2026 г."),  # noqa: RUF001
    ("preservation", "New request", "Новый запрос"),
])  # fmt: skip
def test_the_status_of_a_request_that_follows_another_names_it(
    scenario, shipped, kind, status, russian
):
    """An MLA request after a preservation is not "New request": the requested side joins it to
    the data it already keeps."""
    scenario["targets"][0]["history"] = copy.deepcopy(EARLIER_REQUESTS)
    document = compose(from_scenario(scenario, kind, shipped))
    assert f"Request status: {status}\n" in to_text(document, ("en",))
    assert f"Статус запроса: {russian}\n" in to_text(document, ("ru",))


def test_a_request_following_one_not_on_record_is_not_called_new(complete, shipped):
    draft = from_scenario(complete, "mla_stored", shipped)
    after_disclosure = replace(draft, previous=replace(draft.previous, type="disclosure"))
    assert "Request status: Follows the earlier request G-LERS-2291 of 1 October 2026" in to_text(
        compose(after_disclosure), ("en",)
    )
    undated = replace(draft, previous=Previous(reference="G-LERS-2291"))
    assert "Request status: Follows an earlier request\n" in to_text(compose(undated), ("en",))


@pytest.mark.parametrize(("days", "english", "russian"), [
    (367, "367 days", "367 дней"), (371, "371 days", "371 день"), (372, "372 days", "372 дня"),
])  # fmt: skip
def test_a_count_of_days_reads_with_its_noun_agreeing(complete, shipped, days, english, russian):
    """«371 дней» and "1 days" are not what a reviewer should read: the noun takes the form the
    number asks for, from the catalogue's plural forms."""
    draft = from_scenario(complete, "preservation", shipped)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    period = replace(draft.targets[0].period, from_utc=start.isoformat(),
                     to_utc=(start + timedelta(days=days)).isoformat())  # fmt: skip
    draft = replace(draft, targets=(replace(draft.targets[0], period=period),))

    def broad(reader):
        return next(
            f.detail for f in check(draft, reader=reader) if f.element == "period_too_broad"
        )

    identifier = draft.targets[0].identifier
    assert broad("en") == f"{identifier}: {english}" and broad("ru") == f"{identifier}: {russian}"


@pytest.mark.parametrize(("count", "english", "russian"), [
    (1, "1 character", "1 символ"), (2, "2 characters", "2 символа"),
    (11, "11 characters", "11 символов"), (21, "21 characters", "21 символ"),
])  # fmt: skip
def test_a_count_of_characters_reads_with_its_noun_agreeing(count, english, russian):
    values = (("count", count),)
    assert counted("en", *CHARACTERS, count, values) == english
    assert counted("ru", *CHARACTERS, count, values) == russian


CONDUCT = (
    "The suspect registered the address, wrote to the company as if he were its supplier and "
    "asked it to pay the supplier's invoices into an account he controlled."
)


@pytest.mark.parametrize("kind", KINDS)
def test_an_mla_request_for_content_describes_the_conduct_for_dual_criminality(
    complete, shipped, kind
):
    """The advisor warns that content usually requires dual criminality: the MLA request then
    describes the conduct in factual terms (Budapest Convention, art. 25(5)); without it the
    check advises it and the document shows where it goes."""
    complete["targets"][0]["data"] = ["subscriber", "content"]
    draft = from_scenario(complete, kind, shipped)
    mla = kind in {"mla_stored", "mla_realtime"}
    finding = next((f for f in check(draft) if f.element == "conduct"), None)
    assert (finding is not None) is mla
    text = to_text(compose(draft), ("en",))
    assert ("[MISSING: description of the conduct]" in text) is mla
    assert "whether it is an offence under its own law" not in text  # no clause without it
    if mla:
        assert finding.severity == "recommended" and "art. 25(5)" in finding.sources[0]
        russian = next(f for f in check(draft, reader="ru") if f.element == "conduct")
        assert "двойной криминальности" in russian.label
        described = replace(draft, conduct=CONDUCT)
        assert "conduct" not in {f.element for f in check(described)}
        english, russian_text = (to_text(compose(described), (lang,)) for lang in ("en", "ru"))
        assert f"Description of the conduct: {CONDUCT}" in english
        assert "whether it is an offence under its own law" in english
        assert "является ли оно преступлением" in russian_text
    without_content = replace(draft, targets=(replace(draft.targets[0], data=("subscriber",)),))
    assert "conduct" not in {f.element for f in check(without_content)}
    assert "description of the conduct" not in to_text(compose(without_content), ("en",))


def test_the_start_and_duration_of_collection_typed_in_english_are_marked_in_russian(
    complete, shipped
):
    """The start and duration are words the user typed ("the day the order is granted, 30
    days"): in the Russian part they are marked and reported for translation like the facts,
    instead of leaving English in the Russian text unnoticed."""
    draft = from_scenario(complete, "mla_realtime", shipped)
    russian = to_text(compose(draft), ("ru",))
    assert "the day the order is granted, 30 days [требуется перевод]" in russian
    flagged = {f.detail for f in check(draft, ("ru",)) if f.element == "needs_translation"}
    assert "start and duration of collection → Russian" in flagged
    typed_in_russian = replace(draft, realtime_start="день вынесения решения",
                               realtime_duration="30 дней")  # fmt: skip
    russian = to_text(compose(typed_in_russian), ("ru",))
    assert "Начало и продолжительность: день вынесения решения, 30 дней\n" in russian


def test_a_request_sent_on_another_channel_than_the_plans_does_not_keep_its_addressee(
    scenario, shipped
):
    """The plan words the addressee and the legal basis for the channel it chose (Google's
    portal, the provider's policy): a preservation the user sends through the 24/7 Network
    instead asks for its own, rather than going out addressed to the portal under the
    provider's policy."""
    planned = from_scenario(scenario, "preservation", shipped)
    assert planned.channel == "direct_provider" and "Google LLC" in planned.addressee
    scenario["draft"] = {"channel": "network_247"}
    draft = from_scenario(scenario, "preservation", shipped)
    assert draft.channel == "network_247"
    missing = {f.element for f in check(draft) if f.blocking}
    assert {"addressee", "legal_basis"} <= missing
    assert "Google LLC" not in to_text(compose(draft), ("en",))
    scenario["draft"] = {"channel": "network_247", "addressee": "CCIPS, 24/7 point of contact"}
    assert from_scenario(scenario, "preservation", shipped).addressee.startswith("CCIPS")
    scenario["draft"] = {"channel": "direct_provider"}  # the plan's own channel keeps its words
    assert from_scenario(scenario, "preservation", shipped).addressee == planned.addressee


@pytest.mark.parametrize("languages", LANGUAGES, ids=lambda v: "+".join(v))
def test_a_requested_state_not_known_is_not_shown_as_a_question_mark(complete, shipped, languages):
    """A provider whose country is not on record (Telegram) leaves the requested state unknown:
    the document names the requesting state alone instead of 'Azerbaijan → ?', a gap no check
    reports and the receiver reads as a draft's leftover."""
    draft = replace(from_scenario(complete, "disclosure", shipped), requested_country="")
    text = to_text(compose(draft), languages)
    assert "→ ?" not in text
    if "en" in languages:
        assert "Requesting state: Georgia\n" in text
    if "ru" in languages:
        assert "Запрашивающее государство: Грузия\n" in text


def test_the_russian_extension_extends_the_preservation_not_the_request(complete, shipped):
    """In Russian one extends the time the data are kept (срок сохранности), not the request
    («продление запроса» reads as asking to prolong a letter); the reasons for urgency are
    a field's label, not half a sentence."""
    draft = replace(from_scenario(complete, "extension", shipped), urgent=True,
                    urgency_reasons="Срок сохранности истекает 10 декабря.")  # fmt: skip
    russian = to_text(compose(draft), ("ru",))
    unnamed = to_text(compose(replace(draft, previous=Previous())), ("ru",))
    assert "Статус запроса: Продление срока сохранности данных по запросу № G-LERS-2291" in russian
    assert "Продление срока сохранности данных по ранее направленному запросу" in unnamed
    assert "Продление запроса" not in russian + unnamed
    assert "Основания срочности: Срок сохранности истекает 10 декабря.\n" in russian


def test_the_penalty_says_it_is_a_term_of_deprivation_of_liberty(complete, shipped):
    """The years are the longest term of deprivation of liberty the offence carries, the
    measure the requested side checks gravity by (a 'serious crime' under the Palermo
    Convention, art. 2(b)); 'Maximum penalty: up to 5 years' leaves it asking 'of what?'."""
    document = compose(from_scenario(complete, "mla_stored", shipped))
    assert "Maximum deprivation of liberty: up to 6 years" in to_text(document, ("en",))
    assert "Максимальный срок лишения свободы: до 6 лет" in to_text(document, ("ru",))


def test_a_letter_s_dates_are_written_as_each_language_writes_them(complete, shipped):
    """The request's date and the earlier request's read '1 October 2026' and its Russian long
    form, as an official letter writes them, not 2026-10-01 in the Russian text; the data's
    periods keep their time to the second, the date in figures as each language writes it:
    the ISO form in English, the day first in Russian («31.08.2026 20:00:00»)."""
    draft = from_scenario(complete, "extension", shipped)
    english, russian = to_text(compose(draft), ("en",)), to_text(compose(draft), ("ru",))
    day = complete["as_of"]
    assert f"Date: {day.day} {day:%B %Y}\n" in english
    assert "Earlier request: 1 October 2026, G-LERS-2291" in english
    assert "Ранее направленный запрос: 1 октября 2026 г., G-LERS-2291" in russian  # noqa: RUF001
    assert "от 1 октября 2026 г." in russian and "2026-10-01" not in russian  # noqa: RUF001
    assert "2026-08-31 20:00:00" in english and "2026-08-31" not in russian
    assert "31.08.2026 20:00:00 \u2013 " in russian and "+04:00 (Asia/Tbilisi)" in russian
    typed = replace(draft, previous=replace(draft.previous, date="01/10/2026"))
    assert "Earlier request: 01/10/2026, G-LERS-2291" in to_text(compose(typed), ("en",))


@pytest.mark.parametrize("kind", ["disclosure", "mla_stored"])
def test_a_request_following_a_preservation_whose_reference_is_missing_is_blocked(
    scenario, shipped, kind
):
    """The data were preserved, but the history keeps no reference or date of it: the request
    that should have them disclosed cannot go without them, since the requested side keeps the
    data under that preservation and joins the request to it by its reference. Without any
    earlier request on record the reference is only advised, as before."""
    scenario["targets"][0]["history"] = [
        {"type": "preservation", "channel": "network_247", "sent": "2026-09-10"}
    ]
    draft = from_scenario(scenario, kind, shipped)
    assert draft.previous is not None and not draft.previous.reference
    assert "previous_request" in {f.element for f in check(draft) if f.blocking}
    assert "[MISSING: date and reference of the earlier request]" in to_text(
        compose(draft), ("en",)
    )
    alone = {f.element: f.severity for f in check(replace(draft, previous=None))}
    assert alone.get("previous_request") == "recommended"


def test_an_offence_carrying_no_deprivation_of_liberty_says_so(complete, shipped):
    """A penalty of 0 years (a fine only) reads 'none' under the column of the longest term of
    deprivation of liberty, not 'up to 0 years'."""
    draft = from_scenario(complete, "mla_stored", shipped)
    fined = replace(draft, offences=(Offence(name="Insult", provision="art. 148",
                                             max_penalty_years=0),))  # fmt: skip
    document = compose(fined)
    assert "Maximum deprivation of liberty: none\n" in to_text(document, ("en",))
    assert "Максимальный срок лишения свободы: не предусмотрено\n" in to_text(document, ("ru",))


COMMISSION_RU = "Поручение об оказании правовой помощи по уголовному делу\n"  # noqa: RUF001


def _cis_case(complete: dict) -> dict:
    """Armenia asks Russia for a Yandex mailbox: the plan's MLA step is under the 2002 Chisinau
    Convention; the rest of the complete draft, without its Budapest basis and addressee."""
    scenario = yaml.safe_load((SCENARIO.parent / "40-am-yandex-chisinau.yaml").read_text())
    scenario["case"]["reference"] = "AM-2026-178"
    scenario["draft"] = {k: v for k, v in complete["draft"].items()
                         if k not in {"legal_basis", "addressee"}}  # fmt: skip
    return scenario


def test_a_request_under_a_cis_convention_is_titled_a_commission(complete, shipped):
    """The CIS conventions call a request for legal assistance a commission (art. 7 of the
    1993 and 2002 conventions), and the requested side registers it by that title; a request
    for mutual legal assistance is the wording of the Budapest and Palermo conventions, which
    the Georgian request to the US keeps. A commission names the case by its number."""
    draft = from_scenario(_cis_case(complete), "mla_stored", shipped)
    assert draft.instrument == "cis_chisinau_2002"
    for kind in ("mla_stored", "mla_realtime"):
        russian = to_text(compose(replace(draft, type=kind)), ("ru",))
        assert russian.startswith(COMMISSION_RU)
        assert f"\nУголовное дело №: {draft.reference}\n" in russian  # noqa: RUF001
        budapest = to_text(compose(from_scenario(complete, kind, shipped)), ("ru",))
        assert budapest.startswith("Запрос о взаимной правовой помощи")  # noqa: RUF001
        assert "\nНаш номер: " in budapest  # noqa: RUF001
    assert to_text(compose(draft), ("en",)).startswith(
        "Commission for legal assistance in a criminal case\n"
    )
    preservation = from_scenario(_cis_case(complete), "preservation", shipped)
    preserve = "Запрос об оперативном обеспечении"  # noqa: RUF001
    assert to_text(compose(preservation), ("ru",)).startswith(preserve)


def _phone_case(complete: dict, requesting: str, number: str) -> dict:
    """A fraud by telephone: `requesting` asks for the subscriber of a number abroad."""
    scenario = copy.deepcopy(complete)
    scenario["requesting_country"] = requesting
    scenario["targets"] = [{"identifier": number, "data": ["subscriber"], "relevance": "Calls.",
                            "period": {"from": "2026-10-01T00:00:00", "to": "2026-10-20T23:59:59",
                                       "tz": "Asia/Almaty"}}]  # fmt: skip
    scenario["draft"] = {k: v for k, v in scenario["draft"].items()
                         if k not in {"legal_basis", "addressee"}}  # fmt: skip
    return scenario


def test_an_authority_on_record_is_named_in_russian_or_flagged(complete, shipped):
    """The requested authority the knowledge base names reads in Russian where it gives its
    Russian name (Tajikistan's General Prosecutor's Office); one named in English alone (the
    Georgian Ministry of Justice) is marked for translation in the Russian document and named
    by the check, instead of going out in English unnoticed."""
    tajik = from_scenario(_phone_case(complete, "KZ", "+992900000000"), "mla_stored", shipped)
    russian = to_text(compose(tajik), ("ru",))
    assert "Адресат: Генеральная прокуратура Республики Таджикистан\n" in russian
    assert "General Prosecutor" in to_text(compose(tajik), ("en",))
    georgian = from_scenario(_phone_case(complete, "AM", "+995599000000"), "mla_stored", shipped)
    russian = to_text(compose(georgian), ("ru",))
    addressee = next(line for line in russian.splitlines() if line.startswith("Адресат:"))
    assert "Ministry of Justice of Georgia" in addressee
    assert addressee.endswith("[требуется перевод]")
    assert "[translation needed]" not in to_text(compose(georgian), ("en",))
    details = [f.detail for f in check(georgian, ("ru",)) if f.element == "needs_translation"]
    assert "addressee → Russian" in details
    assert not [f for f in check(tajik, ("ru",)) if "addressee" in (f.detail or "")]


def test_a_commission_under_a_cis_convention_names_the_persons_it_concerns(complete, shipped):
    """A commission under the CIS conventions states the persons it concerns (Chisinau art.
    7(1)(g): name, birth, residence, citizenship, occupation), or the requested side returns
    it: without them it is held back, with them they come before the facts; a request under
    the Budapest Convention is not asked for them."""
    draft = replace(from_scenario(_cis_case(complete), "mla_stored", shipped), persons="")
    assert "persons" in {f.element for f in check(draft) if f.blocking}
    assert "[MISSING: persons concerned]" in to_text(compose(draft), ("en",))
    named = replace(draft, persons="Не установлены.")  # noqa: RUF001
    assert "persons" not in {f.element for f in check(named)}
    russian = to_text(compose(named), ("ru",))
    persons = "Лица, в отношении которых запрашивается правовая помощь: Не установлены.\n"  # noqa: RUF001
    assert persons in russian
    assert russian.index(persons) < russian.index("Краткое изложение фактов")
    budapest = replace(from_scenario(complete, "mla_stored", shipped), persons="")
    assert "persons" not in {f.element for f in check(budapest)}
    assert "Persons concerned" not in to_text(compose(budapest), ("en",))


def test_the_damage_the_case_records_is_stated(complete, shipped):
    """A commission under the CIS conventions states the damage the offence caused, where it
    caused one; the case records it, and the request now says it in each language's figures."""
    draft = from_scenario(_cis_case(complete), "mla_stored", shipped)  # 18 000 USD
    assert "Damage caused: 18,000 USD\n" in to_text(compose(draft), ("en",))
    assert "Размер причинённого ущерба: 18\u00a0000 USD\n" in to_text(compose(draft), ("ru",))
    cents = replace(draft, damages_amount=Decimal("18000.50"))
    assert "Damage caused: 18,000.5 USD\n" in to_text(compose(cents), ("en",))
    none = replace(draft, damages_amount=None, damages_currency="")
    assert "Damage caused" not in to_text(compose(none), ("en",))
