"""The hashes a sender gives with a production, read without trusting their layout. Pure.

A sender gives either one hash (for the one file sent) or a list, a hash per file beside its
name, as `sha256sum`/`md5sum` write it (`HASH  name`), as BSD tools write it
(`SHA256 (name) = HASH`), or as a spreadsheet does (`name,HASH`). Each file received, or taken
out of an archive received, is then compared with the hash listed for its name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from evidesk.wording import Wording as _

# A hash is known by its length: the three that senders give.
ALGORITHMS = {64: "sha256", 40: "sha1", 32: "md5"}
_HEX = re.compile(r"(?<![0-9A-Fa-f])[0-9A-Fa-f]{32,}(?![0-9A-Fa-f])")
_BSD = re.compile(r"^[A-Za-z0-9-]+\s*\((?P<name>.*)\)\s*=\s*$")
_SEPARATORS = " \t,;*"


class Unreadable(ValueError):
    """The hashes given cannot be read; `message` says which line and why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SenderHashes:
    lone: str = ""  # one hash, given without a name
    by_name: dict[str, str] = field(default_factory=dict)  # name as listed → hash

    def for_name(self, name: str) -> str:
        """The hash listed for a file (its path inside an archive, or its own name), or ""."""
        wanted = _normalised(name)
        if wanted in self.by_name:
            return self.by_name[wanted]
        # A list made by the sender may give names without their folder, or the reverse.
        base = PurePosixPath(wanted).name
        found = {h for listed, h in self.by_name.items() if PurePosixPath(listed).name == base}
        return found.pop() if len(found) == 1 else ""


def compared_names(
    given: SenderHashes, names: list[str], files: list[str]
) -> tuple[list[str], list[str]]:
    """What the sender's list and what arrived disagree on: the names it lists that match none
    of `names` (an archive's members and the production's other files), and the `files` (the
    archive's members) it does not list. A file the sender listed but did not send, or sent
    without listing, is for the prosecutor to ask about."""
    present = {_normalised(name) for name in names}
    bases = {PurePosixPath(name).name for name in present}
    # A name without its folder, on the list or as received, stands for that name in any folder;
    # account-2/messages.csv is not received because account-1/messages.csv was.
    unfoldered = {name for name in present if "/" not in name}
    missing = [name for name in given.by_name if name not in present
               and (name not in bases if "/" not in name
                    else PurePosixPath(name).name not in unfoldered)]  # fmt: skip
    unlisted = [name for name in files if not given.for_name(name)]
    return missing, unlisted


def algorithm_of(digest: str) -> str:
    return ALGORITHMS[len(digest)]


def read(text: str) -> SenderHashes:
    """The hashes in what the sender gave; Unreadable if a line holds no hash, or a hash of a
    length no algorithm has."""
    # A list copied out of a file saved on Windows may begin with its byte-order mark.
    lines = [line.strip() for line in (text or "").removeprefix("\ufeff").splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    if len(lines) == 1 and not any(ch in lines[0] for ch in _SEPARATORS + "()="):
        return SenderHashes(lone=_checked(lines[0]))
    by_name: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        found = _hashes_in(line)
        if not found and number == 1 and len(lines) > 1:
            continue  # a spreadsheet's header ("file,sha256")
        if len(found) != 1:
            raise Unreadable(_("Line %(number)d of the sender's hashes does not hold one hash "
                               "beside a file name.", number=number))  # fmt: skip
        name = _name_in(line[: found[0].start()] + line[found[0].end() :])
        if not name:
            raise Unreadable(_("Line %(number)d of the sender's hashes gives no file name. "
                               "With several hashes, give each beside its file's name.",
                               number=number))  # fmt: skip
        digest = _checked(found[0].group())
        if by_name.setdefault(name, digest) != digest:  # which one would be the file's?
            raise Unreadable(_("Line %(number)d of the sender's hashes gives %(name)s a second, "
                               "different hash.", number=number, name=name))  # fmt: skip
    return SenderHashes(by_name=by_name)


def _hashes_in(line: str) -> list[re.Match]:
    """The runs of hexadecimal in a line that may be its hash. A file may be named by a hash of
    its own (3f7868….jpg, as many services name media): then the sender's hash is the run
    standing apart at the line's start (sha256sum) or end (BSD tools, "name,hash")."""
    found = list(_HEX.finditer(line))
    if len(found) < 2:
        return found
    apart = _SEPARATORS + "()="
    return [m for m in found
            if (m.start() == 0 and (m.end() == len(line) or line[m.end()] in apart))
            or (m.end() == len(line) and line[m.start() - 1] in apart)]  # fmt: skip


def _checked(digest: str) -> str:
    digest = digest.lower()
    if len(digest) not in ALGORITHMS or not _HEX.fullmatch(digest):
        raise Unreadable(_("Give the sender's hash as SHA-256, SHA-1 or MD5 in hexadecimal "
                           "(64, 40 or 32 characters)."))  # fmt: skip
    return digest


def _name_in(rest: str) -> str:
    bsd = _BSD.match(rest.strip())
    return _normalised(bsd.group("name") if bsd else rest.strip(_SEPARATORS))


def _normalised(name: str) -> str:
    # One spelling of each letter: a list written on a Mac decomposes "й" into two characters.
    name = unicodedata.normalize("NFC", name.strip().strip('"')).replace("\\", "/")
    while name.startswith("./"):
        name = name[2:]
    return name
