"""The client address of a request, until core.client (issue 9) provides the one
function deciding it behind trusted proxies."""

from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))
