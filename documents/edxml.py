"""edXML packages (QCVN 102:2016/BTTTT) built and read with lxml.

A document package is an `envelope` with a Header (MessageHeader with the
document's metadata, TraceHeaderList, Signature) and a Body with base64
attachments; a status message carries a `Status` element in its Header instead.
The Signature element lists a SHA-256 digest per attachment, checked on receipt;
the transport's HMAC (documents.services.exchange) covers the whole envelope.
Layout and values: docs/exchange.md.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

from lxml import etree

NS = "http://www.go.vn/eDoc"
E = "{%s}" % NS  # noqa: UP031 (a Clark-notation prefix, not a message)
MESSAGE_TYPES = ("edoc", "replacement", "revocation", "update")
# The message types that carry the document's files (the others only metadata).
WITH_FILES = ("edoc", "replacement")
AXIS_VALUES = ("inbox", "acceptance", "rejection", "processing", "done", "fail")
# QCVN 102 status codes as commonly implemented (DOMAIN.md §6.3).
STATUS_CODES = {
    "inbox": "01",
    "rejection": "02",
    "acceptance": "03",
    "processing": "05",
    "done": "06",
    "fail": "00",
}
# OtherInfo/Priority: one digit for the urgency (Appendix VI).
PRIORITY = {"normal": "0", "urgent": "1", "very_urgent": "2", "flash": "3"}
URGENCY = {digit: name for name, digit in PRIORITY.items()}


class PackageError(ValueError):
    """The package is not well-formed edXML or does not match its digests."""


@dataclass(frozen=True)
class Organ:
    organ_id: str
    name: str


@dataclass(frozen=True)
class File:
    name: str
    content_type: str
    data: bytes
    is_main: bool = True


@dataclass
class Package:
    message_id: str
    message_type: str
    document_id: str
    sender: Organ
    recipients: list[Organ]
    doc_type: str
    subject: str
    number: str = ""
    notation: str = ""
    issued_on: date | None = None
    signer_name: str = ""
    signer_position: str = ""
    urgency: str = "normal"
    page_count: int = 1
    due_on: date | None = None
    traces: list[tuple[str, str]] = field(default_factory=list)
    files: list[File] = field(default_factory=list)
    # Why the issuer replaces, revokes or updates its document.
    description: str = ""


@dataclass(frozen=True)
class Status:
    message_id: str
    document_id: str
    sender: Organ  # the recipient of the document, reporting
    addressee_id: str  # the organ that issued the document
    axis_value: str
    description: str
    at: str


def _add(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, E + tag)
    if text is not None:
        element.text = text
    return element


def _organ(parent: etree._Element, tag: str, organ: Organ) -> None:
    element = _add(parent, tag)
    _add(element, "OrganId", organ.organ_id)
    _add(element, "OrganName", organ.name)


def _digest(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def package_build(package: Package) -> bytes:
    root = etree.Element(E + "envelope", nsmap={"edXML": NS})
    header = _add(root, "Header")
    message = _add(header, "MessageHeader")
    _add(message, "MessageId", package.message_id)
    _add(message, "MessageType", package.message_type)
    _organ(message, "From", package.sender)
    for organ in package.recipients:
        _organ(message, "To", organ)
    _add(message, "DocumentId", package.document_id)
    code = _add(message, "Code")
    _add(code, "CodeNumber", package.number)
    _add(code, "CodeNotation", package.notation)
    promulgation = _add(message, "PromulgationInfo")
    _add(promulgation, "PromulgationDate", _date(package.issued_on))
    doc_type = _add(message, "DocumentType")
    _add(doc_type, "TypeName", package.doc_type)
    _add(message, "Subject", package.subject)
    signer = _add(message, "SignerInfo")
    _add(signer, "Position", package.signer_position)
    _add(signer, "FullName", package.signer_name)
    _add(message, "DueDate", _date(package.due_on))
    other = _add(message, "OtherInfo")
    _add(other, "Priority", PRIORITY.get(package.urgency, "0"))
    _add(other, "PageAmount", str(package.page_count))
    if package.description:
        _add(message, "Description", package.description)
    traces = _add(header, "TraceHeaderList")
    for organ_id, timestamp in package.traces:
        trace = _add(traces, "TraceHeader")
        _add(trace, "OrganId", organ_id)
        _add(trace, "Timestamp", timestamp)
    signature = _add(header, "Signature")
    _add(signature, "DigestMethod").set("Algorithm", "sha256")
    attachments = _add(_add(root, "Body"), "Attachments")
    for index, file in enumerate(package.files, start=1):
        content_id = f"att{index}"
        reference = _add(signature, "Reference")
        reference.set("ContentId", content_id)
        _add(reference, "DigestValue", _digest(file.data))
        attachment = _add(
            attachments, "Attachment", base64.b64encode(file.data).decode()
        )
        attachment.set("ContentId", content_id)
        attachment.set("ContentType", file.content_type)
        attachment.set("ContentTransferEncoding", "base64")
        attachment.set("Description", file.name)
        attachment.set("Main", "1" if file.is_main else "0")
    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return result


def status_build(status: Status) -> bytes:
    root = etree.Element(E + "envelope", nsmap={"edXML": NS})
    element = _add(_add(root, "Header"), "Status")
    _add(element, "MessageId", status.message_id)
    _add(element, "MessageType", "status")
    response_for = _add(element, "ResponseFor")
    _add(response_for, "OrganId", status.addressee_id)
    _add(response_for, "DocumentId", status.document_id)
    _organ(element, "From", status.sender)
    _add(element, "StatusCode", STATUS_CODES[status.axis_value])
    _add(element, "StatusValue", status.axis_value)
    _add(element, "Description", status.description)
    _add(element, "Timestamp", status.at)
    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return result


def _date(value: date | None) -> str:
    return value.isoformat() if value else ""


def parse(data: bytes) -> Package | Status:
    """Read a package or a status message; PackageError on anything else."""
    # No entities, no network, no huge trees: the body comes from another system.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        raise PackageError(str(error)) from error
    if root.tag != E + "envelope":
        raise PackageError("not an edXML envelope")
    status = root.find(f"{E}Header/{E}Status")
    if status is not None:
        return _status(status)
    message = root.find(f"{E}Header/{E}MessageHeader")
    if message is None:
        raise PackageError("no MessageHeader")
    return _package(root, message)


def _text(element: etree._Element, path: str, *, required: bool = False) -> str:
    found = element.find("/".join(E + part for part in path.split("/")))
    value = (found.text or "").strip() if found is not None else ""
    if required and not value:
        raise PackageError(f"{path} is required")
    return value


def _organ_of(element: etree._Element | None) -> Organ:
    if element is None:
        raise PackageError("organ missing")
    return Organ(_text(element, "OrganId", required=True), _text(element, "OrganName"))


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError as error:
        raise PackageError(f"bad date {value}") from error


def _status(element: etree._Element) -> Status:
    value = _text(element, "StatusValue", required=True)
    if value not in AXIS_VALUES:
        raise PackageError(f"unknown status {value}")
    return Status(
        message_id=_text(element, "MessageId", required=True),
        document_id=_text(element, "ResponseFor/DocumentId", required=True),
        sender=_organ_of(element.find(E + "From")),
        addressee_id=_text(element, "ResponseFor/OrganId", required=True),
        axis_value=value,
        description=_text(element, "Description")[:1000],
        at=_text(element, "Timestamp"),
    )


def _package(root: etree._Element, message: etree._Element) -> Package:
    message_type = _text(message, "MessageType", required=True)
    if message_type not in MESSAGE_TYPES:
        raise PackageError(f"unknown message type {message_type}")
    recipients = [_organ_of(element) for element in message.findall(E + "To")]
    if not recipients:
        raise PackageError("To is required")
    try:
        page_count = int(_text(message, "OtherInfo/PageAmount") or "1")
    except ValueError as error:
        raise PackageError("bad PageAmount") from error
    return Package(
        message_id=_text(message, "MessageId", required=True),
        message_type=message_type,
        document_id=_text(message, "DocumentId", required=True),
        sender=_organ_of(message.find(E + "From")),
        recipients=recipients,
        doc_type=_text(message, "DocumentType/TypeName", required=True),
        subject=_text(message, "Subject", required=True)[:500],
        number=_text(message, "Code/CodeNumber")[:11],
        notation=_text(message, "Code/CodeNotation")[:30],
        issued_on=_day(_text(message, "PromulgationInfo/PromulgationDate")),
        signer_name=_text(message, "SignerInfo/FullName")[:50],
        signer_position=_text(message, "SignerInfo/Position")[:100],
        urgency=URGENCY.get(_text(message, "OtherInfo/Priority"), "normal"),
        page_count=max(page_count, 1),
        due_on=_day(_text(message, "DueDate")),
        traces=[
            (_text(trace, "OrganId"), _text(trace, "Timestamp"))
            for trace in root.iter(E + "TraceHeader")
        ],
        files=_files(root, required=message_type in WITH_FILES),
        description=_text(message, "Description")[:500],
    )


def _files(root: etree._Element, *, required: bool) -> list[File]:
    """The attachments, each checked against its digest in the Signature."""
    digests = {
        reference.get("ContentId"): _text(reference, "DigestValue")
        for reference in root.iter(E + "Reference")
    }
    files = []
    for attachment in root.iter(E + "Attachment"):
        try:
            data = base64.b64decode(attachment.text or "", validate=True)
        except ValueError as error:
            raise PackageError("attachment is not base64") from error
        if digests.get(attachment.get("ContentId")) != _digest(data):
            raise PackageError("attachment does not match its digest")
        files.append(
            File(
                name=(attachment.get("Description") or "van-ban.pdf")[:200],
                content_type=attachment.get("ContentType") or "application/pdf",
                data=data,
                is_main=attachment.get("Main", "1") == "1",
            )
        )
    if required and not files:
        raise PackageError("no attachment")
    return files


def timestamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
