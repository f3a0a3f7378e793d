"""The `evidesk` command. Each sub-command is a thin shell over the same services the pages use."""

from __future__ import annotations

import argparse
import errno
import getpass
import ipaddress
import os
import signal
import socket
import sys
import time
from collections.abc import Callable, Sequence

from evidesk import config

EXIT_USAGE = 2
EXIT_FAILURE = 1
# Request threads of `evidesk serve`: few, because Python runs one at a time. The more threads
# share a process, the longer its heaviest pages take, each sharing the processor with more of
# the others (docs/performance.md measured 1, 2, 4 and 8): two still let a long upload run
# beside everyone else's pages.
SERVE_THREADS = 2
# The request types `evidesk draft` writes (drafting.inputs.TYPES, without importing Django).
DRAFT_TYPES = [
    "preservation", "extension", "disclosure", "emergency", "mla-stored", "mla-realtime",
    "follow-up",
]  # fmt: skip


class CommandError(Exception):
    """A failure explained in one line; exit_code says how the command ends."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def say(message: str = "") -> None:
    print(message, flush=True)


# --- start-up -----------------------------------------------------------------------------


def start_django(ensure_data_dir: bool = True) -> config.InstallConfig:
    """Check the configuration, start Django and prove the database answers."""
    try:
        install = config.load(ensure=ensure_data_dir)
    except config.ConfigError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from exc
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "evidesk.settings")
    import django

    django.setup()
    check_database(install)
    return install


def check_database(install: config.InstallConfig) -> None:
    from django.db import OperationalError, connection

    try:
        connection.ensure_connection()
    except OperationalError as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else "no answer"
        if install.uses_sqlite:
            raise CommandError(
                f"cannot open the SQLite database {install.database['NAME']}: {detail}"
            ) from exc
        db = install.database
        where = f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db.get('NAME')}"
        raise CommandError(
            f"cannot reach PostgreSQL at {where} ({detail}). Check that the server is running "
            f"and that {config.DATABASE_URL_ENV} is right."
        ) from exc


def prepare_database(verbose: bool = True) -> None:
    """Apply migrations and load the shipped knowledge base: safe to run at every start."""
    from django.core.management import call_command

    if verbose:
        say("Preparing the database…")
    call_command("migrate", interactive=False, verbosity=0)
    from evidesk.knowledge.services import load_shipped_knowledge

    summary = load_shipped_knowledge()
    if verbose:
        say(f"Knowledge base: {summary}")


# --- serve and worker -----------------------------------------------------------------------


def bind_socket(host: str, port: int) -> socket.socket:
    try:
        family = socket.AF_INET6 if ipaddress.ip_address(host).version == 6 else socket.AF_INET
    except ValueError:
        family = socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    if os.name != "nt":
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise CommandError(
                f"port {port} on {host} is already in use. Stop the program using it, "
                f"or start evidesk on another port: evidesk serve --port {port + 1}"
            ) from exc
        if exc.errno == errno.EACCES:
            raise CommandError(
                f"not allowed to listen on port {port}. Use a port above 1024, e.g. --port 8000"
            ) from exc
        raise CommandError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    sock.listen(128)
    return sock


def url_for(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in {"0.0.0.0", ""} else host  # noqa: S104
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def trusted_proxy_settings() -> dict:
    """Behind a reverse proxy (EVIDESK_TRUSTED_PROXY=its address), the client's address comes
    from the proxy's X-Forwarded-For: the lock-out and the audit trail then see the real
    client, not the proxy."""
    proxy = os.environ.get("EVIDESK_TRUSTED_PROXY", "").strip()
    if not proxy:
        return {}
    return {
        "trusted_proxy": proxy,
        "trusted_proxy_count": 1,
        "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
    }


def cmd_serve(args: argparse.Namespace) -> int:
    sock = bind_socket(args.host, args.port)
    install = start_django()
    allow_host(args.host)
    prepare_database()
    import waitress

    from evidesk.accounts.services import any_user_exists
    from evidesk.system.worker import BackgroundWorker
    from evidesk.wsgi import application

    worker = None
    if not args.no_worker:
        worker = BackgroundWorker()
        worker.start_thread()
    # Proxy headers reach Django untouched: the setup page must see that a request came through
    # a proxy (waitress would otherwise strip them and the proxied request would look local).
    server = waitress.create_server(
        application,
        sockets=[sock],
        threads=args.threads,
        clear_untrusted_proxy_headers=False,
        # Productions can be several gigabytes; Django streams them to disk, never to memory.
        max_request_body_size=config.max_request_bytes(),
        **trusted_proxy_settings(),
    )
    url = url_for(args.host, args.port)
    say(f"Data folder: {install.data_dir}")
    say(f"evidesk is running at {url}  (press Ctrl+C to stop)")
    if not any_user_exists():
        say(f"First run: open {url}setup/ on this computer to create the administrator.")
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    try:
        server.run()
    except KeyboardInterrupt:
        say("Stopping…")
    finally:
        server.close()
        if worker:
            worker.stop()
    return 0


def allow_host(host: str) -> None:
    """Accept requests addressed to the host the server was told to listen on."""
    from django.conf import settings

    if host not in {"0.0.0.0", "::", ""} and host not in settings.ALLOWED_HOSTS:  # noqa: S104
        settings.ALLOWED_HOSTS.append(f"[{host}]" if ":" in host else host)


def _raise_keyboard_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def cmd_worker(args: argparse.Namespace) -> int:
    start_django()
    from evidesk.system.worker import BackgroundWorker

    worker = BackgroundWorker()
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    say(f"Background worker {worker.name} running (Ctrl+C to stop)")
    try:
        worker.run_forever()
    except KeyboardInterrupt:
        worker.stopping.set()
    return 0


# --- accounts and demo ----------------------------------------------------------------------


def cmd_createadmin(args: argparse.Namespace) -> int:
    start_django()
    prepare_database(verbose=False)
    from django.core.exceptions import ValidationError

    from evidesk.accounts.services import create_administrator

    username = args.username or _ask("User name: ")
    password = os.environ.get("EVIDESK_ADMIN_PASSWORD") or _ask_password()
    try:
        user = create_administrator(username, password, args.email or "", args.full_name or "")
    except ValidationError as exc:
        raise CommandError("; ".join(_validation_messages(exc)), EXIT_USAGE) from exc
    say(f"Administrator {user.username!r} created. Log in at /accounts/login/.")
    return 0


def _ask(prompt: str) -> str:
    if not sys.stdin.isatty():
        raise CommandError(f"{prompt.strip(': ')} is required (give it as an option).", EXIT_USAGE)
    return input(prompt)


def _ask_password() -> str:
    if not sys.stdin.isatty():
        raise CommandError(
            "no password given: run this in a terminal, or set EVIDESK_ADMIN_PASSWORD.", EXIT_USAGE
        )
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password again: "):
        raise CommandError("the two passwords differ.", EXIT_USAGE)
    return first


def _validation_messages(exc) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [f"{field}: {msg}" for field, msgs in exc.message_dict.items() for msg in msgs]
    return list(exc.messages)


def cmd_demo(args: argparse.Namespace) -> int:
    start_django()
    prepare_database(verbose=False)
    from evidesk.accounts.models import Role, User
    from evidesk.cases.demo import load_demo

    owners = (
        User.objects.filter(username=args.owner)
        if args.owner
        else User.objects.filter(role=Role.ADMINISTRATOR).order_by("pk")
    )
    owner = owners.first()
    if owner is None:
        raise CommandError(
            f"no user named {args.owner!r}."
            if args.owner
            else "no administrator yet: run `evidesk createadmin` (or open /setup/) first."
        )
    created = load_demo(owner)
    if not created:
        say("The demo cases are already loaded.")
    for case in created:
        say(f"Demo case {case.reference}: {case.title}")
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    """Django's own management commands, for operators (collectstatic, shell, …)."""
    start_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["evidesk manage", *args.rest])
    return 0


