from django import template

from evidesk.audit.actions import action_name

register = template.Library()
register.filter("action_name", action_name)


@register.filter
def details(value: object) -> str:
    """An event's recorded data as 'name: value; …', not Python's {'name': 'value'}; the names
    in alphabetical order, the same on every database (PostgreSQL keeps a JSON object's keys
    by length, not as they were recorded)."""
    if isinstance(value, dict):
        return "; ".join(f"{key}: {details(value[key])}" for key in sorted(value))
    if isinstance(value, list | tuple):
        return ", ".join(details(item) for item in value)
    return "—" if value is None or value == "" else str(value)
