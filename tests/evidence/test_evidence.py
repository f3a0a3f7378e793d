"""Evidence: hashes against known vectors, constant memory, hostile archives, custody for every
action, verification, the export package validated as CASE/UCO."""

import csv
import hashlib
import io
import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from evidesk.accounts.models import User
from evidesk.audit.models import AuditEvent
from evidesk.cases.demo import load_demo
from evidesk.cases.models import Case, Request
from evidesk.cli import main
from evidesk.evidence import archives, services
from evidesk.evidence.models import CustodyEvent, EvidenceItem, SenderHashList
from evidesk.system import files
from evidesk.system.language import translated

pytestmark = pytest.mark.django_db
RECEIPT = services.Receipt(received_from="Google LLC", channel="LERS portal",
                           received_at=datetime(2026, 11, 20, 10, 15, tzinfo=UTC),
                           provider_reference="G-2291")  # fmt: skip


@pytest.fixture
def request_(owner, kb):
    load_demo(owner)
    return Request.objects.get(case__reference="DEMO-GE-0412", type="preservation")


def mark_encrypted(data: bytes) -> bytes:
    """Python writes no encrypted archives: set the encryption bit in the local and central
    headers, as an encrypting tool would."""
    raw = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = raw.find(signature)
        raw[at + offset] |= 0x1
    return bytes(raw)


def zip_bytes(members: dict, **infos) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            for key, value in infos.get(name, {}).items():
                setattr(info, key, value)
            archive.writestr(info, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "sha256", "sha1", "md5"),
    [
        (b"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
         "da39a3ee5e6b4b0d3255bfef95601890afd80709", "d41d8cd98f00b204e9800998ecf8427e"),
        (b"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
         "a9993e364706816aba3e25717850c26c9cd0d89d", "900150983cd24fb0d6963f7d28e17f72"),
    ],
)  # fmt: skip
def test_hashes_against_known_vectors(data, sha256, sha1, md5):
    stored = files.store_hashed([data[:1], data[1:]], legacy_hashes=True)
    assert (stored.sha256, stored.sha1, stored.md5, stored.size) == (sha256, sha1, md5, len(data))
    assert files.path_of(sha256).stat().st_mode & 0o777 == 0o400


def test_a_large_file_is_hashed_in_constant_memory(tmp_path):
    """300 MB of generated data through the store: memory must not grow with the file."""
    import tracemalloc

    chunk = os.urandom(1024 * 1024)
    expected = hashlib.sha256()
    for _ in range(300):
        expected.update(chunk)
    tracemalloc.start()
    stored = files.store_hashed((chunk for _ in range(300)), legacy_hashes=True)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert stored.sha256 == expected.hexdigest() and stored.size == 300 * 1024 * 1024
    assert peak < 16 * 1024 * 1024, peak


def test_receiving_opens_the_custody_and_compares_the_senders_hash(request_, owner):
    data = b"subscriber records"
    good = services.receive(request_, owner, "records.csv", [data],
                            services.Receipt(supplied_hash=hashlib.md5(data).hexdigest().upper()))  # noqa: S324  # fmt: skip
    assert (
        good.supplied_hash_matches is True and good.exhibit == f"DEMO-GE-0412-R{request_.pk}-E001"
    )
    bad = services.receive(request_, owner, "other.csv", [b"tampered"],
                           services.Receipt(supplied_hash=hashlib.sha256(data).hexdigest()))  # fmt: skip
    assert bad.supplied_hash_matches is False and bad.exhibit.endswith("E002")
    assert [e.action for e in good.custody.all()] == ["received", "stored"]
    assert AuditEvent.objects.filter(action="evidence.received").count() == 2


def test_an_item_received_without_the_provider_s_reference_ends_its_line_cleanly(
    request_, owner, client
):
    from dataclasses import replace

    item = services.receive(
        request_, owner, "a.csv", [b"x"], replace(RECEIPT, provider_reference="")
    )
    client.force_login(owner)
    page = client.get(f"/evidence/{item.pk}/").content.decode()
    assert "Google LLC · LERS portal</dd>" in page


@pytest.mark.parametrize("supplied", ["xyz", "12345", "g" * 64])
def test_a_malformed_senders_hash_is_refused_before_anything_is_kept(request_, owner, supplied):
    with pytest.raises(ValidationError, match="hexadecimal"):
        services.receive(
            request_, owner, "a.csv", [b"data"], services.Receipt(supplied_hash=supplied)
        )
    assert not EvidenceItem.objects.exists()


