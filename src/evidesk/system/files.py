"""Files kept by evidesk (attachments now, evidence later): stored once by their SHA-256 under
the data folder, written through a temporary file so a half-received upload never appears, and
refused past a size limit before anything is kept."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path

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


def store(chunks: Iterable[bytes], limit: int) -> tuple[str, int]:
    """Keep the bytes; return their SHA-256 and size. Nothing is kept if they exceed `limit`."""
    root = store_root()
    root.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    handle, temporary = tempfile.mkstemp(dir=root, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise TooLarge(limit)
                digest.update(chunk)
                out.write(chunk)
        final = path_of(digest.hexdigest())
        final.parent.mkdir(exist_ok=True)
        os.replace(temporary, final)  # same content, same name: storing twice is harmless
        final.chmod(0o600)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return digest.hexdigest(), size


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
