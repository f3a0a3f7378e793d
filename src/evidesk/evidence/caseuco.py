"""The CASE/UCO description of a case's evidence: files with their hashes, the provenance
records (exhibits) and the investigative actions of the chain of custody. Pure: plain data in,
a JSON-LD mapping out, which `case_validate` (case-utils) accepts."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

NAMESPACE = uuid.UUID("6f1b0d5e-2d4b-4f07-9c84-5a4f7a6c0e11")  # evidesk's own, fixed
CONTEXT = {
    "kb": "urn:evidesk:kb:",
    "case-investigation": "https://ontology.caseontology.org/case/investigation/",
    "uco-action": "https://ontology.unifiedcyberontology.org/uco/action/",
    "uco-core": "https://ontology.unifiedcyberontology.org/uco/core/",
    "uco-identity": "https://ontology.unifiedcyberontology.org/uco/identity/",
    "uco-observable": "https://ontology.unifiedcyberontology.org/uco/observable/",
    "uco-tool": "https://ontology.unifiedcyberontology.org/uco/tool/",
    "uco-types": "https://ontology.unifiedcyberontology.org/uco/types/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


@dataclass(frozen=True)
class FileRecord:
    key: str  # stable: the exhibit number
    exhibit: str
    name: str
    size: int
    hashes: dict  # method ("SHA256", "SHA1", "MD5") -> hex
    description: str
    root_exhibit: str = ""


@dataclass(frozen=True)
class ActionRecord:
    key: str  # stable: the custody event's id
    name: str  # received, stored, viewed, copied, exported, extracted, verified
    exhibit: str
    performer: str
    at: str  # ISO 8601, UTC
    description: str = ""


def iri(kind: str, key: str) -> str:
    """The same thing gets the same IRI in every export."""
    return f"kb:{kind}-{uuid.uuid5(NAMESPACE, f'{kind}:{key}')}"


def _datetime(value: str) -> dict:
    return {"@type": "xsd:dateTime", "@value": value}


def graph(
    case_reference: str,
    offence: str,
    files: Iterable[FileRecord],
    actions: Iterable[ActionRecord],
    tool_version: str,
) -> dict:
    files, actions = list(files), list(actions)
    tool = iri("Tool", "evidesk")
    nodes: list[dict] = [
        {"@id": tool, "@type": "uco-tool:Tool", "uco-core:name": "evidesk",
         "uco-tool:version": tool_version},
    ]  # fmt: skip
    people = {a.performer for a in actions}
    for person in sorted(people):
        nodes.append({"@id": iri("Person", person), "@type": "uco-identity:Person",
                      "uco-core:name": person})  # fmt: skip
    members: list[dict] = []
    for record in files:
        file_id = iri("File", record.key)
        provenance = {
            "@id": iri("ProvenanceRecord", record.key),
            "@type": "case-investigation:ProvenanceRecord",
            "case-investigation:exhibitNumber": record.exhibit,
            "uco-core:description": record.description,
            "uco-core:object": [{"@id": file_id}],
        }
        if record.root_exhibit:
            provenance["case-investigation:rootExhibitNumber"] = record.root_exhibit
        hashes = [
            {
                "@id": iri("Hash", f"{method}:{value}"),
                "@type": "uco-types:Hash",
                "uco-types:hashMethod": method,
                "uco-types:hashValue": {"@type": "xsd:hexBinary", "@value": value.upper()},
            }
            for method, value in sorted(record.hashes.items())
            if value
        ]
        nodes += [
            provenance,
            {
                "@id": file_id,
                "@type": "uco-observable:File",
                "uco-core:hasFacet": [
                    {"@id": iri("FileFacet", record.key), "@type": "uco-observable:FileFacet",
                     "uco-observable:fileName": record.name,
                     "uco-observable:sizeInBytes": record.size},
                    {"@id": iri("ContentDataFacet", record.key),
                     "@type": "uco-observable:ContentDataFacet",
                     "uco-observable:sizeInBytes": record.size, "uco-observable:hash": hashes},
                ],
            },
        ]  # fmt: skip
        members.append({"@id": provenance["@id"]})
    previous: dict[str, str] = {}
    for action in actions:
        action_id = iri("InvestigativeAction", action.key)
        node = {
            "@id": action_id,
            "@type": "case-investigation:InvestigativeAction",
            "uco-core:name": action.name,
            "uco-core:description": action.description or f"{action.name}: {action.exhibit}",
            "uco-action:startTime": _datetime(action.at),
            "uco-action:endTime": _datetime(action.at),
            "uco-action:performer": {"@id": iri("Person", action.performer)},
            "uco-action:instrument": {"@id": tool},
            "uco-action:result": [{"@id": iri("ProvenanceRecord", action.exhibit)}],
        }
        if action.exhibit in previous:
            node["case-investigation:wasInformedBy"] = {"@id": previous[action.exhibit]}
        previous[action.exhibit] = action_id
        nodes.append(node)
        members.append({"@id": action_id})
    nodes.insert(0, {
        "@id": iri("Investigation", case_reference),
        "@type": "case-investigation:Investigation",
        "uco-core:name": case_reference,
        "case-investigation:focus": offence or "unspecified",
        "uco-core:object": members,
    })  # fmt: skip
    return {"@context": CONTEXT, "@graph": nodes}
