"""The pure cores' messages in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext

from evidesk.wording import Wording


def translated(message: str) -> str:
    """`message` in the active language when a core worded it (`evidesk.wording`); any other
    text as it is."""
    if not isinstance(message, Wording):
        return message
    text = gettext(message.msgid)
    return text % message.values if message.values else text
