from django import template

from evidesk.audit.actions import action_name

register = template.Library()
register.filter("action_name", action_name)
