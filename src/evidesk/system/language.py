"""Messages and labels in the reader's language: the pure cores' messages, and the labels of
models' choices."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext

from evidesk.wording import Wording


def translated(message: str) -> str:
    """`message` in the active language when a core worded it (`evidesk.wording`); any other
    text as it is."""
    if not isinstance(message, Wording):
        return message
    text = gettext(message.msgid)
    return text % message.values if message.values else text


def display_of(field: str, choices) -> Callable[[object], str]:
    """`get_<field>_display` as Django makes it, without building a dict of every translated
    choice at each call (0.3 ms): list pages call it hundreds of times."""
    labels = dict(choices)

    def display(self) -> str:
        value = getattr(self, field)
        return str(labels.get(value, value))

    return display
