"""The plan as a person reads it on a terminal or in a plain-text e-mail."""

from __future__ import annotations

import textwrap

WIDTH = 96


# A step's lines beside its reasons: the addressee, the basis the request states, its note.
STEP_LINES = (("to", "addressee"), ("basis", "legal_basis"), ("note", "basis_note"))


def plan_text(plan: dict) -> str:
    lines = [f"Plan as of {plan['as_of']} for a request from {plan['requesting_country']}", ""]
    lines += _warnings(plan["warnings"], "")
    for number, target in enumerate(plan["targets"], 1):
        lines.append(f"{number}. {target['identifier']}")
        who = target["provider_name"] or "provider unknown"
        lines.append(f"   {target['kind'] or 'unrecognised'}: {target['normalized'] or '-'} · {who}"
                     f" · held in {target['provider_country'] or 'unknown country'}")  # fmt: skip
        period = target.get("period")
        if period:
            lines.append(f"   period: {period['from_local']} to {period['to_local']}"
                         f" ({period['zone'] or 'NO TIME ZONE'})")  # fmt: skip
            if period["from_utc"]:
                lines.append(f"           {period['from_utc']} to {period['to_utc']} (UTC)")
        lines += _warnings(target["warnings"], "   ")
        for index, step in enumerate(target["steps"], 1):
            lines.append(f"   Step {index}: {step['action']} via {step['channel']}"
                         + (f" (due {step['due']})" if step["due"] else ""))  # fmt: skip
            for label, key in STEP_LINES:
                if step[key]:
                    lines += _wrap(f"{label}: {step[key]}", "      ")
            if step["alternatives"]:
                lines.append(f"      or: {', '.join(step['alternatives'])}")
            lines += _wrap(f"why: {step['why']}", "      ")
            for source in step["sources"]:
                lines += _wrap(f"source: {source}", "      ")
        for note in target["notes"]:
            lines += _wrap(f"note: {note}", "   ")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _warnings(warnings: list[dict], indent: str) -> list[str]:
    lines = []
    for warning in warnings:
        lines += _wrap(f"! [{warning['severity']}] {warning['code']}: {warning['message']}", indent)
        for source in warning["sources"]:
            lines += _wrap(f"  source: {source}", indent + "  ")
    return lines


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ") or [
        indent
    ]