# --- knowledge base -----------------------------------------------------------------------


def cmd_kb_validate(args: argparse.Namespace) -> int:
    from pathlib import Path

    from evidesk.knowledge import files

    folder = Path(args.folder) if args.folder else files.SHIPPED_DIR
    kb = files.read_folder(folder)
    for problem in kb.problems:
        print(problem, file=sys.stderr)
    if not kb.ok:
        raise CommandError(f"{len(kb.problems)} problem(s) in {folder}")
    counts = kb.count()
    say(
        f"Knowledge base OK: {counts['jurisdiction']} jurisdictions, "
        f"{counts['instrument']} instruments, {counts['provider']} providers."
    )
    return 0


def cmd_kb_show(args: argparse.Namespace) -> int:
    start_django()
    prepare_database(verbose=False)
    from evidesk.knowledge import presentation
    from evidesk.knowledge.services import find_entry

    entry = find_entry(args.key)
    if entry is None:
        raise CommandError(
            f"nothing in the knowledge base is called {args.key!r}: give an ISO country code "
            "(GE), an instrument id (budapest) or a provider (google, gmail.com)",
            EXIT_USAGE,
        )
    if output_format(args) == "json":
        print_json({"type": entry.kind, "key": entry.key, **entry.data})
    else:
        say(presentation.entry_text(entry, as_of=today()))
    return 0


