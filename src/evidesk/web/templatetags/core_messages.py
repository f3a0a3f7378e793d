"""The advisor's and other pure cores' messages in the reader's language."""

from django import template

from evidesk.system.language import translated

register = template.Library()
register.filter("translated", translated)
