"""Receiving, extracting, verifying and exporting evidence. Every action on an item is a link of
its chain of custody and an audit event."""

from __future__ import annotations

import hashlib
import json
import logging
import stat
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Min, QuerySet
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django_tasks_db.compat import TaskResultStatus

from evidesk.audit import services as audit
from evidesk.cases.models import Case, Request
from evidesk.clock import now
from evidesk.evidence import archives, caseuco, senderhashes
from evidesk.evidence.models import (
    VERIFICATION_RESULTS,
    CustodyEvent,
    EvidenceItem,
    SenderHashList,
)
from evidesk.system import files
from evidesk.system.exports import csv_lines
from evidesk.system.language import translated

logger = logging.getLogger("evidesk.evidence")


def record_custody(item: EvidenceItem, action: str, actor, **details) -> CustodyEvent:
    event = CustodyEvent.objects.create(
        item=item,
        action=action,
        actor=actor,
        actor_name=actor.get_username() if actor is not None else "evidesk",
        at=now(),
        details=details,
    )
    audit.record(
        f"evidence.{action}",
        actor=actor,
        obj=item,
        case_id=item.request.case_id,
        data={"exhibit": item.exhibit, "sha256": item.sha256, **details},
    )
    return event


def open_item(item: EvidenceItem, actor) -> EvidenceItem:
    """An exhibit read by a person, through whichever door (page, API): the one place that
    writes its "viewed" link, so the chain of custody records every reading alike."""
    with transaction.atomic():
        record_custody(item, "viewed", actor)
    return item


def download_item(item: EvidenceItem, actor) -> FileResponse:
    """The exhibit's file as a download (never shown in the browser: it comes from outside and
    may be hostile), its copying written on the custody whichever door it leaves through."""
    try:
        response = files.download(item.sha256, f"{item.exhibit}-{item.original_name}")
    except Http404 as exc:
        raise _stored_file_missing(item) from exc
    with transaction.atomic():
        record_custody(item, "copied", actor)
    return response


def _stored_file_missing(item: EvidenceItem) -> ValidationError:
    return ValidationError(
        _("The stored file of %(exhibit)s is missing. Run “evidesk evidence verify”.")
        % {"exhibit": item.exhibit}
    )


def _next_exhibit(request: Request) -> str:
    prefix = f"{request.case.reference}-R{request.pk}-E"
    taken = EvidenceItem.objects.filter(exhibit__startswith=prefix).count()
    return f"{prefix}{taken + 1:03d}"


def _sender_hashes(text: str) -> senderhashes.SenderHashes:
    """The sender's hash or list of hashes, refused (before anything is kept) if unreadable."""
    try:
        return senderhashes.read(text)
    except senderhashes.Unreadable as exc:
        raise ValidationError({"supplied_hash": str(translated(exc.message))}) from exc


@dataclass(frozen=True)
class Receipt:
    """How a production arrived: written on the chain of custody's first link."""

    received_from: str = ""
    channel: str = ""
    received_at: datetime | None = None
    provider_reference: str = ""
    supplied_hash: str = ""  # one hash for the one file, or a list: a hash beside each name


@dataclass(frozen=True)
class Upload:
    """One file of a production as it arrives: its name, its bytes a chunk at a time, and
    what follows the copy (the command line's progress line)."""

    name: str
    chunks: Iterable[bytes]
    progress: Callable[[int], None] | None = None


def receive(
    request: Request,
    actor,
    name: str,
    chunks: Iterable[bytes],
    receipt: Receipt,
    progress: Callable[[int], None] | None = None,
) -> EvidenceItem:
    """One file received: see `receive_all`."""
    return receive_all(request, actor, [Upload(name, chunks, progress)], receipt)[0]


