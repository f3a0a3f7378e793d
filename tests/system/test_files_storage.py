"""The file store on local disk and in an S3-compatible bucket (moto, in-process): the same
behaviour either way — stored once by SHA-256, read back, listed, refused past the limit,
downloaded as an attachment — and the evidence flow works on both."""

import hashlib
import io
import os
import re
import zipfile

import boto3
import pytest
from django.http import Http404
from moto import mock_aws

from evidesk import config
from evidesk.cases.demo import load_demo
from evidesk.cases.models import Request
from evidesk.cli import main
from evidesk.evidence import services
from evidesk.evidence.models import EvidenceItem
from evidesk.system import files

BUCKET = "evidesk-test"
S3_ENV = {
    "EVIDESK_STORAGE": "s3",
    "EVIDESK_S3_BUCKET": BUCKET,
    "EVIDESK_S3_REGION": "eu-central-1",
    "EVIDESK_S3_ACCESS_KEY_ID": "test-key",
    "EVIDESK_S3_SECRET_ACCESS_KEY": "test-secret",
}


@pytest.fixture(params=["local", "s3"])
def store(request, settings, monkeypatch, tmp_path):
    """Each test runs once on the local store and once on a bucket configured as an operator
    would, through the EVIDESK_S3_* variables; in a data folder of its own."""
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    if request.param == "local":
        yield None
        return
    for name, value in S3_ENV.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-central-1")
        s3.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
        )
        settings.STORAGES = {**settings.STORAGES, **config.storage_from_env().django_storages()}
        yield s3


