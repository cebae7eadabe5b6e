"""Domain errors, the error codes of the API, and the one error envelope.

Services raise DomainError subclasses; the API answers them with a 4xx carrying
the envelope below, and form views show them as form errors. They never become a 500.

Every API error, whoever raises it (a service, DRF's validation, authentication,
throttling, an Http404 from a selector), has the same body:

    {"code": "<ErrorCode>", "detail": "<message>", "fields": {"<field>": ["..."]}}

`fields` is present only when inputs are at fault. Messages are Vietnamese, or
English with `Accept-Language: en`. A new code goes into ErrorCode (the schema lists
it as an enum; tests/core/test_error_codes.py finds codes raised but not listed).
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler


class ErrorCode(models.TextChoices):
    """Every `code` of an API error. Labels document them for integrators."""

    # Generic, from the framework
    VALIDATION = "validation", "Inputs are invalid; `fields` names them."
    PARSE_ERROR = "parse_error", "The body is not valid JSON (or too deep)."
    NOT_AUTHENTICATED = "not_authenticated", "No credentials were given."
    AUTHENTICATION_FAILED = "authentication_failed", "Bad or expired credentials."
    PERMISSION_DENIED = "permission_denied", "Not allowed for this account."
    NOT_FOUND = "not_found", "No such object, or not visible to this account."
    METHOD_NOT_ALLOWED = "method_not_allowed", "The method is not allowed here."
    NOT_ACCEPTABLE = "not_acceptable", "No representation for the Accept header."
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type", "Wrong Content-Type."
    TOO_LARGE = "too_large", "The body is larger than the portal accepts."
    THROTTLED = "throttled", "Too many requests; retry after Retry-After seconds."
    ERROR = "error", "Another client error."
    SERVER_ERROR = "server_error", "An unexpected error of the portal; retry later."
    # Idempotency-Key (core/idempotency.py)
    IDEMPOTENCY_KEY_REUSED = (
        "idempotency_key_reused",
        ("The Idempotency-Key was used for a different request."),
    )
    IDEMPOTENCY_IN_PROGRESS = (
        "idempotency_in_progress",
        ("A request with this Idempotency-Key is still being processed."),
    )
    # Workflow refusals (409) and guards
    STATE = "state", "The action is not allowed in the object's current state."
    ROLE = "role", "The account's role may not take this action."
    GUARD = "guard", "A rule of the workflow refuses the action."
    RATED = "rated", "The dossier was already rated."
    EXPIRED = "expired", "The object has expired."
    COMPONENTS_MISSING = "components_missing", "Required components are missing."
    RESULT_MISSING = "result_missing", "The result file must be attached first."
    SAME_AGENCY = "same_agency", "The dossier is already at this agency."
    SUPPLEMENT_EMPTY = "supplement_empty", "A supplement must supply something."
    APOLOGY_REPEATED = "apology_repeated", "The appointment was already moved once."
    NOT_WORKING_TIME = "not_working_time", "The moment is not working time."
    NOT_LATER = "not_later", "The new moment must be later."
    PAYMENT_MISSING = "payment_missing", "No payment request exists for the fees."
    FEES_OWED = "fees_owed", "Fees are still owed."
    INPUT_MISSING = "input_missing", "A required input of the action is missing."
    INPUT_INVALID = "input_invalid", "An input of the action is invalid."
    ASSIGNEE = "assignee", "The assignee cannot take the dossier."
    AGENCY = "agency", "The agency cannot take the dossier."
    COMPONENT = "component", "The procedure has no such component."
    # Filing and files
    NOT_ONLINE = "not_online", "The procedure cannot be filed online."
    NOT_APPLICANT = "not_applicant", "Only the applicant may do this."
    DELIVERY = "delivery", "The delivery method or address is invalid."
    FILE = "file", "The file is unreadable."
    FILE_NOT_ALLOWED = "file_not_allowed", "No upload is allowed now."
    FILE_TYPE = "file_type", "The file type is not accepted."
    FILE_TOO_LARGE = "file_too_large", "The file is too large."
    EMPTY_FILE = "empty_file", "The file is empty."
    DOSSIER_TOO_LARGE = "dossier_too_large", "The dossier's files exceed the quota."
    FILES = "files", "Files are required."
    IDENTIFIER = "identifier", "The agency has no identifier for dossier codes."
    TOO_MANY_ATTEMPTS = "too_many_attempts", "Too many lookups; try later."
    # Payments
    AMOUNT = "amount", "The amount is invalid."
    FIXED_AMOUNT = "fixed_amount", "The fee has a fixed amount."
    REASON = "reason", "A reason is required."
    METHOD = "method", "The payment method is not allowed."
    NOTHING_OWED = "nothing_owed", "Nothing is owed."
    OFFLINE = "offline", "Online payment is not offered."
    PAYMENT_STATE = "payment_state", "The payment is not in a state for this."
    UNSETTLED = "unsettled", "The payment is not settled."
    APPROVER = "approver", "Another person must approve."
    DOSSIER_CLOSED = "dossier_closed", "The dossier is closed."
    UNKNOWN_GATEWAY = "unknown_gateway", "No such payment gateway."
    # Documents and exchange
    TEXT = "text", "The text is missing."
    RECIPIENT = "recipient", "The recipient is invalid."
    CONFIDENTIAL = "confidential", "Confidential documents are not exchanged."
    DOC_TYPE = "doc_type", "The document type is not accepted."
    DOCUMENT = "document", "The document is invalid."
    PACKAGE = "package", "The exchange package is invalid."
    PEER = "peer", "Unknown exchange peer."
    REFUSED = "refused", "The peer refused the package."
    REPLAY = "replay", "The package was already received."
    SIGNATURE = "signature", "The signature is invalid."
    NO_KEY = "no_key", "No signing key is configured."
    # Accounts and identity
    ACCOUNT_EXISTS = "account_exists", "An account already exists."
    ACTIVATION = "activation", "The activation link is invalid."
    NOT_STAFF = "not_staff", "The account is not staff."
    UNKNOWN_ROLE = "unknown_role", "No such role."
    GRANT_NOT_ALLOWED = "grant_not_allowed", "The grant is outside your authority."
    VERIFIED_NAME = "verified_name", "A verified name cannot change."
    CHANNEL = "channel", "The channel is invalid."
    CHANNELS = "channels", "No channel to notify."
    CODE_EXPIRED = "code_expired", "The code has expired."
    NO_ACCOUNT = "no_account", "No matching account."
    NO_CONTACT = "no_contact", "No contact to send a code to."
    NOT_CLAIMABLE = "not_claimable", "The dossier cannot be claimed."
    TOO_MANY_CODES = "too_many_codes", "Too many codes were sent."
    WRONG_CODE = "wrong_code", "The code is wrong."
    # The citizen's data store (docs/datastore.md)
    REUSE_NOT_ALLOWED = "reuse_not_allowed", "Only the owner reuses their papers."
    REUSE_KIND = "reuse_kind", "The stored paper is not the component's kind."
    REUSE_EXPIRED = "reuse_expired", "The stored paper is no longer valid."
    VALIDITY = "validity", "The validity dates are not in order."
    # Catalogue administration
    WORKFLOW_BUDGET = "workflow_budget", "The steps exceed the time budget."
    ENCODING = "encoding", "The file's encoding is not readable."
    JSON = "json", "The file is not valid JSON."
    LAYOUT = "layout", "The file's layout is not the expected one."
    PROVINCE = "province", "The unit is outside the province."
    # The logbook (dossiers/services/logbook.py)
    AGENCY_OUT_OF_SCOPE = "agency_out_of_scope", "The agency is outside your scope."
    BAD_FORMAT = "bad_format", "The export format is not offered."
    PERIOD_REVERSED = "period_reversed", "The period ends before it starts."
    PERIOD_TOO_LONG = "period_too_long", "The period is longer than allowed."
    PERIOD_TOO_LONG_FOR_PDF = (
        "period_too_long_for_pdf",
        "The period is too long for a PDF; choose CSV.",
    )
    TOO_MANY_ROWS_FOR_PDF = (
        "too_many_rows_for_pdf",
        "The period has too many dossiers for a PDF; choose CSV.",
    )
    # Feedback (feedback/)
    DOSSIER = "dossier", "No dossier of yours has this code."
    NO_AGENCY = "no_agency", "No agency receives feedback yet."
    INFO_REPEATED = "info_repeated", "More information was already asked for once."
    SAME_FEEDBACK = "same_feedback", "A feedback cannot be merged into itself."
    DUPLICATE_CLOSED = "duplicate_closed", "The feedback merged into must be open."
    PERSONAL_DATA = "personal_data", "The public text still has personal data."
    # Documents
    KIND = "kind", "No such kind of revision."
    REVOKED = "revoked", "The sender revoked the document."
    # National portal sync (national/)
    NOT_RETRYABLE = "not_retryable", "Only failed or rejected events are sent again."
    SOURCE = "source", "The national catalogue source is unreachable or refused."


class DomainError(Exception):
    """A business rule refused the request; `message` is shown to the user."""

    status_code: int = status.HTTP_400_BAD_REQUEST

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class NotFound(DomainError):
    """The object does not exist, or the user may not see it."""

    status_code: int = status.HTTP_404_NOT_FOUND


class InvalidInput(DomainError):
    """An input of the request is wrong; `field` names it for a field error."""

    def __init__(self, code: str, message: str, field: str = "") -> None:
        super().__init__(code, message)
        self.field = field


class TransitionNotAllowed(DomainError):
    """The action is not allowed for this object's state or this actor."""

    status_code: int = status.HTTP_409_CONFLICT