def receive_all(
    request: Request, actor, uploads: Iterable[Upload], receipt: Receipt
) -> list[EvidenceItem]:
    """Receive a production's files all or none (the page, the API and the command line call
    this): every file is streamed into the store and hashed first, then the items and their
    custody are recorded in one transaction. A file that cannot be stored, or a failure while
    recording, leaves no item, no custody link and no file this production put in the store."""
    if receipt.received_at and receipt.received_at > now():
        raise ValidationError({"received_at": _("The date of receipt is in the future.")})
    given = _sender_hashes(receipt.supplied_hash)  # refused before anything is stored
    uploads = list(uploads)
    if given.lone and len(uploads) > 1:
        raise ValidationError({"supplied_hash": _(
            "One hash was given for several files. Give each file's hash beside its name, one "
            "per line, as the sender listed them."
        )})  # fmt: skip
    with _stored_together() as kept:
        try:
            for upload in uploads:
                kept.append(files.store_hashed(upload.chunks, legacy_hashes=True,
                                               progress=upload.progress))  # fmt: skip
        except OSError as exc:
            logger.exception("evidence could not be stored")
            message = _("The files could not be stored, so none of them was received: %(error)s")
            raise ValidationError(message % {"error": exc.strerror or exc}) from exc
        with transaction.atomic():
            # The list is kept once, for every file of the production to point to.
            text = receipt.supplied_hash.strip()
            listed = SenderHashList.objects.create(text=text) if given.by_name else None
            return [_record_item(request, actor, upload.name, stored, receipt, given, listed, None)
                    for upload, stored in zip(uploads, kept, strict=True)]  # fmt: skip


@contextmanager
def _stored_together() -> Iterator[list[files.Stored]]:
    """The files stored in the block are one change: if the block fails, the ones it put in the
    store are taken out again, so a refused or failed production leaves no orphan file."""
    kept: list[files.Stored] = []
    try:
        yield kept
    except BaseException:
        _discard(kept)
        raise


def _discard(kept: list[files.Stored]) -> None:
    # Only files this change wrote (another record may hold the same bytes), and none an item
    # points at: the same bytes may have been received meanwhile by another upload.
    for stored in kept:
        if stored.created and not EvidenceItem.objects.filter(sha256=stored.sha256).exists():
            try:
                files.remove(stored.sha256)
            except OSError:
                logger.exception("cannot remove %s, stored for a failed upload", stored.sha256)


def _record_item(
    request: Request,
    actor,
    name: str,
    stored: files.Stored,
    receipt: Receipt,
    given: senderhashes.SenderHashes,
    listed: SenderHashList | None,
    parent: EvidenceItem | None,
) -> EvidenceItem:
    """The item for a file already kept, compared with the hash the sender gave for it, with
    the first links of its custody. Call inside a transaction."""
    supplied = given.lone or given.for_name(name)
    computed = getattr(stored, senderhashes.algorithm_of(supplied)) if supplied else ""
    # Numbers are handed out under the request's row lock: two uploads never share one.
    Request.objects.select_for_update().get(pk=request.pk)
    item = EvidenceItem.objects.create(
        request=request,
        parent=parent,
        member_path=name if parent else "",
        exhibit=_next_exhibit(request),
        original_name=files.safe_filename(name),
        size=stored.size,
        sha256=stored.sha256,
        sha1=stored.sha1,
        md5=stored.md5,
        received_from=receipt.received_from,
        channel=receipt.channel,
        received_at=receipt.received_at or now(),
        provider_reference=receipt.provider_reference,
        supplied_hash=supplied,
        supplied_hash_matches=computed == supplied if supplied else None,
        sender_list=listed,
        created_by=actor,
        created_at=now(),
    )
    if parent is None:
        # The name as sent, when it is more than the one kept: a path inside the folder
        # received, or characters a file name cannot safely hold.
        sent_as = {"sent_as": name} if name != item.original_name else {}
        record_custody(item, "received", actor, **sent_as, received_from=receipt.received_from,
                       channel=receipt.channel, reference=receipt.provider_reference,
                       supplied_hash=item.supplied_hash,
                       supplied_hash_matches=item.supplied_hash_matches)  # fmt: skip
    else:
        record_custody(item, "extracted", actor, parent=parent.exhibit, member=name,
                       supplied_hash=item.supplied_hash,
                       supplied_hash_matches=item.supplied_hash_matches)  # fmt: skip
    record_custody(item, "stored", actor, sha256=stored.sha256, sha1=stored.sha1,
                   md5=stored.md5, size=stored.size)  # fmt: skip
    return item


def listing(item: EvidenceItem) -> archives.Listing | None:
    try:
        with files.open_stored(item.sha256) as stored:
            return archives.list_zip(stored) if archives.is_zip(stored) else None
    except FileNotFoundError:
        return None


