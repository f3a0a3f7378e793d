"""The API validates a body with the very forms the pages use, so both accept exactly the same
input; the OpenAPI description of each body is derived from the same form."""

from __future__ import annotations

from django import forms
from rest_framework import exceptions, serializers


def validated(form_class: type[forms.Form], request, base: dict | None = None, **kwargs):
    """The form bound to the body (over `base`, for fields the caller leaves out); a 400 with
    the form's messages when it does not validate."""
    data = request.data
    if not isinstance(data, dict):
        raise exceptions.ParseError("The body must be a JSON object.")
    form = form_class(
        {**base, **dict(data.items())} if base else data, request.FILES or None, **kwargs
    )
    errors = _shape_errors(form, data)
    if errors or not form.is_valid():
        raise exceptions.ValidationError(
            errors or {("general" if k == "__all__" else k): v for k, v in form.errors.items()}
        )
    return form


MULTIPLE = (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)


def _shape_errors(form: forms.Form, data: dict) -> dict:
    """A list where one value is expected (or the reverse) is refused, not read as text."""
    errors = {}
    for name, field in form.fields.items():
        value = data.get(name) if not hasattr(data, "getlist") else None
        if isinstance(value, dict) or (
            isinstance(value, list) != isinstance(field, MULTIPLE) and value is not None
        ):
            errors[name] = ["A list of values." if isinstance(field, MULTIPLE) else "One value."]
    return errors


def _described(field: forms.Field) -> serializers.Field:
    common = {"required": field.required, "help_text": str(field.label or "")}
    if isinstance(field, forms.ModelMultipleChoiceField):
        return serializers.ListField(child=serializers.IntegerField(), **common)
    if isinstance(field, forms.ModelChoiceField):
        return serializers.IntegerField(allow_null=not field.required, **common)
    if isinstance(field, forms.MultipleChoiceField):
        return serializers.MultipleChoiceField(choices=_choices(field), **common)
    if isinstance(field, forms.ChoiceField):
        static = field.choices if isinstance(field.choices, list) else None
        if static is None:  # choices read from the knowledge base when the form is shown
            return serializers.CharField(allow_blank=not field.required, **common)
        return serializers.ChoiceField(
            choices=_choices(field), allow_blank=not field.required, **common
        )
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(**{**common, "required": False})
    if isinstance(field, forms.DecimalField):
        return serializers.DecimalField(
            max_digits=field.max_digits,
            decimal_places=field.decimal_places,
            coerce_to_string=False,
            allow_null=not field.required,
            **common,
        )
    if isinstance(field, forms.DateField):
        return serializers.DateField(**common)
    if isinstance(field, forms.EmailField):
        return serializers.EmailField(allow_blank=not field.required, **common)
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(allow_null=not field.required, **common)
    return serializers.CharField(
        max_length=field.max_length, allow_blank=not field.required, **common
    )


def _choices(field: forms.ChoiceField) -> list:
    return [value for value, _ in field.choices if value != ""]


def body_of(form_class: type[forms.Form], name: str, fields: dict | None = None, skip=()):
    """A serializer describing the body a form accepts (for the schema only: the form
    validates). `fields` for forms that add fields when made; `skip` for file fields."""
    source = fields if fields is not None else form_class.base_fields
    declared = {
        field_name: _described(field)
        for field_name, field in source.items()
        if field_name not in skip and not isinstance(field, forms.FileField)
    }
    return type(name, (serializers.Serializer,), declared)
