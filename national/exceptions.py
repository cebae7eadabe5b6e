"""What the national portal answered, as our code needs to tell it apart."""


class PortalUnavailable(Exception):
    """Unreachable, a 5xx, a 429 or an expired token: try again later."""


class PortalRejected(Exception):
    """The portal refused the payload (a 4xx with its reason): a person must look."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail
