"""Files kept by evidesk (attachments, evidence, generated documents): stored once by their
SHA-256, in the data folder or in an S3-compatible bucket (EVIDESK_STORAGE, docs/storage.md),
written through a temporary file so a half-received upload never appears, and refused past a
size limit before anything is kept."""

from __future__ import annotations

import hashlib
import io
import logging
import os
import posixpath
import re
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler

from evidesk.config import S3_STORAGE_ALIAS

logger = logging.getLogger("evidesk.files")

CHUNK = 1024 * 1024
INCOMING = ".incoming-"
# A temporary being written is touched by every chunk it receives. One untouched for this long
# belongs to a process that died mid-write; a younger one may be another live server's (several
# may share one store), so it is never removed.
LEFTOVER_AGE = timedelta(hours=3)


class TooLarge(Exception):
    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"The file is larger than the limit of {limit // (1024 * 1024)} MB.")


def store_root() -> Path:
    """The local store's folder (files on disk, and the temporaries of writes in progress)."""
    return Path(settings.DATA_DIR) / "files"


def path_of(sha256: str) -> Path:
    """Where the local store keeps a file (the local store only: use open_stored to read)."""
    return store_root() / _name(sha256)


def _name(sha256: str) -> str:
    """A file's name in either store: `ab/abcd…`, the same on disk and in a bucket, so a store
    is copied to the other as it is (docs/storage.md)."""
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise ValueError("not a SHA-256 digest")
    return f"{sha256[:2]}/{sha256}"


def _bucket():
    """django-storages' S3 storage when files are kept in a bucket; None for the local store."""
    if S3_STORAGE_ALIAS not in settings.STORAGES:
        return None
    from django.core.files.storage import storages

    return storages[S3_STORAGE_ALIAS]


def _key(bucket, sha256: str) -> str:
    return posixpath.join(bucket.location, _name(sha256))


@dataclass(frozen=True)
class Stored:
    sha256: str
    size: int
    sha1: str = ""
    md5: str = ""
    # This write put the bytes in the store (they were not kept already): only such a file may
    # be taken out again when what it was written for fails (see `remove`).
    created: bool = False


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
    hashers = [hashlib.sha256()] + ([hashlib.sha1(), hashlib.md5()] if legacy_hashes else [])  # noqa: S324 (asked for by partners, never trusted alone)
    bucket = _bucket()
    if bucket is not None:
        return _store_in_bucket(bucket, chunks, hashers, limit, progress)
    return _store_on_disk(chunks, hashers, limit, progress)


def _store_in_bucket(bucket, chunks, hashers, limit, progress) -> Stored:
    # A temporary without a name: the system frees it even if this process is killed.
    with tempfile.TemporaryFile(dir=settings.DATA_DIR) as spool:
        stored = _spool(chunks, spool, hashers, limit, progress)
        spool.seek(0)
        # Same content, same key: a copy already there is this one. (Two servers receiving the
        # same bytes at once both upload them; S3 keeps one, identical, object.)
        if not bucket.exists(_name(stored.sha256)):
            bucket.save(_name(stored.sha256), File(spool, stored.sha256))
            stored = replace(stored, created=True)
    return stored


def _store_on_disk(chunks, hashers, limit, progress) -> Stored:
    root = store_root()
    root.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=root, prefix=INCOMING)
    try:
        with os.fdopen(handle, "wb") as out:
            stored = _spool(chunks, out, hashers, limit, progress)
            # On disk before it gets its name: the row that will point at it may be committed
            # the next moment, and must not outlive the bytes after a power cut.
            out.flush()
            os.fsync(out.fileno())
        final = path_of(stored.sha256)
        final.parent.mkdir(exist_ok=True)
        if not final.exists():  # same content, same name: the copy already kept is this one
            os.replace(temporary, final)
            final.chmod(0o400)
            _sync_folder(final.parent)
            stored = replace(stored, created=True)
    finally:
        # A killed process never gets here: remove_leftovers() finds its temporary later.
        if os.path.exists(temporary):
            os.unlink(temporary)
    return stored


def _spool(chunks, out, hashers, limit, progress) -> Stored:
    size = 0
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
    return Stored(digests[0], size, *digests[1:])


def _sync_folder(folder: Path) -> None:
    """Make a new name in the folder durable (POSIX; Windows cannot open a folder)."""
    if os.name == "posix":
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def remove(sha256: str) -> None:
    """Take a kept file out of the store: only one just written for a change that failed, which
    no record points at (kept files are otherwise never removed)."""
    bucket = _bucket()
    if bucket is not None:
        bucket.delete(_name(sha256))
    else:
        path_of(sha256).unlink(missing_ok=True)


def exists(sha256: str) -> bool:
    bucket = _bucket()
    return bucket.exists(_name(sha256)) if bucket else path_of(sha256).exists()


def open_stored(sha256: str) -> BinaryIO:
    """The kept file, opened for reading and seeking; FileNotFoundError if it is no longer in
    the store."""
    bucket = _bucket()
    if bucket is None:
        return path_of(sha256).open("rb")
    client = bucket.connection.meta.client
    return io.BufferedReader(_BucketObject(client, bucket.bucket_name, _key(bucket, sha256)), CHUNK)