def against_senders_list(
    item: EvidenceItem, contents: archives.Listing | None
) -> tuple[list[str], list[str]]:
    """For a file received with the sender's list of hashes: the files the list names that
    the production holds nowhere (neither among the files received with it or taken out of its
    archives, nor in this archive), and, for an archive, its files the list does not name."""
    if item.sender_list is None:
        return [], []
    members = _files_in(contents)
    return _compared(item.sender_list, members, members)


def listed_not_received(production: list[EvidenceItem]) -> list[str]:
    """The files the sender's list names that a production just received holds nowhere: not
    among its files, nor inside an archive among them, still to be taken out."""
    if not production or production[0].sender_list is None:
        return []
    inside = [name for item in production for name in _files_in(listing(item))]
    return _compared(production[0].sender_list, inside, [])[0]


def _files_in(contents: archives.Listing | None) -> list[str]:
    return [m.name for m in contents.members if not m.is_dir] if contents else []


def _compared(
    listed: SenderHashList, inside: list[str], members: list[str]
) -> tuple[list[str], list[str]]:
    given = senderhashes.read(listed.text)
    return senderhashes.compared_names(given, inside + _names_sent(listed), members)


def _names_sent(listed: SenderHashList) -> list[str]:
    # Each file under the name the list was matched against: its path inside the archive it
    # came out of, or the path it was sent under (account-1/messages.csv), not the name kept.
    return [
        member or details.get("sent_as", name)
        for member, name, details in CustodyEvent.objects.filter(
            item__sender_list=listed, action__in=["received", "extracted"]
        ).values_list("item__member_path", "item__original_name", "details")
    ]


def extract(item: EvidenceItem, names: list[str], actor) -> list[EvidenceItem]:
    """Take the chosen members out of an archive as new items linked to it."""
    try:
        stored = files.open_stored(item.sha256)
    except FileNotFoundError as exc:
        raise _stored_file_missing(item) from exc
    # The members are compared with the hashes the sender listed with the archive.
    receipt = Receipt(
        received_from=item.received_from,
        channel=item.channel,
        received_at=item.received_at,
        provider_reference=item.provider_reference,
        supplied_hash=item.sender_list.text if item.sender_list else "",
    )
    given = senderhashes.read(receipt.supplied_hash)  # read when it was received
    wanted = list(dict.fromkeys(names))  # a member asked for twice is taken out once
    # Every member is read into the store first, so one refused (unknown, unsafe, larger than
    # its header says) leaves no item and no file behind; the items are then recorded together.
    with stored, _stored_together() as kept:
        contents = archives.list_zip(stored)  # read once, not once per member taken out
        for name in wanted:
            try:
                chunks = archives.read_member(stored, name, contents)
                kept.append(files.store_hashed(chunks, legacy_hashes=True))
            except archives.Refused as exc:
                raise ValidationError(str(translated(exc.message))) from exc
        with transaction.atomic():
            return [_record_item(item.request, actor, name, kept_file, receipt, given,
                                 item.sender_list, item)
                    for name, kept_file in zip(wanted, kept, strict=True)]  # fmt: skip


def verify(
    items: Iterable[EvidenceItem], actor=None, run: str = ""
) -> list[tuple[EvidenceItem, str]]:
    """Hash every stored file again; each result is written on the item's custody. With `run`,
    the id of a check in the background, each result names it, and a file the run has checked
    already (before its worker died) is not checked, nor written, twice."""
    done = set(_checked_in(run).values_list("item_id", flat=True)) if run else set()
    results = []
    for item in (item for item in items if item.pk not in done):
        try:
            found = files.stored_sha256(item.sha256)
        except FileNotFoundError:
            found = ""
        status = "ok" if found == item.sha256 else "mismatch" if found else "missing"
        action = "verified" if status == "ok" else "verification_failed"
        # A changed file's hash as found is written too: the examiner may match it to a copy.
        extra = {"sha256_found": found} if status == "mismatch" else {}
        extra |= {"run": run} if run else {}
        with transaction.atomic():
            record_custody(item, action, actor, result=status, **extra)
        results.append((item, status))
    return results


def _checked_in(run: str) -> QuerySet[CustodyEvent]:
    return CustodyEvent.objects.filter(
        action__in=[CustodyEvent.Action.VERIFIED, CustodyEvent.Action.VERIFICATION_FAILED],
        details__run=run,
    )


