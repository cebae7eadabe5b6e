from django import template

from procedures import display
from procedures.models import Procedure

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    return "" if amount is None else display.vnd(amount)


@register.filter
def processing_time(procedure: Procedure) -> str:
    return display.procedure_time(procedure)


@register.filter
def option_time(option: object) -> str:
    return display.time_display(
        getattr(option, "processing_time", None),
        str(getattr(option, "processing_time_unit", "")),
        str(getattr(option, "processing_time_text", "")),
    )


@register.filter
def fee_summary(procedure: Procedure) -> str:
    return display.fee_summary(procedure)
