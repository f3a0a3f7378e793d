"""The addresses every page's frame links to, worked out once per process."""

from functools import cache

from django.urls import get_script_prefix, reverse

FRAME_LINKS = ("home", "set_language", "two-factor", "logout", "login")


def frame_links(request) -> dict:
    """`links`: the frame's addresses, the same on every page (Django composes an address in
    about 50 µs, and every page showed four)."""
    return {"links": _links(get_script_prefix())}


@cache
def _links(prefix: str) -> dict[str, str]:
    """The addresses under `prefix`, where the installation is served (SCRIPT_NAME)."""
    return {name.replace("-", "_"): reverse(name) for name in FRAME_LINKS}