def cmd_kb_stale(args: argparse.Namespace) -> int:
    start_django()
    prepare_database(verbose=False)
    from evidesk.knowledge.services import stale_facts

    days = parse_days(args.older_than)
    rows = stale_facts(today(), days)
    if output_format(args) == "json":
        print_json(
            [
                {
                    "kind": e.kind,
                    "key": e.key,
                    "fact": f.name,
                    "verified_on": f.verified_on.isoformat(),
                    "age_days": f.age_days(today()),
                }
                for e, f in rows
            ]
        )
        return 0
    for entry, fact in rows:
        say(
            f"{entry.kind:12} {entry.key:10} {fact.name:32} verified {fact.verified_on} "
            f"({fact.age_days(today())} days ago)"
        )
    say(f"{len(rows)} fact(s) verified more than {days} days ago.")
    return 0


def cmd_kb_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    start_django()
    prepare_database(verbose=False)
    from evidesk.knowledge.services import export_folder

    folder = Path(args.folder)
    try:
        written = export_folder(folder)
    except OSError as exc:
        raise CommandError(f"cannot write to {folder}: {exc.strerror}") from exc
    say(f"Exported {written} records to {folder}")
    return 0


def cmd_kb_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    start_django()
    prepare_database(verbose=False)
    from evidesk.knowledge.services import KnowledgeError, import_folder

    try:
        summary = import_folder(Path(args.folder))
    except KnowledgeError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        raise CommandError(
            f"{len(exc.problems)} problem(s): nothing was imported", EXIT_FAILURE
        ) from exc
    say(f"Imported {args.folder}: {summary['records']} records, {summary['changed']} changed.")
    return 0


def cmd_kb_resolve(args: argparse.Namespace) -> int:
    start_django()
    prepare_database(verbose=False)
    from evidesk.knowledge.resolver import resolve
    from evidesk.knowledge.services import current_snapshot

    result = resolve(args.identifier, current_snapshot(), args.platform, args.country)
    if output_format(args) == "json":
        print_json(result.as_dict())
    elif result.error:
        say(f"{args.identifier!r}: {result.error}")
    else:
        say(f"kind:             {result.kind}")
        say(f"normalised:       {result.normalized}")
        say(f"provider:         {result.provider or 'unknown'}")
        say(f"provider country: {result.provider_country or 'unknown'}")
        for note in result.notes:
            say(f"note:             {note}")
    return 0 if not result.error else EXIT_FAILURE


def output_format(args: argparse.Namespace) -> str:
    return args.format or ("text" if sys.stdout.isatty() else "json")


def print_json(data) -> None:
    import json

    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def today():
    """Today's date in UTC, the product's clock; usable before Django has started."""
    from datetime import UTC, datetime

    return datetime.now(UTC).date()


def parse_days(text: str, option: str = "--older-than") -> int:
    import re

    match = re.fullmatch(r"(\d+)\s*d?", text.strip())
    if not match:
        raise CommandError(f"{option} takes a number of days, like 7d (got {text!r})", EXIT_USAGE)
    return int(match.group(1))


# --- deadlines ----------------------------------------------------------------------------------


def cmd_deadlines(args: argparse.Namespace) -> int:
    from datetime import timedelta

    start_django()
    prepare_database(verbose=False)
    from evidesk.cases.access import deadlines_to_act_on
    from evidesk.cases.models import Deadline

    horizon = today() + timedelta(days=parse_days(args.within, "--within"))
    if args.user:
        rows = deadlines_to_act_on(_user_named(args.user))
    else:
        rows = Deadline.objects.select_related("request", "request__case")  # the operator's view
    rows = list(rows.filter(due__lte=horizon).order_by("due"))
    if output_format(args) == "json":
        print_json(
            [
                {
                    "due": d.due.isoformat(),
                    "kind": d.kind,
                    "overdue": d.due < today(),
                    "case": d.request.case.reference,
                    "request": d.request.pk,
                    "request_type": d.request.type,
                    "reason": d.reason,
                    "sources": d.sources,
                }
                for d in rows
            ]
        )
        return 0
    for d in rows:
        flag = "OVERDUE " if d.due < today() else ""
        say(f"{d.due}  {flag}{d.get_kind_display():28} {d.request.case.reference:16} {d.reason}")
    say(f"{len(rows)} deadline(s) up to {horizon}.")
    return 0


# --- audit trail ------------------------------------------------------------------------------


def cmd_audit_verify(args: argparse.Namespace) -> int:
    start_django()
    prepare_database(verbose=False)
    from evidesk.audit.services import verify_trail

    verdict = verify_trail()
    if verdict.ok:
        say(f"Audit trail intact: {verdict.checked} events, every link checked.")
        return 0
    where = f" at event #{verdict.broken_at}" if verdict.broken_at else ""
    raise CommandError(
        f"audit trail BROKEN{where}: {verdict.reason} "
        f"({verdict.checked} events before it are intact)"
    )


