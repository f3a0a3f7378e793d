"""Recognise what an identifier is, put it in one normal form, and name its provider.

Pure: a string (and optionally the knowledge-base snapshot, a platform and the requesting
country for local phone numbers) in, a Resolution out. Never raises on user input: anything it
cannot read comes back with `error` set, worded for the person who typed it.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import phonenumbers

from evidesk.knowledge.snapshot import KnowledgeSnapshot
from evidesk.wording import Wording as _

MAX_LENGTH = 512

KINDS = (
    "email",
    "phone",
    "url",
    "account",
    "handle",
    "ip",
    "domain",
    "crypto_address",
    "imei",
    "provider_account",
)

NOT_RECOGNISED = _(
    "not a recognisable identifier: expected an e-mail, phone number (+country code), URL, "
    "@handle, IP address, domain, crypto address, IMEI or provider:kind:value"
)


@dataclass
class Resolution:
    input: str
    kind: str | None = None
    normalized: str | None = None
    provider: str | None = None
    provider_country: str | None = None
    error: str | None = None
    notes: list[str] = field(default_factory=list)
    details: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {**vars(self), "notes": list(self.notes), "details": dict(self.details)}


def resolve(
    text: str,
    snapshot: KnowledgeSnapshot | None = None,
    platform: str | None = None,
    default_region: str | None = None,
) -> Resolution:
    raw = text if isinstance(text, str) else ""
    result = Resolution(input=raw)
    problem = _unusable(raw)
    if problem:
        result.error = problem
        return result
    value = unicodedata.normalize("NFC", raw.strip())
    for reader in (
        _provider_account,
        _ip,
        _email,
        _crypto,
        _imei,
        _phone,
        _url,
        _handle,
        _domain,
    ):
        if reader(value, result, snapshot, platform, default_region):
            break
    else:
        result.error = NOT_RECOGNISED
    if result.error:
        result.kind = result.normalized = result.provider = result.provider_country = None
    elif result.provider and snapshot and not result.provider_country:
        result.provider_country = snapshot.provider_country(result.provider)
    return result


def _unusable(raw: str) -> str | None:
    if not raw.strip():
        return _("empty: type the e-mail, phone, URL, address or account to look up")
    if len(raw) > MAX_LENGTH:
        return _(
            "too long (%(length)d characters; at most %(most)d)", length=len(raw), most=MAX_LENGTH
        )
    if any(unicodedata.category(ch) in {"Cc", "Cf"} for ch in raw.strip()):
        return _("contains invisible or control characters; retype it by hand")
    return None


# --- readers: each returns True when the text is of its kind (even if then found invalid) ---


def _provider_account(value, result, snapshot, platform, region) -> bool:
    # The account may be a phone number in its international form (kaspi:phone:+77015554433).
    match = re.fullmatch(r"([a-z0-9_]+):([a-z0-9_]+):(\+?[A-Za-z0-9_.\-@]{1,200})", value)
    if not match or match.group(1) in {"http", "https", "mailto", "tel"}:
        return False
    name, account_kind, account = match.groups()
    result.kind = "provider_account"
    result.provider = snapshot.provider_for_name(name) if snapshot else None
    result.normalized = f"{result.provider or name}:{account_kind}:{account}"
    result.details = {"account_kind": account_kind, "account": account}
    if snapshot and not result.provider:
        result.notes.append(_("provider %(name)s is not in the knowledge base", name=repr(name)))
    return True


def _ip(value, result, snapshot, platform, region) -> bool:
    address, port = value, None
    bracketed = re.fullmatch(r"\[([0-9A-Fa-f:.]+)\](?::(\d{1,5}))?", value)
    if bracketed:
        address, port = bracketed.group(1), bracketed.group(2)
    elif re.fullmatch(r"[0-9.]+:\d{1,5}", value):
        address, port = value.rsplit(":", 1)
    elif not re.fullmatch(r"[0-9A-Fa-f:.]+", value) or not re.search(r"[.:]", value):
        return False
    if not re.search(r"\d", address) or (":" not in address and address.count(".") != 3):
        return False
    result.kind = "ip"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        result.error = _(
            "%(address)r is not a valid IP address (each IPv4 part is 0 to 255)", address=address
        )
        return True
    if port is not None and not 0 < int(port) < 65536:
        result.error = _("port %(port)s is out of range (1 to 65535)", port=port)
        return True
    compact = ip.compressed
    if port is None:
        result.normalized = compact
    else:
        result.normalized = (
            f"[{compact}]:{int(port)}" if ip.version == 6 else f"{compact}:{int(port)}"
        )
    result.details = {
        "version": ip.version,
        "address": compact,
        "port": int(port) if port else None,
    }
    local = ip.is_private or ip.is_loopback or ip.is_link_local or ip in _SHARED_NET
    if local and not _documentation_range(ip):
        result.details["local"] = True
        result.notes.append(
            _(
                "a private, shared (carrier-grade NAT) or local address: it identifies nobody "
                "outside its own network; ask for the public address the provider logged"
            )
        )
    return True


# Shared address space of carriers behind carrier-grade NAT (RFC 6598), private like RFC 1918's.
_SHARED_NET = ipaddress.ip_network("100.64.0.0/10")


_DOC_NETS = [
    ipaddress.ip_network(n)
    for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")
]


def _documentation_range(ip) -> bool:
    return any(ip in net for net in _DOC_NETS if net.version == ip.version)


def _email(value, result, snapshot, platform, region) -> bool:
    if value.lower().startswith("mailto:"):
        value = value[7:]
    if value.count("@") != 1 or value.startswith("@"):
        return False
    local, domain = value.rsplit("@", 1)
    if "/" in value or " " in value:
        return False
    result.kind = "email"
    if not local or len(local) > 64 or not re.fullmatch(r"[^\s@\"(),:;<>\[\]\\]+", local):
        result.error = _("the part before @ is not a valid mailbox name")
        return True
    host = _host(domain, result)
    if host is None:
        return True
    result.normalized = f"{local.lower()}@{host}"
    result.details = {"domain": host}
    _lookalike(local, result)
    if snapshot:
        result.provider = snapshot.provider_for_host(host)
    return True


_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"


def _host(text: str, result: Resolution) -> str | None:
    """A lower-case ASCII host name, or None with result.error set."""
    text = text.strip().rstrip(".").lower()
    labels = text.split(".")
    if len(labels) < 2 or any(not label for label in labels):
        result.error = _(
            "%(host)r is not a domain name (it needs a dot, like example.com)", host=text
        )
        return None
    _lookalike(text, result)
    try:
        ascii_host = text.encode("idna").decode("ascii")
    except UnicodeError:
        result.error = _("%(host)r is not a valid domain name", host=text)
        return None
    if not re.fullmatch(rf"{_LABEL}(\.{_LABEL})+", ascii_host) or len(ascii_host) > 253:
        result.error = _("%(host)r is not a valid domain name", host=text)
        return None
    if not re.search(r"[a-z]", ascii_host.rsplit(".", 1)[1]):
        result.error = _("%(host)r is not a domain name", host=text)
        return None
    if ascii_host != text:
        result.details["unicode_host"] = text
    return ascii_host


def _lookalike(text: str, result: Resolution) -> bool:
    scripts = {_script(ch) for ch in text if ch.isalpha()} - {None}
    if "LATIN" in scripts and len(scripts) > 1:
        note = _(
            "mixes Latin with %(scripts)s letters that look alike: check it letter by letter "
            "(possible look-alike)",
            scripts="/".join(sorted(s.title() for s in scripts - {"LATIN"})),
        )
        if note not in result.notes:
            result.notes.append(note)
        return True
    return False


def _script(ch: str) -> str | None:
    try:
        return unicodedata.name(ch).split()[0]
    except ValueError:
        return None


# Crypto-asset addresses: checksums verified where the standard library allows it.
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _crypto(value, result, snapshot, platform, region) -> bool:
    if re.fullmatch(r"0x[0-9a-fA-F]{40}", value):
        result.kind, result.normalized = "crypto_address", value.lower()
        result.details = {"network": "ethereum"}
        if value[2:] != value[2:].lower() and value[2:] != value[2:].upper():
            result.notes.append(_("mixed-case (EIP-55) checksum not verified here"))
        return True
    if re.fullmatch(r"(bc1|BC1)[0-9A-Za-z]{8,87}", value):
        result.kind = "crypto_address"
        if not _bech32_valid(value.lower()):
            result.error = _("not a valid Bitcoin bech32 address (checksum fails)")
        else:
            result.normalized, result.details = value.lower(), {"network": "bitcoin"}
        return True
    if re.fullmatch(r"[13][1-9A-HJ-NP-Za-km-z]{25,34}", value):
        return _base58_address(value, result, {0x00, 0x05}, "bitcoin")
    if re.fullmatch(r"T[1-9A-HJ-NP-Za-km-z]{33}", value):
        return _base58_address(value, result, {0x41}, "tron")
    return False


def _base58_address(value: str, result: Resolution, versions: set[int], network: str) -> bool:
    result.kind = "crypto_address"
    number = 0
    for ch in value:
        number = number * 58 + _B58.index(ch)
    payload = number.to_bytes(25, "big") if number.bit_length() <= 200 else b""
    body, checksum = payload[:-4], payload[-4:]
    if (
        len(payload) != 25
        or hashlib.sha256(hashlib.sha256(body).digest()).digest()[:4] != checksum
        or body[0] not in versions
    ):
        result.error = _(
            "not a valid %(network)s address (checksum fails)", network=network.title()
        )
        return True
    result.normalized, result.details = value, {"network": network}
    return True


def _bech32_valid(address: str) -> bool:
    hrp, _separator, data = address.rpartition("1")
    if not hrp or len(data) < 6 or any(ch not in _BECH32 for ch in data):
        return False
    values = [ord(ch) >> 5 for ch in hrp] + [0] + [ord(ch) & 31 for ch in hrp]
    values += [_BECH32.index(ch) for ch in data]
    checksum = 1
    for value in values:
        top = checksum >> 25
        checksum = (checksum & 0x1FFFFFF) << 5 ^ value
        for i, gen in enumerate((0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)):
            checksum ^= gen if (top >> i) & 1 else 0
    return checksum in (1, 0x2BC830A3)  # bech32 (segwit v0) or bech32m (v1+)


def _imei(value, result, snapshot, platform, region) -> bool:
    digits = re.sub(r"[\s-]", "", value)
    if not re.fullmatch(r"\d{15}", digits) or value.startswith("+"):
        return False
    result.kind = "imei"
    if not _luhn(digits):
        result.error = _(
            "15 digits, but the IMEI check digit is wrong (a phone number needs a leading + "
            "and its country code)"
        )
        return True
    result.normalized, result.details = digits, {"tac": digits[:8]}
    return True


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _phone(value, result, snapshot, platform, region) -> bool:
    compact = re.sub(r"[\s().-]", "", value)
    if compact.lower().startswith("tel:"):
        compact = compact[4:]
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if not re.fullmatch(r"\+?\d{6,17}", compact):
        return False
    if not compact.startswith("+") and not region:
        return False
    result.kind = "phone"
    try:
        number = phonenumbers.parse(compact, None if compact.startswith("+") else region)
    except phonenumbers.NumberParseException:
        result.error = _("not a valid phone number")
        return True
    if not phonenumbers.is_valid_number(number):
        result.error = _("not a valid phone number for its country code")
        return True
    country = phonenumbers.region_code_for_number(number)
    country = country if country and country != "001" else None
    result.normalized = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    result.details = {"country": country, "type": _phone_type(number)}
    # A number that logs in to a platform (Telegram, WhatsApp) is that platform's account: the
    # platform holds its data wherever the number was issued.
    result.provider = (
        snapshot.provider_for_name(platform) or None if snapshot and platform else None
    )
    if result.provider is None:
        result.provider_country = country
        result.notes.append(
            _("the operator is found from the number's country; a number may have been ported")
        )
    return True


def _phone_type(number) -> str:
    kind = phonenumbers.number_type(number)
    return {
        phonenumbers.PhoneNumberType.MOBILE: "mobile",
        phonenumbers.PhoneNumberType.FIXED_LINE: "fixed_line",
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed_line_or_mobile",
        phonenumbers.PhoneNumberType.VOIP: "voip",
    }.get(kind, "other")


# Paths that name a page of the platform rather than an account.
_NOT_ACCOUNTS = {
    "",
    "p",
    "reel",
    "reels",
    "watch",
    "explore",
    "search",
    "share",
    "s",
    "status",
    "hashtag",
    "login",
    "home",
    "settings",
    "help",
    "legal",
    "policies",
    "groups",
}


def _url(value, result, snapshot, platform, region) -> bool:
    candidate = value if re.match(r"(?i)https?://", value) else None
    if candidate is None and re.fullmatch(r"[^\s/@]+\.[^\s/@]+/\S*", value):
        candidate = "https://" + value
    if candidate is None:
        return False
    try:
        parts = urlsplit(candidate)
        port = parts.port
    except ValueError:
        result.kind, result.error = "url", _("not a valid web address")
        return True
    result.kind = "url"
    host = _ip_host(parts.hostname or "") or _host(parts.hostname or "", result)
    if host is None:
        return True
    bare = host[4:] if host.startswith("www.") else host[2:] if host.startswith("m.") else host
    path = re.sub(r"/+$", "", parts.path)
    result.provider = snapshot.provider_for_host(bare) if snapshot else None
    account = _account_from_path(path, parts.query)
    netloc = bare + (f":{port}" if port else "")
    if result.provider and account:
        result.kind = "account"
        result.details = {"account": account, "host": bare}
        query = f"?id={account}" if path.endswith("profile.php") else ""
        result.normalized = f"https://{netloc}{path}{query}"
    else:
        query = f"?{parts.query}" if parts.query else ""
        result.normalized = f"{parts.scheme.lower()}://{netloc}{path or '/'}{query}"
        result.details = {"host": bare}
    return True


def _ip_host(text: str) -> str | None:
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return None
    return f"[{ip.compressed}]" if ip.version == 6 else ip.compressed


def _account_from_path(path: str, query: str) -> str | None:
    if path.endswith("profile.php"):
        ids = parse_qs(query).get("id", [])
        return ids[0] if ids and ids[0].isdigit() else None
    segments = [s for s in path.split("/") if s]
    if len(segments) == 1 and segments[0].lower() not in _NOT_ACCOUNTS:
        return segments[0].lstrip("@")
    return None


def _handle(value, result, snapshot, platform, region) -> bool:
    match = re.fullmatch(r"@([\w.]{1,100})", value)
    if not match:
        return False
    result.kind = "handle"
    name = match.group(1)
    provider = snapshot.provider_for_name(platform) if (snapshot and platform) else None
    if platform and snapshot and not provider:
        result.notes.append(
            _("platform %(name)s is not in the knowledge base", name=repr(platform))
        )
    result.provider = provider
    label = "".join(ch for ch in (platform or "").lower() if ch.isalnum())
    result.normalized = f"{label}:@{name.lower()}" if label else f"@{name.lower()}"
    result.details = {"handle": name}
    if not platform:
        result.notes.append(_("a handle alone does not say which platform: give the platform"))
    _lookalike(name, result)
    return True


def _domain(value, result, snapshot, platform, region) -> bool:
    if not re.fullmatch(r"[^\s/@:]+\.[^\s/@:]+", value):
        return False
    result.kind = "domain"
    host = _host(value, result)
    if host is None:
        return True
    result.normalized = host
    result.provider = snapshot.provider_for_host(host) if snapshot else None
    return True