def bucket_keys(s3) -> list[str]:
    return [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def key(sha256: str) -> str:
    return f"files/{sha256[:2]}/{sha256}"


def leftovers() -> list:
    """Whatever a write left in the data folder besides kept files (on S3 the data folder only
    ever holds nameless temporaries, so nothing at all)."""
    return [
        path
        for path in files.store_root().parent.rglob("*")
        if path.is_file() and not re.fullmatch(r"[0-9a-f]{64}", path.name)
    ]


def test_a_file_is_stored_once_read_back_and_listed(store):
    data = os.urandom(3 * files.CHUNK + 17)
    first = files.store_hashed([data[:100], data[100:]], legacy_hashes=True)
    again = files.store_hashed([data])
    assert first.sha256 == again.sha256 == hashlib.sha256(data).hexdigest()
    assert first.md5 == hashlib.md5(data).hexdigest()  # noqa: S324
    assert files.exists(first.sha256) and not files.exists("0" * 64)
    with files.open_stored(first.sha256) as handle:
        assert handle.read() == data
        handle.seek(-17, io.SEEK_END)
        assert handle.read() == data[-17:]
        handle.seek(5)
        assert handle.read(10) == data[5:15]
    assert list(files.all_stored()) == [first.sha256]
    if store is not None:
        # Stored once, under the prefix, named as on disk.
        assert bucket_keys(store) == [key(first.sha256)]
    assert leftovers() == []


def test_a_local_store_copied_into_a_bucket_as_it_is_serves_the_same_files(settings, tmp_path):
    """Moving to S3 is one `aws s3 sync DATA_DIR/files s3://BUCKET/files` (docs/storage.md)."""
    settings.DATA_DIR = tmp_path
    digests = {files.store([os.urandom(1000)], limit=2000)[0] for _ in range(3)}
    (files.store_root() / f"{files.INCOMING}unfinished").write_bytes(b"half")
    local = files.store_root()
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        for path in local.rglob("*"):
            if path.is_file():
                s3.upload_file(str(path), BUCKET, f"files/{path.relative_to(local).as_posix()}")
        s3_storage = config.StorageConfig(kind="s3", bucket=BUCKET).django_storages()
        settings.STORAGES = {**settings.STORAGES, **s3_storage}
        assert set(files.all_stored()) == digests
        for digest in digests:
            assert files.stored_sha256(digest) == digest


def test_a_missing_file_is_not_found(store):
    with pytest.raises(FileNotFoundError):
        files.open_stored("a" * 64)
    with pytest.raises(Http404):
        files.download("a" * 64, "a.csv")


def test_too_large_keeps_nothing(store):
    with pytest.raises(files.TooLarge):
        files.store([b"a" * 600, b"b" * 600], limit=1000)
    assert list(files.all_stored()) == [] and leftovers() == []
    if store is not None:
        assert bucket_keys(store) == []


def test_a_download_is_an_attachment_in_a_sandbox(store):
    data = os.urandom(2 * files.CHUNK + 5)
    digest, _ = files.store([data], limit=10 * files.CHUNK)
    response = files.download(digest, "records.csv")
    assert b"".join(response.streaming_content) == data
    assert response["Content-Length"] == str(len(data))
    assert response["Content-Disposition"] == 'attachment; filename="records.csv"'
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    response.file_to_stream.close()


@pytest.mark.django_db
def test_evidence_is_received_extracted_verified_and_exported(store, owner, kb, tmp_path):
    load_demo(owner)
    request = Request.objects.get(case__reference="DEMO-GE-0412", type="preservation")
    buffer = io.BytesIO()
    members = {"subscriber.csv": b"name,ip\nA,203.0.113.5\n", "logs/big.bin": os.urandom(300_000)}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    received = services.receive(request, owner, "production.zip", [buffer.getvalue()],
                                services.Receipt(received_from="Google LLC"))  # fmt: skip
    listed = services.listing(received)
    assert sorted(m.name for m in listed.members) == sorted(members)
    taken = services.extract(received, ["logs/big.bin"], owner)
    assert taken[0].sha256 == hashlib.sha256(members["logs/big.bin"]).hexdigest()
    assert [status for _, status in services.verify([received, *taken], owner)] == ["ok", "ok"]
    out = tmp_path / "package.zip"
    services.export_to_path(request.case, [received, *taken], owner, out)
    with zipfile.ZipFile(out) as package:
        assert package.read(f"files/{received.exhibit}-production.zip") == buffer.getvalue()
        assert package.read(f"files/{taken[0].exhibit}-big.bin") == members["logs/big.bin"]
    assert EvidenceItem.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("store", ["s3"], indirect=True)  # on disk: tests/evidence
def test_verify_finds_a_changed_and_a_deleted_file_in_the_bucket(store, owner, kb):
    load_demo(owner)
    request = Request.objects.get(case__reference="DEMO-GE-0412", type="preservation")
    first = services.receive(request, owner, "a.csv", [b"first file"], services.Receipt())
    second = services.receive(request, owner, "b.csv", [b"second file"], services.Receipt())
    store.put_object(Bucket=BUCKET, Key=key(first.sha256), Body=b"First file")
    store.delete_object(Bucket=BUCKET, Key=key(second.sha256))
    assert [status for _, status in services.verify([first, second])] == ["mismatch", "missing"]


def test_large_uploads_are_spooled_to_a_file_without_a_name(settings):
    handler = files.AnonymousUploadHandler()
    handler.new_file("file", "production.bin", "application/octet-stream", None)
    handler.receive_data_chunk(b"x" * 10, 0)
    upload = handler.file_complete(10)
    # No name on disk: a server killed now leaves nothing behind.
    assert os.fstat(upload.file.fileno()).st_nlink == 0
    assert b"".join(upload.chunks()) == b"x" * 10 and upload.size == 10
    handler.upload_interrupted()
    assert upload.closed


@pytest.mark.parametrize(
    ("env", "phrase"),
    [
        ({"EVIDESK_STORAGE": "ftp"}, "not a storage evidesk knows"),
        ({"EVIDESK_STORAGE": "s3"}, "set EVIDESK_S3_BUCKET"),
        (
            {"EVIDESK_STORAGE": "s3", "EVIDESK_S3_BUCKET": "b", "EVIDESK_S3_ACCESS_KEY_ID": "k"},
            "go together",
        ),
    ],
)
def test_a_wrong_storage_configuration_stops_the_start_with_one_clear_line(
    env, phrase, monkeypatch, capsys
):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["worker"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("evidesk: error: ") and phrase in err and len(err.splitlines()) == 1


def test_minio_or_ceph_is_reached_by_path_under_the_prefix(monkeypatch):
    for name, value in {**S3_ENV, "EVIDESK_S3_ENDPOINT_URL": "http://minio:9000",
                        "EVIDESK_S3_PREFIX": "office/evidence/"}.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    options = config.storage_from_env().django_storages()[config.S3_STORAGE_ALIAS]["OPTIONS"]
    assert options["endpoint_url"] == "http://minio:9000" and options["addressing_style"] == "path"
    assert options["location"] == "office/evidence" and options["bucket_name"] == BUCKET
    monkeypatch.delenv("EVIDESK_STORAGE")
    assert config.storage_from_env().django_storages() == {}