# --- advisor --------------------------------------------------------------------------------


def read_scenario(path: str) -> dict:
    """A scenario file as a mapping, or a one-line error naming what is wrong (exit status 2)."""
    import yaml

    try:
        with open(path, encoding="utf-8") as handle:
            raw = yaml.safe_load(handle)
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}", EXIT_USAGE) from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CommandError(
            f"{path} is not readable YAML: {str(exc).splitlines()[0]}", EXIT_USAGE
        ) from exc
    return raw


def cmd_advise(args: argparse.Namespace) -> int:
    raw = read_scenario(args.file)
    from evidesk.advisor.engine import advise
    from evidesk.advisor.errors import FactsError
    from evidesk.advisor.facts import parse_case
    from evidesk.advisor.report import plan_text

    try:
        case = parse_case(raw, as_of=today())
        start_django()
        prepare_database(verbose=False)
        from evidesk.knowledge.services import current_snapshot

        plan = advise(case, current_snapshot())
    except FactsError as exc:
        raise CommandError(
            f"{args.file}: " + "; ".join(f"{f}: {m}" for f, m in exc.problems), EXIT_USAGE
        ) from exc
    if output_format(args) == "json":
        print_json(plan)
    else:
        sys.stdout.write(plan_text(plan))
    return 0


def _reach(username: str, access, object_id: int, what: str, *need):
    """The user named, and the object they may reach through the permission layer; a case or
    request outside their reach is reported as not there, as the pages do."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    user = _user_named(username)
    try:
        return user, access(user, object_id, *need)
    except (Http404, PermissionDenied) as exc:
        raise CommandError(
            f"no {what} {object_id} that {username} may {'change' if need else 'see'}"
        ) from exc


def _user_named(username: str):
    from evidesk.accounts.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"no user named {username!r}", EXIT_USAGE)
    return user


def _token_owner(args: argparse.Namespace):
    start_django()
    prepare_database(verbose=False)
    return _user_named(args.user)


def cmd_token_create(args: argparse.Namespace) -> int:
    """A token for a system an IT officer connects, without opening the pages."""
    from django.core.exceptions import ValidationError

    from evidesk.api.tokens import create_token

    user = _token_owner(args)
    try:
        token, secret = create_token(user, args.name, args.scope)
    except ValidationError as exc:
        raise CommandError(" ".join(exc.messages), EXIT_USAGE) from exc
    say(f"Token {token.pk} '{token.name}' ({token.scope}) for {user.username}:")
    print(secret)
    say("Copy it now: it is not shown again.")
    return 0


def cmd_token_list(args: argparse.Namespace) -> int:
    for token in _token_owner(args).api_tokens.all():
        state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "active"
        used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
        say(f"{token.pk:>5}  {token.prefix}…  {token.scope:<5}  {state:<18} used {used}  "
            f"{token.name}")  # fmt: skip
    return 0


def cmd_token_revoke(args: argparse.Namespace) -> int:
    from evidesk.api.tokens import revoke_token

    user = _token_owner(args)
    token = user.api_tokens.filter(pk=args.id).first()
    if token is None:
        raise CommandError(f"{user.username} has no token {args.id}", EXIT_USAGE)
    revoke_token(token, user)
    say(f"Token {token.pk} '{token.name}' revoked: it no longer works.")
    return 0


def cmd_draft(args: argparse.Namespace) -> int:
    from evidesk.drafting.checks import blocking, check
    from evidesk.drafting.compose import compose
    from evidesk.drafting.inputs import TYPES
    from evidesk.drafting.language import parse_languages
    from evidesk.drafting.output import findings_text, render

    try:
        languages = parse_languages(args.lang)
    except ValueError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from exc
    if bool(args.file) == bool(args.request):
        raise CommandError("give either a scenario FILE or --request ID", EXIT_USAGE)
    if args.file:
        if not args.type:
            raise CommandError("--type is required with a scenario file", EXIT_USAGE)
        draft = _draft_from_scenario(args.file, TYPES[args.type])
    else:
        draft = _draft_from_request(args)
    findings = check(draft, languages)
    sys.stderr.write(findings_text(findings))
    if not args.check:
        if not args.output:
            raise CommandError("give the output file with -o FILE (or use --check)", EXIT_USAGE)
        content = render(compose(draft, tuple(findings)), languages, args.format)
        if args.output == "-":  # the usual convention: the document on standard output
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
            return 0
        try:
            with open(args.output, "wb") as handle:
                handle.write(content)
        except OSError as exc:
            raise CommandError(f"cannot write {args.output}: {exc.strerror}") from exc
        say(f"Wrote {args.output} ({len(content):,} bytes).")
    return EXIT_FAILURE if args.check and blocking(findings) else 0


def _draft_from_scenario(path: str, kind: str):
    """No database: the shipped knowledge base, read from its files."""
    from evidesk.advisor.errors import FactsError
    from evidesk.drafting.inputs import from_scenario
    from evidesk.knowledge.files import SHIPPED_DIR
    from evidesk.knowledge.snapshot import KnowledgeSnapshot

    raw = read_scenario(path)
    try:
        return from_scenario(raw, kind, KnowledgeSnapshot.from_folder(SHIPPED_DIR))
    except FactsError as exc:
        raise CommandError(
            f"{path}: " + "; ".join(f"{f}: {m}" for f, m in exc.problems), EXIT_USAGE
        ) from exc
    except ValueError as exc:
        raise CommandError(f"{path}: {exc}", EXIT_USAGE) from exc


def _draft_from_request(args: argparse.Namespace):
    """A stored request, read through the permission layer as the named user."""
    if not args.user:
        raise CommandError("--user NAME is required with --request: case data are need-to-know")
    start_django()
    prepare_database(verbose=False)
    from django.core.exceptions import ValidationError

    from evidesk.cases.access import access_request
    from evidesk.drafting.inputs import TYPES
    from evidesk.drafting.stored import draft_input_for

    _, request = _reach(args.user, access_request, args.request, "request")
    try:
        return draft_input_for(request, args.type and TYPES[args.type])
    except ValidationError as exc:
        raise CommandError(" ".join(exc.messages), EXIT_USAGE) from exc


class TerminalProgress:
    """A line on standard error that follows a long copy: bytes done, percent, speed."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.started, self.shown = label, max(total, 1), time.monotonic(), 0

    def __call__(self, done: int) -> None:
        if done - self.shown < 64 * 1024 * 1024 and done < self.total:
            return
        self.shown = done
        speed = done / max(time.monotonic() - self.started, 1e-6) / 1024**2
        sys.stderr.write(
            f"\r{self.label}: {done / 1024**2:,.0f} / {self.total / 1024**2:,.0f} MB "
            f"({100 * done / self.total:.0f}%) {speed:,.0f} MB/s"
        )
        if done >= self.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _evidence_files(paths: list[str]) -> list[tuple]:
    """The files named, and every file inside the folders named, each with the name it is
    received under: a file in a folder keeps its path inside it (a production may hold one
    "messages.csv" per account, and the sender's list tells them apart by their folders)."""
    from pathlib import Path

    found = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found += [(file, file.relative_to(path).as_posix()) for file in _folder_files(path)]
        elif path.is_file():
            found.append((path, path.name))
        else:
            raise CommandError(f"{given}: no such file or folder", EXIT_USAGE)
    return found