def verify_in_background(request: Request, actor, item: EvidenceItem | None = None) -> str:
    """Queue for the background worker a check of the hashes of one item, or of every file
    received on the request so far, and audit the asking with it: both or neither. Returns
    the run's id."""
    from evidesk.evidence.tasks import verify_evidence

    # The range and count only: tens of thousands of files need not be read to name them.
    items = request.evidence.filter(pk=item.pk) if item else request.evidence
    span = items.aggregate(first=Min("pk"), last=Max("pk"), count=Count("pk"))
    with transaction.atomic():
        run = verify_evidence.enqueue(request.pk, span["first"] or 0, span["last"] or 0, actor.pk)
        audit.record(
            "evidence.verification_queued",
            actor=actor,
            obj=request,
            case_id=request.case_id,
            data={"run": str(run.id), "items": span["count"]},
        )
    return str(run.id)


VERIFICATION_STATES = {
    TaskResultStatus.READY: "waiting",
    TaskResultStatus.RUNNING: "running",
    TaskResultStatus.SUCCESSFUL: "done",
    TaskResultStatus.FAILED: "stopped",
}


@dataclass(frozen=True)
class Verification:
    """A check queued from the pages, as far as it has got."""

    run: str
    queued_at: datetime
    state: str  # waiting, running, done, or stopped (the task failed: ask again)
    files: int
    checked: int
    size: int
    size_checked: int
    problems: list[tuple[EvidenceItem, str]]  # each file whose check failed, and why, in words


def verifications(
    request: Request, visible: QuerySet[EvidenceItem], latest: int = 3
) -> list[Verification]:
    """The latest checks of a request's evidence queued from its pages, each counted over the
    `visible` items (those the reader may see)."""
    from django_tasks_db.models import DBTaskResult

    from evidesk.evidence.tasks import verify_evidence

    runs = DBTaskResult.objects.filter(
        task_path=verify_evidence.module_path, args_kwargs__args__0=request.pk
    ).order_by("-enqueued_at")[:latest]
    return [_verification(run, visible) for run in runs]


def _verification(run, visible: QuerySet[EvidenceItem]) -> Verification:
    _request, first, last, _actor = run.args_kwargs["args"]
    items = visible.filter(pk__range=(first, last))
    checked = _checked_in(str(run.id)).filter(item__in=items).select_related("item")
    return Verification(
        run=str(run.id), queued_at=run.enqueued_at,
        state=VERIFICATION_STATES[run.status],
        files=items.count(), checked=len(checked), size=sum(items.values_list("size", flat=True)),
        size_checked=sum(event.item.size for event in checked),
        problems=[(e.item, VERIFICATION_RESULTS[e.details["result"]])
                  for e in checked if e.details["result"] != "ok"],
    )  # fmt: skip


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def case_graph(case: Case, items: list[EvidenceItem]) -> dict:
    from importlib.metadata import version

    offence = (case.offences or [{}])[0].get("name", "")
    records = [
        caseuco.FileRecord(
            key=item.exhibit, exhibit=item.exhibit, name=item.original_name, size=item.size,
            hashes={"SHA256": item.sha256, "SHA1": item.sha1, "MD5": item.md5},
            description=f"Received for request {item.request_id}: {item.original_name}",
            root_exhibit=item.parent.exhibit if item.parent else "",
        )
        for item in items
    ]  # fmt: skip
    actions = [
        caseuco.ActionRecord(key=str(event.pk), name=event.action, exhibit=event.item.exhibit,
                             performer=event.actor_name, at=_iso(event.at))
        for event in CustodyEvent.objects.filter(item__in=items).select_related("item")
    ]  # fmt: skip
    return caseuco.graph(case.reference, offence, records, actions, version("evidesk"))


