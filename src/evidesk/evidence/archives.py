"""Looking inside received ZIP archives without trusting them. Pure.

Nothing is extracted blindly: every member is listed with what is wrong with it (a path that
climbs out of the folder, an absolute path, a link, encryption, a suspicious compression ratio),
the archive as a whole is checked against a total size limit (zip bombs), and a member is read
only as far as its declared size, whatever its headers claim.

An archive is given as a path or as a seekable binary file (a kept file from any store). The
problems are messages (`evidesk.wording`): English where read as text, and the pages word them in
the reader's language; they are worked out again at each look, never stored.
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from evidesk.wording import Wording as _
from evidesk.wording import series

Archive = Path | BinaryIO

CHUNK = 1024 * 1024
# The compression methods Python's zipfile reads. Others (Deflate64, which Windows uses for large
# archives; PPMd) are listed as a problem rather than failing when the member is taken out.
READABLE_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
# A file's type as its Unix mode gives it: none (archives made on Windows), a file or a folder.
ORDINARY_KINDS = {0, stat.S_IFREG, stat.S_IFDIR}


@dataclass(frozen=True)
class Limits:
    max_ratio: float = 100.0  # uncompressed / compressed, per member
    max_total: int = 20 * 1024**3  # bytes the whole archive may unpack to
    max_members: int = 100_000


@dataclass(frozen=True)
class Member:
    name: str
    size: int
    compressed: int
    problems: tuple[str, ...] = ()
    is_dir: bool = False

    @property
    def extractable(self) -> bool:
        return not self.problems and not self.is_dir


@dataclass(frozen=True)
class Listing:
    members: tuple[Member, ...]
    problems: tuple[str, ...]  # about the archive as a whole

    @property
    def total_size(self) -> int:
        return sum(m.size for m in self.members)


def is_zip(archive: Archive) -> bool:
    return zipfile.is_zipfile(archive)


def _member_problems(info: zipfile.ZipInfo, limits: Limits) -> list[str]:
    problems = []
    name = info.filename.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        problems.append(_("absolute path"))
    if ".." in PurePosixPath(name).parts:
        problems.append(_("path climbs out of the archive (..)"))
    kind = stat.S_IFMT(info.external_attr >> 16)
    if kind == stat.S_IFLNK:
        problems.append(_("symbolic link"))
    elif kind not in ORDINARY_KINDS:
        problems.append(_("a device or other special file, not an ordinary file"))
    if info.compress_type not in READABLE_METHODS:
        problems.append(_("compressed with a method evidesk cannot read (method %(method)d)",
                          method=info.compress_type))  # fmt: skip
    if info.flag_bits & 0x1:
        problems.append(_("encrypted"))
    if info.compress_size and info.file_size / info.compress_size > limits.max_ratio:
        # Whole numbers without separators: "1,024" would read as a fraction in Russian.
        ratio = round(info.file_size / info.compress_size)
        problems.append(_("compression ratio %(ratio)d:1 (possible zip bomb)", ratio=ratio))
    if any(ord(ch) < 0x20 for ch in name):
        problems.append(_("control characters in the name"))
    return problems


def list_zip(archive: Archive, limits: Limits = Limits()) -> Listing:
    try:
        with zipfile.ZipFile(archive) as opened:
            infos = opened.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return Listing((), (_("not a readable ZIP archive: %(error)s", error=str(exc)),))
    problems = []
    if len(infos) > limits.max_members:
        problems.append(_("%(count)d members (more than %(limit)d)", count=len(infos),
                          limit=limits.max_members))  # fmt: skip
    members = tuple(
        Member(
            name=info.filename,
            size=info.file_size,
            compressed=info.compress_size,
            problems=tuple(_member_problems(info, limits)),
            is_dir=info.is_dir(),
        )
        for info in infos[: limits.max_members]
    )
    total = sum(m.size for m in members)
    if total > limits.max_total:
        problems.append(_(
            "would unpack to %(total)d bytes (more than %(limit)d): possible zip bomb",
            total=total, limit=limits.max_total,
        ))  # fmt: skip
    names = [m.name for m in members]
    if len(set(names)) != len(names):
        problems.append(_("the same name appears twice"))
    return Listing(members, tuple(problems))


class Refused(ValueError):
    """A member that is not taken out, and why (a message, `evidesk.wording`)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_member(
    archive: Archive, name: str, listing: Listing | None = None, limits: Limits = Limits()
) -> Iterator[bytes]:
    """The member's bytes, refused if it is not safe to take out or grows past its declared
    size (a lying header)."""
    listing = listing or list_zip(archive, limits)
    member = next((m for m in listing.members if m.name == name), None)
    if member is None:
        raise Refused(_("%(name)s: not in the archive", name=name))
    if listing.problems or not member.extractable:
        reasons = series(list(listing.problems + member.problems)) or _("a folder")
        raise Refused(_("%(name)s: not taken out (%(reasons)s)", name=name, reasons=reasons))
    try:
        with zipfile.ZipFile(archive) as opened, opened.open(name) as stream:
            read = 0
            while chunk := stream.read(CHUNK):
                read += len(chunk)
                if read > member.size:
                    raise Refused(_("%(name)s is larger than its header says", name=name))
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        # A damaged archive (a download cut short, a bad checksum) is named, not a crash.
        raise Refused(_("%(name)s is damaged and cannot be read (%(error)s)", name=name,
                        error=str(exc))) from exc  # fmt: skip