def _folder_files(folder) -> list:
    """The ordinary files in a folder and its subfolders. A link inside it may point anywhere on
    this computer (a key, another case's file), and a device or pipe is not a file: either is
    refused, before anything is received, rather than followed or silently left out."""
    inside = sorted(folder.rglob("*"))
    odd = [p for p in inside if p.is_symlink() or not (p.is_dir() or p.is_file())]
    if odd:
        listed = ", ".join(str(p) for p in odd[:5]) + (" …" if len(odd) > 5 else "")
        raise CommandError(
            f"Nothing was added: {listed} in the folder is a link or a special file, not a "
            "file. Copy the file itself into the folder, or name it on the command line.",
            EXIT_USAGE,
        )
    return [p for p in inside if p.is_file()]


def _senders_hashes(args: argparse.Namespace) -> str:
    """The hash given on the command line, or the text of the sender's list of hashes."""
    if not args.hash_list:
        return args.supplied_hash or ""
    try:  # a byte-order mark it may begin with is the reading's (senderhashes) to pass over
        with open(args.hash_list, encoding="utf-8") as listed:
            return listed.read()
    except OSError as exc:
        raise CommandError(f"{args.hash_list}: {exc.strerror}", EXIT_USAGE) from exc
    except UnicodeDecodeError as exc:
        # Read otherwise, a name in Cyrillic (Windows-1251) would match no file, silently.
        raise CommandError(
            f"Nothing was added: {args.hash_list} is not text in UTF-8 (saved in Windows-1251, "
            "perhaps). Save it again as UTF-8 (in Notepad: Save as, Encoding: UTF-8) and repeat.",
            EXIT_USAGE,
        ) from exc