HOSTILE = {
    "../../etc/passwd": ({"../../etc/passwd": b"x"}, {}, "climbs out"),
    "/abs/file": ({"/abs/file": b"x"}, {}, "absolute path"),
    "C:/windows": ({"C:/windows/x": b"x"}, {}, "absolute path"),
    "link": ({"link": b"/etc/passwd"}, {"link": {"external_attr": (stat.S_IFLNK | 0o777) << 16}},
             "symbolic link"),
    "encrypted": ({"secret.txt": b"x"}, {}, "encrypted"),
    "device": ({"dev/sda": b""}, {"dev/sda": {"external_attr": (stat.S_IFBLK | 0o660) << 16}},
               "device or other special file"),
    "fifo": ({"pipe": b""}, {"pipe": {"external_attr": (stat.S_IFIFO | 0o644) << 16}},
             "device or other special file"),
    "bomb": ({"zeros.bin": b"\0" * (20 * 1024 * 1024)}, {}, "zip bomb"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_archives_are_reported_and_never_extracted(case, tmp_path):
    members, infos, problem = HOSTILE[case]
    path = tmp_path / "a.zip"
    data = zip_bytes(members, **infos)
    path.write_bytes(mark_encrypted(data) if case == "encrypted" else data)
    listing = archives.list_zip(path)
    reported = [p for m in listing.members for p in m.problems] + list(listing.problems)
    assert any(problem in p for p in reported), reported
    with pytest.raises(archives.Refused, match="not taken out"):
        list(archives.read_member(path, listing.members[0].name))


def test_an_archive_too_big_in_total_is_a_bomb(tmp_path):
    path = tmp_path / "a.zip"
    path.write_bytes(zip_bytes({"a.txt": b"a" * 1000, "b.txt": b"b" * 1000}))
    listing = archives.list_zip(path, archives.Limits(max_total=1500, max_ratio=1e9))
    assert any("possible zip bomb" in p for p in listing.problems)


def test_garbage_is_not_an_archive(tmp_path):
    path = tmp_path / "a.zip"
    path.write_bytes(b"PK\x03\x04 not really")
    assert archives.list_zip(path).problems[0].startswith("not a readable ZIP archive")


def test_members_are_taken_out_as_new_items_linked_to_the_archive(request_, owner, client):
    archive = services.receive(request_, owner, "production.zip", [zip_bytes(
        {"subscriber.csv": b"name,ip\nA,203.0.113.5\n", "logs/ip.csv": b"ip,port\n"})], RECEIPT)  # fmt: skip
    client.force_login(owner)
    page = client.get(f"/evidence/{archive.pk}/").content.decode()
    assert "subscriber.csv" in page and "logs/ip.csv" in page
    client.post(f"/evidence/{archive.pk}/extract/", {"member": ["subscriber.csv"]})
    child = EvidenceItem.objects.get(parent=archive)
    assert child.member_path == "subscriber.csv"
    assert child.sha256 == hashlib.sha256(b"name,ip\nA,203.0.113.5\n").hexdigest()
    assert [e.action for e in child.custody.all()] == ["extracted", "stored"]


@pytest.mark.parametrize("refused", ["../evil.sh", "not-in-the-archive.csv"])
def test_a_refused_member_leaves_nothing_taken_out(request_, owner, client, refused):
    """The members are taken out all or none: the safe one asked for beside a refused one is
    not left behind as an item, nor as custody or audit events."""
    archive = services.receive(request_, owner, "production.zip", [zip_bytes(
        {"subscriber.csv": b"name\nA\n", "../evil.sh": b"rm -rf /"})], RECEIPT)  # fmt: skip
    client.force_login(owner)
    events = AuditEvent.objects.count()
    response = client.post(f"/evidence/{archive.pk}/extract/",
                           {"member": ["subscriber.csv", refused]}, follow=True)  # fmt: skip
    assert refused in response.content.decode()
    assert EvidenceItem.objects.count() == 1
    assert AuditEvent.objects.count() == events + 1  # the archive's page was viewed


def test_every_action_leaves_a_custody_event(request_, owner, client):
    item = services.receive(request_, owner, "r.csv", [b"rows"], RECEIPT)
    client.force_login(owner)
    client.get(f"/evidence/{item.pk}/")
    download = client.get(f"/evidence/{item.pk}/download/")
    assert b"".join(download.streaming_content) == b"rows"
    assert download["Content-Type"] == "application/octet-stream"
    services.verify([item], owner)
    export = client.get(f"/cases/{request_.case_id}/evidence/export/")
    assert export.status_code == 200 and "no-store" in export["Cache-Control"]
    report = client.get(f"/cases/{request_.case_id}/evidence/custody.pdf")
    assert "no-store" in report["Cache-Control"]
    actions = [e.action for e in CustodyEvent.objects.filter(item=item)]
    assert actions == ["received", "stored", "viewed", "copied", "verified", "exported"]


def test_verify_finds_a_flipped_byte_and_a_deleted_file(request_, owner, capsys):
    first = services.receive(request_, owner, "a.csv", [b"first file"], RECEIPT)
    second = services.receive(request_, owner, "b.csv", [b"second file"], RECEIPT)
    assert main(["evidence", "verify"]) == 0
    path = files.path_of(first.sha256)
    path.chmod(0o600)
    path.write_bytes(b"First file")  # one byte flipped
    files.path_of(second.sha256).unlink()
    assert main(["evidence", "verify", "--case", str(request_.case_id), "--user", "owner"]) == 1
    err = capsys.readouterr().err
    assert f"MISMATCH: {first.exhibit} a.csv: the hashes differ: the file has changed" in err
    assert f"MISSING: {second.exhibit}" in err
    failed = first.custody.get(action="verification_failed")
    # Who checked, and what the changed file hashes to now, are on the chain of custody.
    assert failed.actor == owner and failed.actor_name == "owner"
    assert failed.details["sha256_found"] == hashlib.sha256(b"First file").hexdigest()


def test_the_export_package_is_complete_and_valid_case_uco(request_, owner, tmp_path):
    archive = services.receive(request_, owner, "production.zip",
                               [zip_bytes({"s.csv": b"a,b\n"})], RECEIPT)  # fmt: skip
    services.extract(archive, ["s.csv"], owner)
    out = tmp_path / "package.zip"
    assert main(["evidence", "export", str(request_.case_id), "--user", "owner",
                 "-o", str(out)]) == 0  # fmt: skip
    with zipfile.ZipFile(out) as package:
        names = set(package.namelist())
        assert {"manifest.csv", "custody.csv", "case-uco.jsonld", "custody-report.pdf"} <= names
        assert f"files/{archive.exhibit}-production.zip" in names
        manifest = package.read("manifest.csv").decode()
        assert archive.sha256 in manifest and archive.md5 in manifest
        assert package.read("custody-report.pdf").startswith(b"%PDF")
        graph = json.loads(package.read("case-uco.jsonld"))
    (tmp_path / "case.json").write_text(json.dumps(graph))
    hashes = [h["uco-types:hashValue"]["@value"] for n in graph["@graph"]
              for f in n.get("uco-core:hasFacet", []) for h in f.get("uco-observable:hash", [])]  # fmt: skip
    assert archive.sha256.upper() in hashes
    validator = shutil.which("case_validate") or shutil.which(
        "case_validate", path=os.path.dirname(sys.executable)
    )
    if validator is None:
        pytest.skip("case-utils is a test dependency; install .[test]")
    result = subprocess.run([validator, str(tmp_path / "case.json")], capture_output=True,
                            text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0 and "Conforms: True" in result.stdout, result.stdout[-2000:]


def test_a_reference_never_becomes_a_folder_or_a_header(request_, owner, client):
    """A case reference with slashes, quotes or (kept from before they were refused) a line
    break names the exported files as one file name each: nothing climbs out of the folder the
    package is unpacked into, and no download header breaks."""
    Case.objects.filter(pk=request_.case_id).update(reference='../../12/2026 "x"\r\nX-A: 1')
    request_.refresh_from_db()
    item = services.receive(request_, owner, "r.csv", [b"rows"], RECEIPT)
    client.force_login(owner)
    export = client.get(f"/cases/{request_.case_id}/evidence/export/")
    with zipfile.ZipFile(io.BytesIO(b"".join(export.streaming_content))) as package:
        kept = [name for name in package.namelist() if name.startswith("files/")]
    assert len(kept) == 1 and kept[0].count("/") == 1 and "12_2026" in kept[0], kept
    for url in (f"/cases/{request_.case_id}/evidence/custody.pdf", f"/evidence/{item.pk}/download/",
                f"/cases/{request_.case_id}/evidence/export/"):  # fmt: skip
        response = client.get(url)
        disposition = response["Content-Disposition"]
        assert response.status_code == 200 and "\n" not in disposition and "/" not in disposition


def test_outsiders_see_no_evidence(request_, owner, outsider, client):
    item = services.receive(request_, owner, "r.csv", [b"rows"], RECEIPT)
    client.force_login(outsider)
    for url in (f"/evidence/{item.pk}/", f"/evidence/{item.pk}/download/",
                f"/requests/{request_.pk}/evidence/", f"/cases/{request_.case_id}/evidence/export/",
                f"/cases/{request_.case_id}/evidence/custody.pdf"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    assert not item.custody.filter(action__in=["viewed", "copied"]).exists()


def test_upload_in_the_browser(request_, owner, client):
    client.force_login(owner)
    response = client.post(f"/requests/{request_.pk}/evidence/", {
        "files": [SimpleUploadedFile("a.csv", b"one"), SimpleUploadedFile("b.pdf", b"%PDF two")],
        "received_from": "Google LLC", "channel": "LERS", "at": "2026-11-20T14:15",
        "zone": "Asia/Tbilisi", "provider_reference": "G-1", "supplied_hash": "",
    })  # fmt: skip
    assert response.status_code == 302
    items = list(EvidenceItem.objects.order_by("exhibit"))
    assert [i.original_name for i in items] == ["a.csv", "b.pdf"]
    assert items[0].received_at == datetime(2026, 11, 20, 10, 15, tzinfo=UTC)


@pytest.fixture
def storage_fails_on_the_second_file(monkeypatch):
    """The store runs out of space in the middle of a production's second file."""
    store_hashed, calls = files.store_hashed, []

    def disk_full_after_first_chunk(chunks):
        yield next(iter(chunks))
        raise OSError(28, "No space left on device")

    def failing(chunks, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            chunks = disk_full_after_first_chunk(chunks)
        return store_hashed(chunks, *args, **kwargs)

    monkeypatch.setattr(files, "store_hashed", failing)
    return calls


def nothing_received(request_) -> bool:
    """No item, no custody link, no audit event of evidence, and no temporary left over."""
    leftovers = list(files.store_root().glob(f"{files.INCOMING}*"))
    return not (
        EvidenceItem.objects.filter(request=request_).exists()
        or CustodyEvent.objects.exists()
        or AuditEvent.objects.filter(action__startswith="evidence.").exists()
        or leftovers
    )


def test_an_upload_whose_second_file_fails_to_store_keeps_nothing(
    request_, owner, client, storage_fails_on_the_second_file
):
    """A production is received all or none: the first file, stored before the second failed,
    is neither recorded nor left in the store as an orphan."""
    first, second = os.urandom(64), os.urandom(64)
    client.force_login(owner)
    response = client.post(f"/requests/{request_.pk}/evidence/", {
        "files": [SimpleUploadedFile("a.csv", first), SimpleUploadedFile("b.csv", second)],
        "received_from": "Google LLC", "channel": "LERS", "at": "2026-11-20T14:15",
        "zone": "Asia/Tbilisi",
    })  # fmt: skip
    assert response.status_code == 200
    assert "none of them was received" in response.content.decode()
    assert len(storage_fails_on_the_second_file) == 2
    assert nothing_received(request_)
    assert not files.exists(hashlib.sha256(first).hexdigest())


def test_the_cli_adds_all_files_or_none_and_keeps_what_was_kept_before(
    request_, owner, tmp_path, capsys, storage_fails_on_the_second_file
):
    """The command line receives through the same service; a file whose bytes the store held
    already (they may be another record's) stays in the store when the upload fails."""
    kept_before = os.urandom(64)
    digest = files.store_hashed([kept_before]).sha256
    storage_fails_on_the_second_file.clear()
    (tmp_path / "a.csv").write_bytes(kept_before)
    (tmp_path / "b.csv").write_bytes(os.urandom(64))
    assert main(["evidence", "add", str(request_.pk), str(tmp_path), "--user", "owner"]) == 2
    assert "Nothing was added" in capsys.readouterr().err
    assert nothing_received(request_)
    assert files.exists(digest)


def test_the_cli_adds_files_and_folders_with_progress(request_, owner, tmp_path, capsys):
    folder = tmp_path / "production"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.csv").write_bytes(b"a")
    (folder / "sub" / "b.csv").write_bytes(b"b")
    assert main(["evidence", "add", str(request_.pk), str(folder), "--user", "owner",
                 "--from", "Google LLC"]) == 0  # fmt: skip
    out, err = capsys.readouterr()
    assert "a.csv" in out and "100%" in err
    assert EvidenceItem.objects.count() == 2
    assert main(["evidence", "add", str(request_.pk), str(tmp_path / "nope"), "--user",
                 "owner"]) == 2  # fmt: skip


def test_a_multi_gigabyte_sparse_file_is_hashed_in_constant_memory(tmp_path):
    import tracemalloc

    path = tmp_path / "sparse.bin"
    with open(path, "wb") as handle:
        handle.truncate(2 * 1024**3)  # 2 GB of zeros that take no disk space
    tracemalloc.start()
    digest = files.sha256_of(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    expected = hashlib.sha256()
    zeros = bytes(1024 * 1024)
    for _ in range(2 * 1024):
        expected.update(zeros)
    assert digest == expected.hexdigest()
    assert peak < 8 * 1024 * 1024, peak


def test_the_custody_report_is_audited_and_an_export_with_a_missing_file_is_refused(
    request_, owner, client, tmp_path, capsys
):
    item = services.receive(request_, owner, "r.csv", [b"report rows"], RECEIPT)
    client.force_login(owner)
    report = client.get(f"/cases/{request_.case_id}/evidence/custody.pdf")
    assert report.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="evidence.custody_report").exists()
    files.path_of(item.sha256).unlink()
    out = tmp_path / "p.zip"
    assert main(["evidence", "export", str(request_.case_id), "--user", "owner",
                 "-o", str(out)]) == 1  # fmt: skip
    assert "Stored files are missing" in capsys.readouterr().err and not out.exists()
    assert not item.custody.filter(action="exported").exists()


def test_the_custody_log_reads_in_words_in_the_readers_language(request_, owner, client):
    data = b"rows"
    receipt = services.Receipt(received_from="Google LLC", channel="direct_provider",
                               supplied_hash=hashlib.sha256(data).hexdigest())  # fmt: skip
    item = services.receive(request_, owner, "r.csv", [data], receipt)
    client.force_login(owner)
    english = client.get(f"/evidence/{item.pk}/").content.decode()
    assert "Received through: directly to the provider" in english
    assert "The hash supplied matches: yes" in english and "Size: 4\xa0bytes" in english
    russian = client.get(f"/evidence/{item.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "От кого получено: Google LLC" in russian
    assert "Каким путём получено: напрямую провайдеру" in russian
    assert "Хеш, сообщённый отправителем, совпадает: да" in russian
    for raw in ("received_from", "channel:", "supplied_hash_matches", "True", "size:"):
        assert raw not in russian
    # The custody report, in the language it is made in: its labels and the same words.
    with translation.override("ru"):
        report = services.custody_report_html(request_.case, [item])
    assert 'lang="ru"' in report and "Цепочка хранения" in report and "События" in report
    assert "Хеш, сообщённый отправителем, совпадает: да" in report
    for raw in ("supplied_hash_matches", "True", "Custody events", "Signature"):
        assert raw not in report
    with translation.override("en"):
        report = services.custody_report_html(request_.case, [item])
    assert "Custody events" in report and "The hash supplied matches: yes" in report


def test_an_archives_problems_read_in_the_readers_language(request_, owner, client, tmp_path):
    hostile = zip_bytes({"../escape.txt": b"x", "/abs.txt": b"y"})
    item = services.receive(request_, owner, "production.zip", [hostile], RECEIPT)
    client.force_login(owner)
    russian = client.get(f"/evidence/{item.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "путь выходит за пределы архива (..)" in russian and "абсолютный путь" in russian
    assert "climbs out" not in russian and "absolute path" not in russian
    path = tmp_path / "bomb.zip"
    path.write_bytes(zip_bytes({"a.txt": b"a" * 3000}))
    bomb = archives.list_zip(path, archives.Limits(max_total=1500, max_ratio=2))
    worded = [translated(p, "ru") for p in bomb.members[0].problems + bomb.problems]
    assert worded[0].startswith("степень сжатия") and "3000 байт" in worded[1]
    assert "compression ratio" in bomb.members[0].problems[0]  # English where read as text


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def post_production(client, request_, uploads: dict, supplied: str = "", **fields):
    return client.post(f"/requests/{request_.pk}/evidence/", {
        "files": [SimpleUploadedFile(name, data) for name, data in uploads.items()],
        "received_from": "Meta Platforms", "channel": "LERS", "at": "2026-11-20T14:15",
        "zone": "Asia/Tbilisi", "supplied_hash": supplied, **fields,
    })  # fmt: skip


def test_a_providers_hash_list_is_compared_with_each_file_taken_out_of_its_zip(
    request_, owner, client
):
    """The provider sends a ZIP of CSVs and its own list of hashes: each CSV taken out is
    compared with the hash listed beside its name, and the page says what that proves."""
    subscriber, logins = b"name,ip\nA,203.0.113.5\n", b"ip,port\n198.51.100.7,443\n"
    production = zip_bytes({"subscriber.csv": subscriber, "logs/logins.csv": logins})
    hash_list = (f"file,sha256\nsubscriber.csv,{sha(subscriber).upper()}\n"
                 f"./logs/logins.csv,{sha(b'what the provider hashed')}\n")  # fmt: skip
    client.force_login(owner)
    assert post_production(client, request_, {"production.zip": production},
                           hash_list).status_code == 302  # fmt: skip
    archive = EvidenceItem.objects.get()
    assert archive.supplied_hash_matches is None and archive.sender_list
    client.post(f"/evidence/{archive.pk}/extract/",
                {"member": ["subscriber.csv", "logs/logins.csv"]})  # fmt: skip
    good = EvidenceItem.objects.get(member_path="subscriber.csv")
    bad = EvidenceItem.objects.get(member_path="logs/logins.csv")
    assert good.supplied_hash_matches is True and bad.supplied_hash_matches is False
    assert bad.custody.get(action="extracted").details["supplied_hash_matches"] is False
    english = client.get(f"/evidence/{bad.pk}/").content.decode()
    assert "this is not the file the sender hashed" in english
    russian = client.get(f"/evidence/{good.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "это тот файл, хеш которого вычислил отправитель" in russian


def test_one_hash_for_several_files_is_refused_and_nothing_is_kept(request_, owner, client):
    """One hash cannot be the hash of two files: before, every file but one was marked as not
    matching the sender's hash."""
    first, second = os.urandom(64), os.urandom(64)
    client.force_login(owner)
    response = post_production(client, request_, {"a.csv": first, "b.csv": second}, sha(first))
    assert response.status_code == 200
    assert "Give each file&#x27;s hash beside its name" in response.content.decode()
    assert nothing_received(request_)
    assert not files.exists(sha(first)) and not files.exists(sha(second))


@pytest.mark.parametrize(
    "given",
    [
        f"{'a' * 64}  a.csv\nno hash on this line",
        f"{'a' * 64}\n{'b' * 64}",
        f"{'a' * 63}  a.csv",
        f"{'a' * 64}  a.csv\n{'b' * 64}  ./a.csv",
    ],
)
def test_an_unreadable_hash_list_is_refused_before_anything_is_kept(request_, owner, client, given):
    data = os.urandom(64)
    client.force_login(owner)
    response = post_production(client, request_, {"a.csv": data, "b.csv": b"b"}, given)
    assert response.status_code == 200 and "sender&#x27;s hash" in response.content.decode()
    assert nothing_received(request_) and not files.exists(sha(data))


def test_the_cli_compares_each_file_with_the_senders_hash_list(request_, owner, tmp_path,
                                                               capsys):  # fmt: skip
    folder = tmp_path / "production"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.csv").write_bytes(b"a")
    (folder / "sub" / "b.csv").write_bytes(b"b")
    sums = tmp_path / "SHA256SUMS"
    sums.write_text(f"\ufeff{sha(b'a')}  a.csv\n{sha(b'changed')} *sub/b.csv\n", "utf-8")
    assert main(["evidence", "add", str(request_.pk), str(folder), "--user", "owner",
                 "--hash-list", str(sums)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "a.csv" in out and "matches: this is the file the sender hashed" in out
    assert "DOES NOT MATCH" in out
    matches = dict(EvidenceItem.objects.values_list("original_name", "supplied_hash_matches"))
    assert matches == {"a.csv": True, "b.csv": False}


def damaged_zip() -> bytes:
    """A ZIP whose member's data was damaged after it was made (a download cut or corrupted):
    its headers are intact, so it lists, but its bytes do not inflate or fail their CRC."""
    data = bytearray(zip_bytes({"rows.csv": os.urandom(4096)}))
    start = data.find(b"PK\x03\x04") + 30 + len("rows.csv")
    data[start + 100 : start + 200] = bytes(100)
    return bytes(data)


def unreadable_method() -> bytes:
    """A member compressed with Deflate64 (method 9), as Windows does for large archives."""
    data = bytearray(zip_bytes({"big.csv": b"x" * 100}))
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        at = data.find(signature)
        data[at + offset] = 9
    return bytes(data)


@pytest.mark.parametrize(
    ("archive", "name", "said"),
    [(damaged_zip, "rows.csv", "is damaged and cannot be read"),
     (unreadable_method, "big.csv", "compressed with a method evidesk cannot read")],
)  # fmt: skip
def test_a_member_that_cannot_be_read_is_named_and_nothing_is_taken_out(
    request_, owner, client, archive, name, said
):
    item = services.receive(request_, owner, "production.zip", [archive()], RECEIPT)
    stored_before = set(files.all_stored())
    client.force_login(owner)
    events = CustodyEvent.objects.count()
    response = client.post(f"/evidence/{item.pk}/extract/", {"member": [name]}, follow=True)
    assert response.status_code == 200 and said in response.content.decode()
    assert EvidenceItem.objects.count() == 1 and set(files.all_stored()) == stored_before
    assert CustodyEvent.objects.count() == events + 1  # the archive's page, viewed again


def test_a_refused_member_is_named_in_the_readers_language(request_, owner, client):
    item = services.receive(request_, owner, "p.zip", [zip_bytes({"../x.sh": b"x"})], RECEIPT)
    client.force_login(owner)
    page = client.post(f"/evidence/{item.pk}/extract/", {"member": ["../x.sh"]}, follow=True,
                       HTTP_ACCEPT_LANGUAGE="ru").content.decode()  # fmt: skip
    assert "путь выходит за пределы архива (..)" in page and "climbs out" not in page


def test_the_export_package_is_checked_on_another_computer_without_evidesk(
    request_, owner, tmp_path, capsys
):
    """A court's expert unpacks the package and checks every file with sha256sum alone; the
    manifest names each file's path in the package; the custody records the package's hash."""
    named = services.receive(request_, owner, 'Выписка "Google" за 2026.csv', [b"a,b\n"],
                             RECEIPT)  # fmt: skip
    again = services.receive(request_, owner, "copy.csv", [b"a,b\n"], RECEIPT)  # same bytes
    out = tmp_path / "package.zip"
    assert main(["evidence", "export", str(request_.case_id), "--user", "owner",
                 "-o", str(out)]) == 0  # fmt: skip
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert digest in capsys.readouterr().out
    for item in (named, again):
        assert item.custody.get(action="exported").details["package_sha256"] == digest
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(out) as package:
        package.extractall(folder)
        manifest = list(csv.DictReader(io.StringIO(package.read("manifest.csv").decode())))
    assert "sha256sum -c SHA256SUMS" in (folder / "README.txt").read_text()
    for row in manifest:
        assert (
            hashlib.sha256((folder / row["path_in_package"]).read_bytes()).hexdigest()
            == row["sha256"]
        )
    assert {row["file"] for row in manifest} == {'Выписка "Google" за 2026.csv', "copy.csv"}
    checker = shutil.which("sha256sum")
    if checker is None:
        pytest.skip("sha256sum (coreutils) is not installed")
    result = subprocess.run([checker, "-c", "SHA256SUMS"], cwd=folder, capture_output=True,
                            text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0 and result.stdout.count(": OK") == 2, result.stdout
    (folder / manifest[0]["path_in_package"]).write_bytes(b"a,c\n")  # altered after export
    result = subprocess.run([checker, "-c", "SHA256SUMS"], cwd=folder, capture_output=True,
                            text=True, timeout=60)  # fmt: skip
    assert result.returncode == 1 and "FAILED" in result.stdout


def test_a_file_changed_on_disk_after_receipt_is_never_exported_as_the_exhibit(
    request_, owner, client, tmp_path, capsys
):
    item = services.receive(request_, owner, "subscriber.csv", [b"name,ip\nA,203.0.113.5\n"],
                            RECEIPT)  # fmt: skip
    path = files.path_of(item.sha256)
    path.chmod(0o600)
    path.write_bytes(b"name,ip\nB,203.0.113.5\n")  # someone edited the kept copy
    out = tmp_path / "p.zip"
    assert main(["evidence", "export", str(request_.case_id), "--user", "owner",
                 "-o", str(out)]) == 1  # fmt: skip
    assert f"{item.exhibit} has changed since it was received" in capsys.readouterr().err
    assert not out.exists()
    client.force_login(owner)
    page = client.get(f"/cases/{request_.case_id}/evidence/export/", follow=True,
                      HTTP_ACCEPT_LANGUAGE="ru").content.decode()  # fmt: skip
    assert f"Хранимый файл вещественного доказательства {item.exhibit} изменился" in page
    assert not item.custody.filter(action="exported").exists()


def test_the_same_file_received_twice_is_said_so(request_, owner, client, tmp_path, capsys):
    """The provider sends the same production twice (a second portal download, a copy by
    e-mail): it is kept as a second exhibit, and the officer is told which one it repeats."""
    data = b"name,ip\nA,203.0.113.5\n"
    client.force_login(owner)
    post_production(client, request_, {"subscriber.csv": data})
    page = client.post(f"/requests/{request_.pk}/evidence/", {
        "files": [SimpleUploadedFile("subscriber (1).csv", data)], "received_from": "Meta",
        "channel": "e-mail", "at": "2026-11-21T09:00", "zone": "Asia/Tbilisi",
    }, follow=True, HTTP_ACCEPT_LANGUAGE="ru").content.decode()  # fmt: skip
    first, second = EvidenceItem.objects.order_by("pk")
    assert f"{second.exhibit} (subscriber (1).csv) — тот же файл, что и {first.exhibit}" in page
    item_page = client.get(f"/evidence/{first.pk}/").content.decode()
    assert f'href="/evidence/{second.pk}/">{second.exhibit}</a>' in item_page
    (tmp_path / "again.csv").write_bytes(data)
    assert main(["evidence", "add", str(request_.pk), str(tmp_path / "again.csv"),
                 "--user", "owner"]) == 0  # fmt: skip
    assert f"the same file as {first.exhibit}" in capsys.readouterr().out


def test_the_upload_page_knows_the_servers_limit_and_speaks_the_readers_language(
    request_, owner, client, monkeypatch
):
    """A production over the limit is refused in the browser before hours of sending (and a
    413 from the server or its proxy is explained, not shown as a bare error page); the
    progress line's words are the reader's."""
    monkeypatch.setenv("EVIDESK_MAX_REQUEST_GB", "3")
    client.force_login(owner)
    page = client.get(f"/requests/{request_.pk}/evidence/",
                      HTTP_ACCEPT_LANGUAGE="ru").content.decode()  # fmt: skip
    assert f'data-limit-bytes="{3 * 1024**3}"' in page
    assert "Эти файлы больше, чем сервер принимает за одну загрузку (3,0\xa0ГБ)" in page
    assert "хеширование и помещение на хранение" in page
    source = (Path(services.__file__).parents[1] / "web/static/evidesk/upload.js").read_text()
    assert "say.tooLarge" in source and "request.status === 413" in source
    for english in ("hashing and storing", "The upload failed"):
        assert english not in source


@pytest.mark.parametrize(("who", "status"), [("outsider", 404), ("auditor", 404),
                                             ("admin-glass", 403)])  # fmt: skip
def test_an_upload_by_someone_who_may_not_receive_keeps_nothing(request_, owner, client, who,
                                                                 status):  # fmt: skip
    """An outsider and an auditor do not see the request; an administrator reading the case by
    break-glass sees it but changes nothing: each upload is refused, no item and no file kept."""
    from evidesk.accounts.models import Role
    from evidesk.cases.services import open_break_glass

    role = {"outsider": Role.PROSECUTOR, "auditor": Role.AUDITOR,
            "admin-glass": Role.ADMINISTRATOR}[who]  # fmt: skip
    user = User.objects.create_user(who, password="pass-phrase-1234", role=role)
    if who == "admin-glass":
        open_break_glass(user, request_.case, "Prosecutor absent, court hearing tomorrow")
    stored_before = set(files.all_stored())
    client.force_login(user)
    data = os.urandom(256)
    assert post_production(client, request_, {"planted.csv": data}).status_code == status
    assert not EvidenceItem.objects.exists() and not CustodyEvent.objects.exists()
    assert set(files.all_stored()) == stored_before and not files.exists(sha(data))
    assert not list(files.store_root().glob(f"{files.INCOMING}*"))


@pytest.mark.parametrize("cut", [KeyboardInterrupt, ConnectionResetError])
def test_an_upload_interrupted_halfway_leaves_no_orphan_file_and_no_half_record(request_, owner,
                                                                                 cut):  # fmt: skip
    """Ctrl-C on the command line, or the connection dropped, in the middle of the second file
    of a production: the first file, already stored, is taken out again; no temporary stays."""
    first = os.urandom(1024)

    def halfway():
        yield os.urandom(512)
        raise cut()

    uploads = [services.Upload("a.csv", [first]), services.Upload("b.csv", halfway())]
    with pytest.raises((cut, ValidationError)):
        services.receive_all(request_, owner, uploads, RECEIPT)
    assert nothing_received(request_) and not files.exists(sha(first))


@pytest.mark.parametrize("name", ['отчёт "Meta" 2026.svg', "<script>x</script>.html", "a.js"])
def test_a_hostile_file_is_only_ever_a_download(request_, owner, client, name):
    """An SVG, HTML or script received from outside is never rendered by the browser: a
    download, of no type the browser would guess, in a sandbox; its name, quotes and Cyrillic
    included, is kept whole in the header and escaped on the page."""
    payload = b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(document.cookie)'/>"
    item = services.receive(request_, owner, name, [payload], RECEIPT)
    client.force_login(owner)
    response = client.get(f"/evidence/{item.pk}/download/")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert item.exhibit in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == payload
    assert "<script>x</script>" not in client.get(f"/evidence/{item.pk}/").content.decode()


@pytest.mark.parametrize("odd", ["link", "folder-link", "pipe"])
def test_a_folder_with_a_link_or_a_pipe_is_refused_whole(request_, owner, tmp_path, capsys, odd):
    """A production folder holding a link (to a key, to another case's file) or a pipe: the link
    is not followed into the evidence, the pipe does not hang the command; nothing is added."""
    folder = tmp_path / "production"
    folder.mkdir()
    (folder / "a.csv").write_bytes(b"rows")
    secret = tmp_path / "elsewhere"
    secret.mkdir()
    (secret / "id_rsa").write_bytes(b"PRIVATE KEY")
    {"link": lambda: (folder / "notes.txt").symlink_to(secret / "id_rsa"),
     "folder-link": lambda: (folder / "more").symlink_to(secret, target_is_directory=True),
     "pipe": lambda: os.mkfifo(folder / "pipe")}[odd]()  # fmt: skip
    stored_before = set(files.all_stored())
    assert main(["evidence", "add", str(request_.pk), str(folder), "--user", "owner"]) == 2
    assert "is a link or a special file" in capsys.readouterr().err
    assert nothing_received(request_) and set(files.all_stored()) == stored_before


def test_an_archive_with_a_name_twice_is_never_taken_apart(request_, owner, tmp_path):
    """Two members of one name: which one would be "the" file is the archive tool's guess."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive, pytest.warns(UserWarning, match="Duplicate"):
        archive.writestr("subscriber.csv", b"the real one")
        archive.writestr("subscriber.csv", b"the planted one")
    item = services.receive(request_, owner, "p.zip", [buffer.getvalue()], RECEIPT)
    assert "the same name appears twice" in services.listing(item).problems
    with pytest.raises(ValidationError, match="the same name appears twice"):
        services.extract(item, ["subscriber.csv"], owner)
    assert EvidenceItem.objects.count() == 1


def test_an_archive_inside_an_archive_is_taken_apart_level_by_level(request_, owner):
    """A provider's ZIP holding one ZIP per account: each level becomes an item linked to the
    one it came out of, and the sender's list still vouches for the innermost files."""
    rows = b"ip,port\n198.51.100.7,443\n"
    inner = zip_bytes({"logins.csv": rows})
    outer = zip_bytes({"account-1.zip": inner})
    receipt = services.Receipt(received_from="Meta Platforms",
                               supplied_hash=f"{sha(rows)}  account-1/logins.csv\n"
                                             f"{sha(inner)}  account-1.zip\n")  # fmt: skip
    archive = services.receive(request_, owner, "production.zip", [outer], receipt)
    (middle,) = services.extract(archive, ["account-1.zip"], owner)
    (csv_item,) = services.extract(middle, ["logins.csv"], owner)
    assert middle.parent == archive and csv_item.parent == middle
    assert middle.supplied_hash_matches is True and csv_item.supplied_hash_matches is True
    assert csv_item.sha256 == sha(rows)


def test_downloading_an_exhibit_whose_file_is_missing_says_so(request_, owner, client):
    item = services.receive(request_, owner, "subscriber.csv", [b"rows"], RECEIPT)
    files.path_of(item.sha256).unlink()
    client.force_login(owner)
    response = client.get(f"/evidence/{item.pk}/download/", follow=True,
                          HTTP_ACCEPT_LANGUAGE="ru")  # fmt: skip
    assert response.status_code == 200
    assert f"Хранимый файл вещественного доказательства {item.exhibit} отсутствует" in (
        response.content.decode()
    )
    assert not item.custody.filter(action="copied").exists()


def test_a_hash_list_matches_names_in_cyrillic_with_spaces_and_quotes(request_, owner):
    """The list written on a Mac spells "й" in two characters; the name received, in one."""
    import unicodedata

    name = 'Выписка по счёту "Мой банк" 2026.csv'
    listed = unicodedata.normalize("NFD", name)
    receipt = services.Receipt(supplied_hash=f'{sha(b"rows")}  "{listed}"\n{"0" * 64}  x.csv')
    item = services.receive(request_, owner, name, [b"rows"], receipt)
    assert item.supplied_hash_matches is True and item.original_name == name


def test_the_archive_page_names_files_listed_but_not_sent_and_sent_but_not_listed(
    request_, owner, client
):
    """The provider's list names three CSVs and a certificate sent beside the ZIP; the ZIP holds
    two of the CSVs and a file the list does not name."""
    production = zip_bytes({"subscriber.csv": b"s", "logs/ip.csv": b"i", "notes.txt": b"n"})
    given = "\n".join(f"{sha(data)}  {name}" for name, data in (
        ("subscriber.csv", b"s"), ("logs/ip.csv", b"i"), ("messages.csv", b"m"),
        ("certificate.pdf", b"%PDF"),
    ))  # fmt: skip
    client.force_login(owner)
    post_production(client, request_, {"production.zip": production,
                                       "certificate.pdf": b"%PDF"}, given)  # fmt: skip
    archive = EvidenceItem.objects.get(original_name="production.zip")
    assert EvidenceItem.objects.get(original_name="certificate.pdf").supplied_hash_matches
    page = client.get(f"/evidence/{archive.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    not_sent = page.split("ни в этом архиве, ни среди")[1].split("</p>")[0]
    assert "messages.csv" in not_sent and "certificate.pdf" not in not_sent
    assert "subscriber.csv" not in not_sent
    not_listed = page.split("которых нет в перечне хешей отправителя")[1].split("</p>")[0]
    assert "notes.txt" in not_listed and "subscriber.csv" not in not_listed


@pytest.fixture
def run_queued_tasks(monkeypatch):
    """The background worker's round, inside the test's transaction (which the worker would
    otherwise close as a finished request's)."""
    from django_tasks_db.management.commands import db_worker

    from evidesk.system.worker import BackgroundWorker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return BackgroundWorker().run_pending_tasks


def test_the_item_page_verifies_the_hashes_and_writes_who_did(
    request_, owner, outsider, client, run_queued_tasks
):
    item = services.receive(request_, owner, "subscriber.csv", [b"rows"], RECEIPT)
    client.force_login(outsider)
    assert client.post(f"/evidence/{item.pk}/verify/").status_code == 404
    run_queued_tasks()
    assert not item.custody.filter(action__startswith="verif").exists()
    client.force_login(owner)
    page = client.post(f"/evidence/{item.pk}/verify/", follow=True).content.decode()
    assert "handed to the background worker" in page
    run_queued_tasks()
    page = client.get(f"/requests/{request_.pk}/evidence/").content.decode()
    assert "1 of 1 files checked" in page and "Finished." in page
    assert item.custody.get(action="verified").actor == owner
    path = files.path_of(item.sha256)
    path.chmod(0o600)
    path.write_bytes(b"ROWS")
    client.post(f"/evidence/{item.pk}/verify/")
    run_queued_tasks()
    page = client.get(f"/requests/{request_.pk}/evidence/", HTTP_ACCEPT_LANGUAGE="ru")
    assert "хеши не совпадают: файл изменился после получения" in page.content.decode()
    assert item.custody.get(action="verification_failed").details["result"] == "mismatch"


def test_a_whole_production_is_verified_in_the_background_with_its_progress_shown(
    request_, owner, client, run_queued_tasks
):
    """Hashing a production of many gigabytes again outlasts what a proxy waits for a page: the
    page hands it to the worker and shows how far it has got, and which files failed."""
    uploads = [services.Upload(name, [data]) for name, data in
               (("a.csv", b"a" * 1000), ("b.csv", b"b" * 2000), ("c.csv", b"c" * 3000))]  # fmt: skip
    intact, changed, gone = services.receive_all(request_, owner, uploads, RECEIPT)
    files.path_of(changed.sha256).chmod(0o600)
    files.path_of(changed.sha256).write_bytes(b"B" * 2000)
    files.remove(gone.sha256)
    client.force_login(owner)
    page = client.post(f"/requests/{request_.pk}/evidence/verify/", follow=True).content.decode()
    assert "0 of 3 files checked (0\xa0bytes of 5.9\xa0KB)" in page
    assert "No background worker is running" in page
    assert AuditEvent.objects.get(action="evidence.verification_queued").data["items"] == 3
    run_queued_tasks()
    page = client.get(f"/requests/{request_.pk}/evidence/", HTTP_ACCEPT_LANGUAGE="ru")
    page = page.content.decode()
    assert "проверено файлов — 3 из 3" in page and "Завершена." in page
    failed = page.split("Завершена.")[1].split("</ul>")[0]
    assert changed.exhibit in failed and gone.exhibit in failed and intact.exhibit not in failed
    assert "хранимый файл отсутствует" in failed
    checks = CustodyEvent.objects.filter(action__startswith="verif")
    assert sorted(checks.values_list("item_id", "actor")) == [
        (intact.pk, owner.pk), (changed.pk, owner.pk), (gone.pk, owner.pk)]  # fmt: skip


def test_a_background_check_run_again_after_its_worker_died_writes_each_file_once(
    request_, owner, run_queued_tasks
):
    """The worker died after checking the first file; the task runs again (every task may run
    twice): the first file is not checked, nor written on its custody, a second time."""
    from django_tasks_db.models import DBTaskResult

    first, second = services.receive_all(request_, owner, [services.Upload("a", [b"a"]),
                                                           services.Upload("b", [b"b"])], RECEIPT)  # fmt: skip
    run = services.verify_in_background(request_, owner)
    services.verify([first], owner, run=run)  # what the worker wrote before it died
    DBTaskResult.objects.filter(pk=run).update(status="READY")
    run_queued_tasks()
    checks = CustodyEvent.objects.filter(action="verified", details__run=run)
    assert sorted(checks.values_list("item_id", flat=True)) == [first.pk, second.pk]
    assert AuditEvent.objects.filter(action="evidence.verified").count() == 2


def test_files_of_one_name_in_different_folders_are_told_apart(request_, owner, tmp_path):
    """A production with one messages.csv per account: the sender's list tells them apart by
    their folders, and so does each one's custody."""
    folder = tmp_path / "production"
    for account, rows in (("account-1", b"one"), ("account-2", b"two")):
        (folder / account).mkdir(parents=True)
        (folder / account / "messages.csv").write_bytes(rows)
    sums = tmp_path / "SHA256SUMS"
    sums.write_text(
        f"{sha(b'one')}  account-1/messages.csv\n{sha(b'two')}  account-2/messages.csv\n"
    )
    assert main(["evidence", "add", str(request_.pk), str(folder), "--user", "owner",
                 "--hash-list", str(sums)]) == 0  # fmt: skip
    items = EvidenceItem.objects.order_by("pk")
    assert [i.supplied_hash_matches for i in items] == [True, True]
    assert [i.custody.get(action="received").details["sent_as"] for i in items] == [
        "account-1/messages.csv", "account-2/messages.csv"]  # fmt: skip


@pytest.mark.parametrize("line", [
    "{digest}  {name}", "{digest} *{name}", "SHA256 ({name}) = {digest}", "{name},{digest}",
])  # fmt: skip
def test_a_file_named_by_a_hash_of_its_own_is_found_in_the_senders_list(request_, owner, line):
    """Many services name media by a hash (an MD5 here): the list's hash is the one standing
    apart at the line's start or end, not the one inside the name."""
    name = "d41d8cd98f00b204e9800998ecf8427e.jpg"
    given = line.format(digest=sha(b"photo"), name=name) + f"\n{'0' * 64}  other.jpg"
    item = services.receive(
        request_, owner, name, [b"photo"], services.Receipt(supplied_hash=given)
    )
    assert item.supplied_hash_matches is True and item.supplied_hash == sha(b"photo")


def test_a_hash_list_not_in_utf8_is_refused_before_anything_is_added(request_, owner, tmp_path,
                                                                      capsys):  # fmt: skip
    """Saved on a Russian Windows in Windows-1251, its Cyrillic names would match no file: the
    command says how to save it, instead of comparing nothing."""
    production = tmp_path / "Выписка.csv"
    production.write_bytes(b"rows")
    sums = tmp_path / "SHA256SUMS"
    sums.write_bytes(f"{sha(b'rows')}  Выписка.csv\n{'0' * 64}  x.csv\n".encode("cp1251"))
    assert main(["evidence", "add", str(request_.pk), str(production), "--user", "owner",
                 "--hash-list", str(sums)]) != 0  # fmt: skip
    assert "UTF-8" in capsys.readouterr().err
    assert not EvidenceItem.objects.exists()


@pytest.mark.parametrize("line", ["{digest}  {name}", "SHA256 ({name}) = {digest}",
                                  "{name},{digest}", "{digest}"])  # fmt: skip
def test_a_list_pasted_with_windows_line_ends_and_a_byte_order_mark_is_read(
    request_, owner, client, line
):
    """Pasted from a list saved in Notepad, the first line began with an invisible mark: its
    file was compared with nothing ("none given"), or a lone hash was refused."""
    first, second = b"subscriber", b"logins"
    lines = [line.format(digest=sha(first), name="subscriber.csv")]
    uploads = {"subscriber.csv": first}
    if "{name}" in line:
        lines.append(line.format(digest=sha(second), name="logins.csv"))
        uploads["logins.csv"] = second
    client.force_login(owner)
    given = "\ufeff" + "\r\n".join(lines) + "\r\n"
    assert post_production(client, request_, uploads, given).status_code == 302
    assert set(EvidenceItem.objects.values_list("supplied_hash_matches", flat=True)) == {True}


def test_a_file_received_hundreds_of_times_lists_its_first_copies_and_counts_the_rest(
    request_, owner, client
):
    """A provider's certificate attached to every production: the page names the first copies,
    earliest first, and says how many more there are, instead of every one of them."""
    uploads = [services.Upload(f"certificate-{n}.pdf", [b"%PDF same"]) for n in range(26)]
    first, *copies = services.receive_all(request_, owner, uploads, RECEIPT)
    client.force_login(owner)
    page = client.get(f"/evidence/{copies[-1].pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    linked = [item.exhibit for item in [first, *copies] if f">{item.exhibit}</a>" in page]
    assert linked == [first.exhibit] + [item.exhibit for item in copies[:19]]
    assert "и ещё 5" in page


def test_the_senders_list_is_kept_once_for_the_whole_production(request_, owner, client):
    """A list of thousands of lines was stored again on every file received with it and every
    member taken out: it is kept once, and each of them points to it."""
    member, certificate = b"subscriber", b"%PDF"
    lines = [f"{sha(member)}  subscriber.csv", f"{sha(certificate)}  certificate.pdf"]
    given = "\n".join(lines + [f"{n:064x}  logs/{n}.csv" for n in range(1, 500)])
    client.force_login(owner)
    post_production(client, request_, {"production.zip": zip_bytes({"subscriber.csv": member}),
                                       "certificate.pdf": certificate}, given)  # fmt: skip
    archive = EvidenceItem.objects.get(original_name="production.zip")
    client.post(f"/evidence/{archive.pk}/extract/", {"member": ["subscriber.csv"]})
    assert SenderHashList.objects.get().text == given
    assert {i.sender_list_id for i in EvidenceItem.objects.all()} == {
        SenderHashList.objects.get().pk
    }
    assert EvidenceItem.objects.get(member_path="subscriber.csv").supplied_hash_matches is True


def test_plain_files_are_held_against_the_senders_list_as_an_archive_is(
    request_, owner, client, tmp_path, capsys
):
    """Plain files with the sender's list: the file the list names but that never came is named
    on receipt, on the command line and on each file's page, and a file the list does not name
    says so instead of reading as if the sender had given no hash."""
    given = "\r\n".join([f"{sha(b'a')}  subscriber.csv", f"{sha(b'b')}  logins.csv",
                         f"{sha(b'c')}  photos.zip"])  # fmt: skip
    client.force_login(owner)
    page = client.post(f"/requests/{request_.pk}/evidence/", {
        "files": [SimpleUploadedFile("subscriber.csv", b"a"), SimpleUploadedFile("notes.txt", b"n")],
        "received_from": "Meta", "channel": "LERS", "at": "2026-11-20T14:15",
        "zone": "Asia/Tbilisi", "supplied_hash": given,
    }, follow=True, HTTP_ACCEPT_LANGUAGE="ru").content.decode()  # fmt: skip
    warning = page.split("перечне хешей отправителя указаны файлы")[1].split("</")[0]
    assert "logins.csv" in warning and "photos.zip" in warning
    assert "subscriber.csv" not in warning and "в перечне не указан" in page
    notes = EvidenceItem.objects.get(original_name="notes.txt")
    assert notes.supplied_hash_matches is None
    notes_page = client.get(f"/evidence/{notes.pk}/").content.decode()
    assert "gives no hash for this file&#x27;s name" in notes_page
    assert "photos.zip" in notes_page.split("ask the sender for them.")[1].split("</p>")[0]


def test_the_files_inside_an_archive_received_are_not_asked_for_on_receipt(request_, owner, client):
    """A ZIP and the list of its files: what the list names is in the archive, to take out, not
    to ask the sender for; only the file named nowhere is."""
    given = f"{sha(b's')}  subscriber.csv\n{sha(b'i')}  logs/ip.csv\n{sha(b'm')}  messages.csv"
    client.force_login(owner)
    production = zip_bytes({"subscriber.csv": b"s", "logs/ip.csv": b"i"})
    assert post_production(client, request_, {"p.zip": production}, given).status_code == 302
    page = client.get(f"/requests/{request_.pk}/evidence/").content.decode()
    warning = page.split("ask the sender for them.")[1].split("</")[0]
    assert "messages.csv" in warning and "subscriber.csv" not in warning and "ip.csv" not in warning


def test_a_file_received_in_one_folder_does_not_stand_for_its_namesake_in_another(
    request_, owner, tmp_path, capsys
):
    """One messages.csv per account: the first account's file received does not make the
    second's, which never came, count as received."""
    (tmp_path / "production" / "account-1").mkdir(parents=True)
    (tmp_path / "production" / "account-1" / "messages.csv").write_bytes(b"a")
    sums = tmp_path / "SHA256SUMS"
    sums.write_text(f"{sha(b'a')}  account-1/messages.csv\n{sha(b'b')}  account-2/messages.csv\n")
    assert main(["evidence", "add", str(request_.pk), str(tmp_path / "production"),
                 "--user", "owner", "--hash-list", str(sums)]) == 0  # fmt: skip
    said = capsys.readouterr().out.split("ask the sender for them.")[1]
    assert "account-2/messages.csv" in said and "account-1/messages.csv" not in said


@pytest.mark.django_db(transaction=True)
def test_upgrading_keeps_each_production_s_list_once():
    """The lists kept on every item before are kept once per production once upgraded, and
    each item still reads the list it was received with."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("evidence", "0002_sender_hashes")], [("evidence", "0003_sender_hash_list")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    # Written as the tables were, past the services: no audit event, which nothing may delete.
    case = old.get_model("cases", "Case").objects.create(
        reference="C-1", title="t", requesting_country="GE", stage="planning"
    )
    request = old.get_model("cases", "Request").objects.create(
        case=case, type="preservation", channel="provider_direct", requesting_country="GE"
    )
    first, second = f"{'a' * 64}  a.csv\n{'b' * 64}  b.csv", f"{'c' * 64}  c.csv\n{'d' * 64}  d"
    for n, text in enumerate([first, first, second, second, ""]):
        old.get_model("evidence", "EvidenceItem").objects.create(
            request=request, exhibit=f"E{n}", original_name=f"{n}.csv", size=1,
            sha256=f"{n:064x}", received_at=datetime.now(UTC), created_at=datetime.now(UTC),
            sender_hashes=text,
        )  # fmt: skip
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    assert sorted(SenderHashList.objects.values_list("text", flat=True)) == [first, second]
    lists = dict(EvidenceItem.objects.values_list("exhibit", "sender_list__text"))
    assert lists == {"E0": first, "E1": first, "E2": second, "E3": second, "E4": None}
