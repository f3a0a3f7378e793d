"""Reading and writing knowledge-base data files, and checking a whole set of them.

Pure: no Django. `check_folder` is what `evidesk kb validate`, the loader and the importer use.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pycountry
import yaml
from pydantic import ValidationError

from evidesk.knowledge import schema

SHIPPED_DIR = Path(__file__).resolve().parent / "data"
MAX_FILE_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


@dataclass
class KnowledgeSet:
    """Every record of a folder, as canonical JSON-ready dicts keyed by kind then key."""

    records: dict[str, dict[str, dict]] = field(
        default_factory=lambda: {kind: {} for kind in schema.MODELS}
    )
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self) -> dict[str, int]:
        return {kind: len(items) for kind, items in self.records.items()}


def canonical(kind: str, raw: dict) -> dict:
    """Validate one record and return it in the one form stored, exported and hashed."""
    model = schema.MODELS[kind].model_validate(raw)
    return model.model_dump(mode="json", exclude_none=True, exclude_defaults=False)


def content_hash(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def folder_digest(folder: Path) -> str:
    """Fingerprint of every data file's name and bytes: cheap to compute, unlike validation."""
    digest = hashlib.sha256()
    for sub in sorted(schema.FOLDERS.values()):
        for path in sorted((folder / sub).glob("*.y*ml")):
            digest.update(f"{sub}/{path.name}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def read_folder(folder: Path, today: date | None = None) -> KnowledgeSet:
    result = KnowledgeSet()
    if not folder.is_dir():
        result.problems.append(Problem(str(folder), "-", "folder not found"))
        return result
    for kind, sub in schema.FOLDERS.items():
        for path in sorted((folder / sub).glob("*.y*ml")):
            _read_file(kind, path, folder, result)
    result.problems.extend(cross_reference_problems(result, today or date.today()))
    return result


def _read_file(kind: str, path: Path, root: Path, into: KnowledgeSet) -> None:
    name = str(path.relative_to(root))
    if path.stat().st_size > MAX_FILE_BYTES:
        into.problems.append(Problem(name, "-", "file larger than 2 MB"))
        return
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        into.problems.append(Problem(name, "-", f"not readable YAML: {schema.one_line(str(exc))}"))
        return
    if not isinstance(raw, dict):
        into.problems.append(Problem(name, "-", "the file must hold one mapping"))
        return
    problems = record_problems(kind, raw)
    if problems:
        into.problems.extend(Problem(name, f, m) for f, m in problems)
        return
    data = canonical(kind, raw)
    key = data[schema.KEY_FIELD[kind]]
    if path.stem != key:
        into.problems.append(
            Problem(name, schema.KEY_FIELD[kind], f"{key!r} differs from file name")
        )
    elif key in into.records[kind]:
        into.problems.append(Problem(name, schema.KEY_FIELD[kind], f"duplicate {kind} {key!r}"))
    else:
        into.records[kind][key] = data


def record_problems(kind: str, raw: dict) -> list[tuple[str, str]]:
    """(field, message) for everything wrong inside one record, regardless of other records."""
    try:
        model = schema.MODELS[kind].model_validate(raw)
    except ValidationError as exc:
        return [
            (".".join(str(p) for p in err["loc"]) or "-", schema.error_message(err))
            for err in exc.errors()
        ]
    return schema.fact_value_errors(kind, model.facts)


def cross_reference_problems(kb: KnowledgeSet, today: date) -> list[Problem]:
    problems: list[Problem] = []
    countries = set(kb.records["jurisdiction"])

    def known_country(code: str) -> bool:
        return code in countries or (not countries and pycountry.countries.get(alpha_2=code))

    for code in countries:
        if pycountry.countries.get(alpha_2=code) is None:
            problems.append(Problem(f"jurisdictions/{code}.yaml", "code", "not an ISO 3166-1 code"))
    domains: dict[str, str] = {}
    names: dict[str, str] = {}
    providers = kb.records["provider"]
    for pid, record in providers.items():
        where = f"providers/{pid}.yaml"
        for domain in record.get("domains", []):
            if domain in domains:
                problems.append(
                    Problem(where, "domains", f"{domain} also belongs to {domains[domain]}")
                )
            domains[domain] = pid
        for name in {
            pid,
            *(n.lower() for n in record.get("brands", [])),
            *record.get("platforms", []),
        }:
            if names.get(name, pid) != pid:
                problems.append(Problem(where, "brands", f"{name!r} also names {names[name]}"))
            names[name] = pid
        if record.get("parent") and record["parent"] not in providers:
            problems.append(Problem(where, "parent", f"unknown provider {record['parent']!r}"))
        facts = record.get("facts", {})
        for fact_name, country in _countries_in_provider(facts):
            if not known_country(country):
                problems.append(Problem(where, f"facts.{fact_name}", f"unknown country {country}"))
    for iid, record in kb.records["instrument"].items():
        for party in record.get("parties", []):
            if party["state"] != "EU" and not known_country(party["state"]):
                problems.append(
                    Problem(
                        f"instruments/{iid}.yaml", f"parties.{party['state']}", "unknown country"
                    )
                )
    for kind, items in kb.records.items():
        for key, record in items.items():
            where = f"{schema.FOLDERS[kind]}/{key}.yaml"
            for name, verified in _verification_dates(record):
                if date.fromisoformat(verified) > today:
                    problems.append(
                        Problem(where, name, f"verified_on {verified} is in the future")
                    )
    return problems


def _countries_in_provider(facts: dict):
    if "headquarters" in facts:
        yield "headquarters", facts["headquarters"]["value"]
    for fact_name in ("legal_entities", "domestic_affiliates", "subject_to_retention_law"):
        for item in facts.get(fact_name, {}).get("value", []):
            if item.get("country"):
                yield fact_name, item["country"]


def _verification_dates(record: dict):
    for name, fact in record.get("facts", {}).items():
        yield f"facts.{name}.verified_on", fact["verified_on"]
    for party in record.get("parties", []):
        yield f"parties.{party['state']}.verified_on", party["verified_on"]


def write_folder(records: dict[str, dict[str, dict]], folder: Path) -> int:
    """Write records as YAML files, one per record; returns how many were written."""
    written = 0
    for kind, items in records.items():
        target = folder / schema.FOLDERS[kind]
        target.mkdir(parents=True, exist_ok=True)
        for key, data in sorted(items.items()):
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
            (target / f"{key}.yaml").write_text(text, encoding="utf-8")
            written += 1
    return written