def cmd_evidence_add(args: argparse.Namespace) -> int:
    paths = _evidence_files(args.files)
    start_django()
    prepare_database(verbose=False)
    from django.core.exceptions import ValidationError

    from evidesk.cases.access import MOVE, access_request
    from evidesk.evidence.access import received_before
    from evidesk.evidence.models import NOT_SENT
    from evidesk.evidence.services import Receipt, Upload, listed_not_received, receive_all
    from evidesk.system.files import read_chunks

    user, request = _reach(args.user, access_request, args.request, "request", MOVE)
    receipt = Receipt(received_from=args.sender or "", channel=args.channel or "",
                      provider_reference=args.reference or "",
                      supplied_hash=_senders_hashes(args))  # fmt: skip
    uploads = [Upload(name, read_chunks(path), TerminalProgress(name, path.stat().st_size))
               for path, name in paths]  # fmt: skip
    try:  # all the files or none, as on the page
        items = receive_all(request, user, uploads, receipt)
    except ValidationError as exc:
        raise CommandError(f"Nothing was added: {' '.join(exc.messages)}", EXIT_USAGE) from exc
    for item, (path, _name) in zip(items, paths, strict=True):
        listed = item.supplied_hash or item.sender_list_id
        verdict = f"sender's hash {item.senders_hash_verdict()}" if listed else ""
        say(f"{item.exhibit}  {item.sha256}  {path}  {verdict}".rstrip())
        if earlier := received_before(user, item):
            say(f"  the same file as {earlier.exhibit}, received on {earlier.received_at:%Y-%m-%d}")
    if not_sent := listed_not_received(items):
        say(f"{NOT_SENT} {', '.join(not_sent)}")
    return 0


def cmd_evidence_verify(args: argparse.Namespace) -> int:
    start_django()
    prepare_database(verbose=False)
    from evidesk.evidence.models import VERIFICATION_RESULTS, EvidenceItem
    from evidesk.evidence.services import verify

    user = None  # the operator's check of the whole store is written as evidesk's own
    if args.user:  # a user's own evidence, through the permission layer, checked by them
        from evidesk.evidence.access import evidence_visible_to

        user = _user_named(args.user)
        items = evidence_visible_to(user).order_by("pk")
    else:  # the operator's integrity check of the whole store
        items = EvidenceItem.objects.select_related("request__case").order_by("pk")
    if args.case:
        items = items.filter(request__case_id=args.case)
    bad = 0
    for item, status in verify(items, user):
        if status != "ok":
            bad += 1
            sys.stderr.write(f"{status.upper()}: {item.exhibit} {item.original_name}: "
                             f"{VERIFICATION_RESULTS[status]}\n")  # fmt: skip
    say(f"{len(items) - bad} of {len(items)} evidence files intact.")
    return EXIT_FAILURE if bad else 0


def cmd_evidence_export(args: argparse.Namespace) -> int:
    start_django()
    prepare_database(verbose=False)
    from pathlib import Path

    from django.core.exceptions import ValidationError

    from evidesk.cases.access import access_case
    from evidesk.evidence.access import evidence_visible_to
    from evidesk.evidence.services import export_to_path

    user, case = _reach(args.user, access_case, args.case, "case")
    items = list(evidence_visible_to(user).filter(request__case=case))
    try:
        digest = export_to_path(case, items, user, Path(args.output))
    except ValidationError as exc:
        raise CommandError(" ".join(exc.messages)) from exc
    say(f"Wrote {args.output}: {len(items)} evidence files with manifest, custody and CASE/UCO.")
    say(f"SHA-256 of the package (recorded on the chain of custody): {digest}")
    return 0


def _date_arg(value: str | None, name: str):
    from datetime import date

    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            f"{name} must be a date like 2026-01-31, not {value!r}", EXIT_USAGE
        ) from exc


def cmd_stats(args: argparse.Namespace) -> int:
    since, until = _date_arg(args.since, "--from"), _date_arg(args.until, "--to")
    if since and until and until < since:
        raise CommandError("--to is before --from", EXIT_USAGE)
    start_django()
    prepare_database(verbose=False)
    from evidesk.reports.services import figures_as_data, figures_for
    from evidesk.reports.text import figures_text

    user = _user_named(args.user) if args.user else None
    figures = figures_for(user, since, until)
    if output_format(args) == "json":
        print_json(figures_as_data(figures))
    else:
        sys.stdout.write(figures_text(figures))
    return 0


# --- backup and restore ---------------------------------------------------------------------


