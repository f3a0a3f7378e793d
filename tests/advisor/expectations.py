"""Check a plan against a scenario's `expect:` block (format: tests/scenarios/README.md)."""

from __future__ import annotations

CHANNEL_KEYS = {
    "domestic_channels_any": ("check_domestic",),
    "preserve_channels_any": ("preserve", "extend_preservation"),
    "disclose_channels_any": ("disclose",),
    "emergency_channels_any": ("emergency_disclose",),
    "realtime_channels_any": ("realtime_collect",),
}


def unmet(plan: dict, expect: dict) -> list[str]:
    """Every way the plan falls short of the expectations; empty when it meets them all."""
    problems = []
    all_codes = {w["code"] for w in plan["warnings"]} | {
        w["code"] for t in plan["targets"] for w in t["warnings"]
    }
    problems += [
        f"warning {c} missing" for c in expect.get("warnings_include", []) if c not in all_codes
    ]
    problems += [
        f"warning {c} unexpected" for c in expect.get("warnings_exclude", []) if c in all_codes
    ]
    by_identifier = {t["identifier"]: t for t in plan["targets"]}
    for wanted in expect.get("targets", []):
        target = by_identifier.get(wanted["identifier"])
        if target is None:
            problems.append(f"no plan for {wanted['identifier']}")
            continue
        problems += [f"{wanted['identifier']}: {p}" for p in _target_unmet(target, wanted)]
    return problems


def _target_unmet(target: dict, wanted: dict) -> list[str]:
    problems = []
    for key in ("provider", "provider_country"):
        if key in wanted and target[key] != wanted[key]:
            problems.append(f"{key} is {target[key]!r}, expected {wanted[key]!r}")
    actions = [s["action"] for s in target["steps"]]
    remaining = iter(actions)
    if not all(action in remaining for action in wanted.get("actions_in_order", [])):
        problems.append(f"actions {actions} lack {wanted['actions_in_order']} in that order")
    for key, actions_for_key in CHANNEL_KEYS.items():
        first = next((s for s in target["steps"] if s["action"] in actions_for_key), None)
        if key in wanted and (first is None or first["channel"] not in wanted[key]):
            got = first["channel"] if first else "no such step"
            problems.append(f"{key}: {got} not in {wanted[key]}")
        # The legal basis: the step's instrument, "none" where it rests on none (reciprocity,
        # the provider's own policy).
        instrument_key = key.replace("_channels_any", "_instrument_any")
        if instrument_key in wanted:
            got = (first["instrument"] or "none") if first else "no such step"
            if got not in wanted[instrument_key]:
                problems.append(f"{instrument_key}: {got} not in {wanted[instrument_key]}")
    codes = {w["code"] for w in target["warnings"]}
    problems += [
        f"warning {c} missing" for c in wanted.get("warnings_include", []) if c not in codes
    ]
    problems += [
        f"warning {c} unexpected" for c in wanted.get("warnings_exclude", []) if c in codes
    ]
    return problems