def export_package(case: Case, items: list[EvidenceItem], actor, out: BinaryIO) -> str:
    """A ZIP with the files, a manifest of hashes, a `SHA256SUMS` list and a README saying how
    to check them on any computer without evidesk, the custody log, the CASE/UCO description
    and the printable custody report. Written to `out` (a file opened for writing and reading)
    a file at a time. Returns the package's own SHA-256, which the custody's "exported" link
    records, once the package is complete, so the copy handed over can be tied to it."""
    missing = [item.exhibit for item in items if not files.exists(item.sha256)]
    if missing:
        raise ValidationError(
            _("Stored files are missing: %(exhibits)s. Run “evidesk evidence verify”.")
            % {"exhibits": ", ".join(missing)}
        )
    paths = [_package_path(item) for item in items]
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as package:
        for item, path in zip(items, paths, strict=True):
            _add_stored_file(package, item, path)
        package.writestr("manifest.csv", _csv(
            ["exhibit", "path_in_package", "file", "size", "sha256", "sha1", "md5", "parent",
             "received_from", "received_at", "their_reference", "supplied_hash",
             "supplied_hash_matches"],
            ([i.exhibit, path, i.original_name, i.size, i.sha256, i.sha1, i.md5,
              i.parent.exhibit if i.parent else "", i.received_from, _iso(i.received_at),
              i.provider_reference, i.supplied_hash, i.supplied_hash_matches]
             for i, path in zip(items, paths, strict=True)),
        ))  # fmt: skip
        # The format sha256sum -c reads (two spaces, then the path), so a court's expert checks
        # every file with the tools of any computer.
        package.writestr("SHA256SUMS", "".join(
            f"{item.sha256}  {path}\n" for item, path in zip(items, paths, strict=True)
        ))  # fmt: skip
        events = CustodyEvent.objects.filter(item__in=items).select_related("item")
        package.writestr("custody.csv", _csv(
            ["exhibit", "action", "by", "at", "details"],
            ([e.item.exhibit, e.action, e.actor_name, _iso(e.at), json.dumps(e.details)]
             for e in events),
        ))  # fmt: skip
        package.writestr("case-uco.jsonld", json.dumps(case_graph(case, items), indent=2))
        package.writestr("custody-report.pdf", custody_report_pdf(case, items))
        package.writestr("README.txt", _package_readme(case, items))
    out.seek(0)
    digest = files.sha256_of_stream(out)
    with transaction.atomic():
        for item in items:
            record_custody(item, "exported", actor, package=f"{case.reference}-evidence.zip",
                           package_sha256=digest)  # fmt: skip
    return digest


def _package_path(item: EvidenceItem) -> str:
    return "files/" + files.flat_filename(f"{item.exhibit}-{item.original_name}")


def _package_readme(case: Case, items: list[EvidenceItem]) -> str:
    from django.template.loader import render_to_string

    return render_to_string(
        "evidence/package_readme.txt", {"case": case, "count": len(items), "generated": now()}
    )


def _add_stored_file(package: zipfile.ZipFile, item: EvidenceItem, path: str) -> None:
    """Copy the kept file into the package a chunk at a time, from whichever store holds it,
    hashing it on the way: a file changed since it was received is never handed over as the
    exhibit (the manifest would vouch for bytes the package does not hold)."""
    entry = zipfile.ZipInfo(path, item.created_at.timetuple()[:6])
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = (stat.S_IFREG | 0o444) << 16  # a read-only copy, as kept
    entry.file_size = item.size  # tells zipfile up front whether the entry needs ZIP64
    digest = hashlib.sha256()
    with files.open_stored(item.sha256) as source, package.open(entry, "w") as target:
        while chunk := source.read(files.CHUNK):
            digest.update(chunk)
            target.write(chunk)
    if digest.hexdigest() != item.sha256:
        raise ValidationError(
            _("The stored file of %(exhibit)s has changed since it was received (its SHA-256 is "
              "no longer the one recorded), so nothing was exported. Run “evidesk evidence "
              "verify”.") % {"exhibit": item.exhibit}
        )  # fmt: skip


def _csv(header: list[str], rows) -> str:
    return "".join(csv_lines(header, rows))


def custody_report_pdf(case: Case, items: list[EvidenceItem]) -> bytes:
    from weasyprint import HTML

    return HTML(string=custody_report_html(case, items)).write_pdf()


def custody_report_html(case: Case, items: list[EvidenceItem]) -> str:
    """The custody report in the active language: the reader's on the pages, English from the
    command line."""
    from django.template.loader import render_to_string

    events = CustodyEvent.objects.filter(item__in=items).select_related("item")
    return render_to_string(
        "evidence/custody_report.html",
        {"case": case, "items": items, "events": events, "generated": now()},
    )


def export_to_path(case: Case, items: list[EvidenceItem], actor, path: Path) -> str:
    try:
        with open(path, "w+b") as out:
            return export_package(case, items, actor, out)
    except BaseException:
        path.unlink(missing_ok=True)  # no half-written package left behind
        raise