def cmd_backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    folder = Path(args.folder)
    if args.verify:  # no database needed: a copy can be checked on any computer
        from evidesk.system.backup import BackupError, verify_backup

        try:
            summary = verify_backup(folder, TerminalProgress)
        except BackupError as exc:
            raise _backup_failed(exc) from exc
        say(
            f"Backup {folder} is complete and intact: {_backup_contents(summary)}, taken "
            f"{summary.taken_at} by evidesk {summary.evidesk_version}."
        )
        return 0
    start_django()
    from evidesk.system.backup import BackupError, take_backup

    say(f"Backing up to {folder}…")
    try:
        summary = take_backup(folder, TerminalProgress)
    except BackupError as exc:
        raise _backup_failed(exc) from exc
    say(f"Backup written to {folder}: {_backup_contents(summary)}.")
    say(f"Check it (and every copy of it) with: evidesk backup --verify {folder}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    folder = Path(args.folder)
    start_django()
    from evidesk.system.backup import BackupError, restore_backup

    say(f"Restoring {folder}…")
    try:
        summary = restore_backup(folder, TerminalProgress)
    except BackupError as exc:
        raise _backup_failed(exc) from exc
    say(
        f"Restored the backup taken {summary.taken_at} by evidesk {summary.evidesk_version}: "
        f"{_backup_contents(summary)}; every row count and file hash matches the manifest."
    )
    if summary.migrations_applied:
        say(f"Brought the database up to this evidesk ({summary.migrations_applied} migrations).")
    return 0


def _backup_failed(exc) -> CommandError:
    """Each problem found on its own line, then the one-line verdict."""
    for problem in exc.problems:
        print(f"  {problem}", file=sys.stderr)
    return CommandError(str(exc))


def _backup_contents(summary) -> str:
    return (
        f"{summary.engine} database ({summary.rows:,} rows in {summary.tables} tables), "
        f"{summary.stored_files:,} stored files ({summary.stored_bytes / 1024**2:,.1f} MB)"
    )


# --- parser ---------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="evidesk",
        description="Plan, draft and track requests for electronic evidence held abroad.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="start the web application and its background worker")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument(
        "--threads",
        type=int,
        default=SERVE_THREADS,
        help=f"request threads (default {SERVE_THREADS})",
    )
    serve.add_argument("--no-worker", action="store_true", help="do not run the background worker")
    serve.set_defaults(handler=cmd_serve)

    worker = sub.add_parser("worker", help="run only the background worker (server deployments)")
    worker.set_defaults(handler=cmd_worker)

    admin = sub.add_parser("createadmin", help="create an administrator account")
    admin.add_argument("--username")
    admin.add_argument("--email")
    admin.add_argument("--full-name")
    admin.set_defaults(handler=cmd_createadmin)

    demo = sub.add_parser("demo", help="load a small demo with example cases")
    demo.add_argument("--owner", help="user who will own the demo cases (default: first admin)")
    demo.set_defaults(handler=cmd_demo)

    kb = sub.add_parser("kb", help="the knowledge base: validate, show, resolve, export, import")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True, metavar="ACTION")
    validate = kb_sub.add_parser("validate", help="check data files against the schema")
    validate.add_argument("folder", nargs="?", help="folder to check (default: the shipped data)")
    validate.set_defaults(handler=cmd_kb_validate)
    show = kb_sub.add_parser(
        "show", help="everything known about a country, instrument or provider"
    )
    show.add_argument("key", help="ISO country code, instrument id, or provider id/brand/domain")
    add_format(show)
    show.set_defaults(handler=cmd_kb_show)
    stale = kb_sub.add_parser("stale", help="facts not verified for a long time")
    stale.add_argument("--older-than", default="365d", help="age in days, e.g. 180d (default 365d)")
    add_format(stale)
    stale.set_defaults(handler=cmd_kb_stale)
    export = kb_sub.add_parser(
        "export", help="write the knowledge base (with corrections) as files"
    )
    export.add_argument("folder")
    export.set_defaults(handler=cmd_kb_export)
    kb_import = kb_sub.add_parser("import", help="load a folder of files; changes nothing on error")
    kb_import.add_argument("folder")
    kb_import.set_defaults(handler=cmd_kb_import)
    resolve = kb_sub.add_parser("resolve", help="recognise and normalise an identifier")
    resolve.add_argument("identifier")
    resolve.add_argument("--platform", help="platform of an @handle, e.g. instagram")
    resolve.add_argument("--country", help="country of a phone number given without +code")
    add_format(resolve)
    resolve.set_defaults(handler=cmd_kb_resolve)

    deadlines = sub.add_parser("deadlines", help="deadlines falling due (and overdue)")
    deadlines.add_argument("--within", default="7d", help="how far ahead, e.g. 7d (default)")
    deadlines.add_argument("--user", help="only the cases this user may see")
    add_format(deadlines)
    deadlines.set_defaults(handler=cmd_deadlines)

    audit_cmd = sub.add_parser("audit", help="the audit trail")
    audit_sub = audit_cmd.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    verify = audit_sub.add_parser("verify", help="check the whole hash chain")
    verify.set_defaults(handler=cmd_audit_verify)

    advise_cmd = sub.add_parser("advise", help="plan the requests for a case described in a file")
    advise_cmd.add_argument("file", help="a scenario file (YAML), see docs/advisor.md")
    add_format(advise_cmd)
    advise_cmd.set_defaults(handler=cmd_advise)

    draft = sub.add_parser("draft", help="draft a request as Word, PDF or text")
    draft.add_argument("file", nargs="?", help="a scenario file (YAML); no database needed")
    draft.add_argument("--request", type=int, help="the number of a stored request instead")
    draft.add_argument("--user", help="with --request: the user whose access applies")
    draft.add_argument("--type", choices=DRAFT_TYPES, help="the kind of request")
    draft.add_argument("--lang", default="en", help="en, ru or en+ru (default en)")
    draft.add_argument("--format", default="docx", choices=["docx", "pdf", "txt"])
    draft.add_argument("-o", "--output", help="the file to write (- for standard output)")
    draft.add_argument(
        "--check",
        action="store_true",
        help="print only the completeness findings (exit 1 if a mandatory element is missing)",
    )
    draft.set_defaults(handler=cmd_draft)

    evidence = sub.add_parser("evidence", help="receive, verify and export evidence")
    evidence_sub = evidence.add_subparsers(dest="evidence_command", required=True)
    add = evidence_sub.add_parser("add", help="receive files (or whole folders) on a request")
    add.add_argument("request", type=int, help="the number of the request answered")
    add.add_argument("files", nargs="+", help="files or folders")
    add.add_argument("--user", required=True, help="who receives them")
    add.add_argument("--from", dest="sender", help="who sent them (e.g. Google LLC)")
    add.add_argument("--channel", help="how they came (portal, e-mail, post…)")
    add.add_argument("--reference", help="the sender's reference")
    given = add.add_mutually_exclusive_group()
    given.add_argument("--supplied-hash", help="a hash the sender gave, compared automatically")
    given.add_argument("--hash-list", metavar="FILE", help="the sender's list of hashes (such "
                       "as their SHA256SUMS): each file, and each file inside an archive, is "
                       "compared with the hash beside its name")  # fmt: skip
    add.set_defaults(handler=cmd_evidence_add)
    check = evidence_sub.add_parser("verify", help="hash every stored file again")
    check.add_argument("--case", type=int, help="only this case's evidence")
    check.add_argument("--user", help="only the evidence this user may see")
    check.set_defaults(handler=cmd_evidence_verify)
    export = evidence_sub.add_parser("export", help="a case's evidence as a package (ZIP)")
    export.add_argument("case", type=int)
    export.add_argument("--user", required=True, help="whose access applies")
    export.add_argument("-o", "--output", required=True)
    export.set_defaults(handler=cmd_evidence_export)

    stats = sub.add_parser("stats", help="requests sent, to whom, outcomes and answer times")
    stats.add_argument("--from", dest="since", help="first sending date (YYYY-MM-DD)")
    stats.add_argument("--to", dest="until", help="last sending date (YYYY-MM-DD)")
    stats.add_argument("--user", help="only the cases this user may see (default: the office)")
    add_format(stats)
    stats.set_defaults(handler=cmd_stats)

    token = sub.add_parser("token", help="API tokens: create, list, revoke")
    token_sub = token.add_subparsers(dest="token_action", required=True, metavar="ACTION")
    create = token_sub.add_parser("create", help="make a token (shown once)")
    create.add_argument("--name", required=True, help="the system that will use it")
    create.add_argument("--scope", choices=["read", "write"], required=True)
    listing = token_sub.add_parser("list", help="a user's tokens")
    revoke = token_sub.add_parser("revoke", help="revoke a token at once")
    revoke.add_argument("id", type=int, help="the token's number (see `token list`)")
    for action, handler in ((create, cmd_token_create), (listing, cmd_token_list),
                            (revoke, cmd_token_revoke)):  # fmt: skip
        action.add_argument("--user", required=True, help="whose token")
        action.set_defaults(handler=handler)

    backup = sub.add_parser("backup", help="back up the database and stored files to a folder")
    backup.add_argument("folder", help="a new or empty folder (with --verify: a backup)")
    backup.add_argument(
        "--verify", action="store_true", help="check a backup against its manifest instead"
    )
    backup.set_defaults(handler=cmd_backup)
    restore = sub.add_parser("restore", help="restore a backup into an empty installation")
    restore.add_argument("folder", help="the folder of a backup")
    restore.set_defaults(handler=cmd_restore)

    manage = sub.add_parser("manage", help="run a Django management command")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=cmd_manage)
    return parser


def add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=["json", "text"], help="default: text on a terminal, JSON otherwise"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except CommandError as exc:
        print(f"evidesk: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
