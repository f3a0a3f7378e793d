"""The pure cores' messages: English as text, the reader's language on the pages."""

import json

from django.utils import translation

from evidesk.knowledge.resolver import resolve
from evidesk.system.language import translated
from evidesk.wording import Wording


def test_a_worded_message_reads_as_english_text_anywhere():
    message = Wording("port %(port)s is out of range (1 to 65535)", port="70000")
    assert message == "port 70000 is out of range (1 to 65535)"
    assert json.loads(json.dumps({"error": message})) == {"error": message}
    assert (message.msgid, message.values) == (
        "port %(port)s is out of range (1 to 65535)",
        {"port": "70000"},
    )


def test_the_pages_translate_it_with_its_values():
    error = resolve("1.2.3.4:70000").error
    with translation.override("ru"):
        assert translated(error) == "порт 70000 вне допустимого диапазона (от 1 до 65535)"
    with translation.override("en"):
        assert translated(error) == "port 70000 is out of range (1 to 65535)"
    with translation.override("ru"):
        assert translated("not worded by a core") == "not worded by a core"


def test_a_message_is_translated_into_the_language_asked_for_whichever_is_active():
    error = resolve("1.2.3.4:70000").error
    with translation.override("en"):
        assert translated(error, "ru") == "порт 70000 вне допустимого диапазона (от 1 до 65535)"
    with translation.override("ru"):
        assert translated(error, "en") == "port 70000 is out of range (1 to 65535)"