def all_stored() -> Iterator[str]:
    """The SHA-256 of every file in the store (for backups and checks), in no particular order."""
    bucket = _bucket()
    if bucket is None:
        root = store_root()
        names = (p.relative_to(root).as_posix() for p in root.glob("??/*")) if root.is_dir() else ()
    else:
        prefix = posixpath.join(bucket.location, "")
        pages = bucket.connection.meta.client.get_paginator("list_objects_v2").paginate(
            Bucket=bucket.bucket_name, Prefix=prefix
        )
        names = (item["Key"][len(prefix) :] for page in pages for item in page.get("Contents", ()))
    for name in names:
        if re.fullmatch(r"([0-9a-f]{2})/\1[0-9a-f]{62}", name):
            yield name[3:]


def remove_leftovers(older_than: timedelta = LEFTOVER_AGE) -> int:
    """Remove the temporaries of writes whose process was killed (they are never a kept file:
    a file is kept only once completely written, by renaming its temporary). Returns how many."""
    root = store_root()
    if not root.is_dir():
        return 0
    removed = 0
    cutoff = time.time() - older_than.total_seconds()
    for path in root.glob(f"{INCOMING}*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            pass  # another server cleaned it up first
        except OSError as exc:
            logger.warning("cannot remove the unfinished write %s: %s", path, exc.strerror)
    return removed


def stored_sha256(sha256: str) -> str:
    """The SHA-256 of the kept file as read back now (to verify it has not changed);
    FileNotFoundError if it is gone."""
    with open_stored(sha256) as handle:
        return sha256_of_stream(handle)


def sha256_of_stream(handle: BinaryIO) -> str:
    """The SHA-256 of what is left to read in an open file, a chunk at a time."""
    return _sha256(iter(lambda: handle.read(CHUNK), b""))


def sha256_of(path: Path) -> str:
    """The file's SHA-256, read a chunk at a time (constant memory whatever its size)."""
    return _sha256(read_chunks(path))


def _sha256(chunks: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def read_chunks(path: Path, chunk_size: int = CHUNK) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        while chunk := handle.read(chunk_size):
            yield chunk


class _BucketObject(io.RawIOBase):
    """An object in the bucket as a seekable file. Reading streams one ranged GET from wherever
    it starts, so a download is a single request, and a ZIP archive is listed and taken apart
    (zipfile reads its end first, then jumps to each member) without fetching the whole object
    or copying it to local disk."""

    def __init__(self, client, bucket: str, key: str) -> None:
        from botocore.exceptions import ClientError

        super().__init__()
        try:
            self.size = client.head_object(Bucket=bucket, Key=key)["ContentLength"]
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                raise FileNotFoundError(f"{key} is not in the bucket {bucket}") from exc
            raise
        self.name = key
        self._object = {"Bucket": bucket, "Key": key}
        self._client = client
        self._position = 0
        self._body = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        start = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self.size}[whence]
        if start + offset < 0:
            raise ValueError("negative seek position")
        if start + offset != self._position:
            self._drop_body()
            self._position = start + offset
        return self._position

    def readinto(self, buffer) -> int:
        if self._position >= self.size:
            return 0
        if self._body is None:
            self._body = self._client.get_object(**self._object, Range=f"bytes={self._position}-")[
                "Body"
            ]
        data = self._body.read(len(buffer))
        if not data:
            raise OSError(f"the bucket ended the transfer of {self.name} early")
        buffer[: len(data)] = data
        self._position += len(data)
        return len(data)

    def close(self) -> None:
        self._drop_body()
        super().close()

    def _drop_body(self) -> None:
        if self._body is not None:
            self._body.close()
            self._body = None


class AnonymousUploadHandler(TemporaryFileUploadHandler):
    """Django spools a large upload to a temporary file while it reads the request. This one has
    no name (the system frees it once closed, or once its process dies), so a server killed in
    the middle of an upload leaves no half-received copy of the evidence on disk."""

    def new_file(self, *args, **kwargs) -> None:
        super(TemporaryFileUploadHandler, self).new_file(*args, **kwargs)
        spool = tempfile.TemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR)  # noqa: SIM115 (closed with the upload)
        self.file = UploadedFile(
            spool, self.file_name, self.content_type, 0, self.charset, self.content_type_extra
        )

    def upload_interrupted(self) -> None:
        if hasattr(self, "file"):
            self.file.close()


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


def flat_filename(name: str) -> str:
    """A name made of parts of records (a case reference, an exhibit number) as one file name:
    their slashes become underscores instead of folders, so a reference such as "12/2026" or
    "../../x" keeps its text, yet cannot climb out of the folder a package is unpacked into."""
    return safe_filename(name.replace("/", "_").replace("\\", "_"))


def download(sha256: str, filename: str, content_type: str = "application/octet-stream"):
    """A kept file as a download, never shown in the browser (a file from outside may be
    hostile); 404 if it is no longer in the store."""
    from django.http import FileResponse, Http404

    try:
        handle = open_stored(sha256)
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=flat_filename(filename), content_type=content_type
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Case files stay out of the browser's and any proxy's cache on a shared office computer.
    response["Cache-Control"] = "private, no-store"
    return response
