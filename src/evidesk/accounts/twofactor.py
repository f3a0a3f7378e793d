"""Time-based one-time passwords (RFC 6238) and recovery codes. No Django: pure functions."""

from __future__ import annotations

import secrets
from datetime import datetime

import pyotp
import segno

ISSUER = "evidesk"
STEP_SECONDS = 30
# One step either side: phone clocks drift, and typing a code takes time.
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, account: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The enrolment QR code as an SVG element (no script, so the strict CSP allows it)."""
    return segno.make(uri, error="m").svg_inline(scale=4, omitsize=False)


def clean_code(code: str) -> str:
    return "".join(ch for ch in (code or "") if not ch.isspace() and ch != "-").lower()


def accepted_step(secret: str, code: str, last_step: int, at: datetime) -> int | None:
    """The time step the code belongs to, or None if it is wrong, stale or already used."""
    code = clean_code(code)
    if not secret or len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = int(at.timestamp()) // STEP_SECONDS
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if step > last_step and secrets.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def new_recovery_codes() -> list[str]:
    return [
        "-".join("".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(5)) for _ in range(2))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
