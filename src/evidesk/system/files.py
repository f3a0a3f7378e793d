"""Files kept by evidesk (attachments now, evidence later): stored once by their SHA-256 under
the data folder, written through a temporary file so a half-received upload never appears, and
refused past a size limit before anything is kept."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

CHUNK = 1024 * 1024


class TooLarge(Exception):
    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"The file is larger than the limit of {limit // (1024 * 1024)} MB.")


def store_root() -> Path:
    return Path(settings.DATA_DIR) / "files"


def path_of(sha256: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise ValueError("not a SHA-256 digest")
    return store_root() / sha256[:2] / sha256


@dataclass(frozen=True)
class Stored:
    sha256: str
    size: int
    sha1: str = ""
    md5: str = ""


def store(chunks: Iterable[bytes], limit: int) -> tuple[str, int]:
    """Keep the bytes; return their SHA-256 and size. Nothing is kept if they exceed `limit`."""
    stored = store_hashed(chunks, limit)
    return stored.sha256, stored.size


def store_hashed(
    chunks: Iterable[bytes],
    limit: int | None = None,
    legacy_hashes: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Stored:
    """Write the bytes once, hashing them on the way (SHA-256; SHA-1 and MD5 too when partners
    still ask for them), so a file of any size is read once and never held in memory. The file is
    kept read-only under its SHA-256."""
    root = store_root()
    root.mkdir(parents=True, exist_ok=True)
    hashers = [hashlib.sha256()] + ([hashlib.sha1(), hashlib.md5()] if legacy_hashes else [])  # noqa: S324 (asked for by partners, never trusted alone)
    size = 0
    handle, temporary = tempfile.mkstemp(dir=root, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if limit is not None and size > limit:
                    raise TooLarge(limit)
                for hasher in hashers:
                    hasher.update(chunk)
                out.write(chunk)
                if progress:
                    progress(size)
        digests = [hasher.hexdigest() for hasher in hashers]
        final = path_of(digests[0])
        final.parent.mkdir(exist_ok=True)
        if not final.exists():  # same content, same name: the copy already kept is this one
            os.replace(temporary, final)
            final.chmod(0o400)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return Stored(digests[0], size, *digests[1:])


def exists(sha256: str) -> bool:
    return path_of(sha256).exists()


def open_stored(sha256: str) -> BinaryIO:
    """The kept file, opened for reading; FileNotFoundError if it is no longer in the store."""
    return path_of(sha256).open("rb")


def all_stored() -> Iterator[str]:
    """The SHA-256 of every file in the store (for backups and checks), in no particular order."""
    root = store_root()
    if root.is_dir():
        for path in root.glob("[0-9a-f][0-9a-f]/*"):
            if re.fullmatch(r"[0-9a-f]{64}", path.name):
                yield path.name


def sha256_of(path: Path) -> str:
    """The file's SHA-256, read a chunk at a time (constant memory whatever its size)."""
    digest = hashlib.sha256()
    for chunk in read_chunks(path):
        digest.update(chunk)
    return digest.hexdigest()


def read_chunks(path: Path, chunk_size: int = CHUNK) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        while chunk := handle.read(chunk_size):
            yield chunk


def safe_filename(name: str) -> str:
    """A name to show and to offer on download: no path, no control characters, no tricks with
    right-to-left marks, not empty, not too long."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.strip(" .") or "file"
    stem, dot, extension = name.rpartition(".")
    if dot and len(extension) <= 10:
        return stem[: 200 - len(extension)] + "." + extension
    return name[:200]


def download(sha256: str, filename: str, content_type: str = "application/octet-stream"):
    """A kept file as a download, never shown in the browser (a file from outside may be
    hostile); 404 if it is no longer in the store."""
    from django.http import FileResponse, Http404

    try:
        handle = open_stored(sha256)
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
