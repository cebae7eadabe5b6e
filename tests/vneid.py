"""A real OpenID provider for the VNeID login tests: oidc-provider-mock (built on
Authlib) served by a thread, and the browser's walk through the code flow."""

from urllib.parse import quote, urlsplit

import requests

BACKEND = "accounts.oidc.NationalIdOIDCBackend"


def configure(settings, provider: str) -> None:
    settings.OIDC_RP_CLIENT_ID = "cong-dvc-lam-dong"
    settings.OIDC_RP_CLIENT_SECRET = "bi-mat"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider}/oauth2/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider}/oauth2/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider}/jwks"
    settings.OIDC_OP_ISSUER = provider
    settings.OIDC_VERIFY_KID = False  # the provider's one key has no "kid"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]


def login(client, provider: str, claims: dict, sub: str = "nguoi-dan-1"):
    """Walk the code flow like a browser; the answer of the portal's callback."""
    response = requests.put(f"{provider}/users/{quote(sub)}", json=claims, timeout=5)
    assert response.status_code == 204
    start = client.get("/vneid/dang-nhap/")
    assert start.status_code == 302
    assert start["Location"].startswith(f"{provider}/oauth2/authorize?")
    # The person approves at the provider, which sends the browser back with a code.
    approved = requests.post(
        start["Location"], data={"sub": sub}, allow_redirects=False, timeout=5
    )
    assert approved.status_code == 302
    back = urlsplit(approved.headers["Location"])
    assert back.path == "/vneid/xac-thuc/"
    return client.get(f"{back.path}?{back.query}")