# DRF's own codes (exc.default_code) that the envelope renames.
FRAMEWORK_CODES = {
    "invalid": ErrorCode.VALIDATION,
    "error": ErrorCode.ERROR,
    "unsupported_media_type": ErrorCode.UNSUPPORTED_MEDIA_TYPE,
}


def error_body(
    code: str, detail: str, fields: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The envelope; use it for an error answered without raising."""
    body: dict[str, Any] = {"code": code, "detail": detail}
    if fields:
        body["fields"] = fields
    return body


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, InvalidInput) and exc.field:
        body = error_body(exc.code, exc.message, {exc.field: [exc.message]})
        return Response(body, status=exc.status_code)
    if isinstance(exc, DomainError):
        return Response(error_body(exc.code, exc.message), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, Http404):
        # Selectors raise Http404 with an English developer's note: not shown.
        exc = exceptions.NotFound(_("Không tìm thấy."))
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    response.data = _envelope(exc)
    return response


def _envelope(exc: exceptions.APIException) -> dict[str, Any]:
    if isinstance(exc, exceptions.ValidationError):
        fields = exc.detail if isinstance(exc.detail, dict) else None
        if fields is None:
            fields = {"non_field_errors": exc.detail}
        return error_body(ErrorCode.VALIDATION, _("Dữ liệu không hợp lệ."), fields)
    code = str(exc.default_code)
    return error_body(FRAMEWORK_CODES.get(code, code), str(exc.detail))
