"""A demo certificate authority and agency certificates, made with `cryptography`.

Real agencies sign with certificates of a licensed CA (the government's CA for state
bodies); the embedded run and the tests make their own CA so that signing and
verification run end to end. Keys live in PKCS#12 files under DOCUMENT_PKI_DIR,
which is never committed.
"""

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.utils import timezone

from accounts.models import Agency

CA_FILE = "ca.pem"
CA_KEY_FILE = "ca-key.pem"


@dataclass(frozen=True)
class Authority:
    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate


def _name(common_name: str, organization: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization[:64]),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
        ]
    )


def _builder(
    subject: x509.Name, issuer: x509.Name, key: ec.EllipticCurvePrivateKey, years: int
) -> x509.CertificateBuilder:
    now = timezone.now()
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365 * years))
    )


def _usage(*, signer: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signer,
        content_commitment=signer,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signer,
        crl_sign=not signer,
        encipher_only=False,
        decipher_only=False,
    )


def authority_create(common_name: str) -> Authority:
    """A self-signed root valid for ten years."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(common_name, common_name)
    certificate = (
        _builder(name, name, key, 10)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(signer=False), critical=True)
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    return Authority(key, certificate)


def agency_certificate_issue(
    authority: Authority, agency: Agency
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """An organisation signing certificate for `agency`, valid for three years."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = _name(agency.name, agency.name)
    certificate = (
        _builder(subject, authority.certificate.subject, key, 3)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(signer=True), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(
                authority.key.public_key()
            ),
            critical=False,
        )
        .sign(authority.key, hashes.SHA256())
    )
    return key, certificate


def pkcs12_bytes(
    key: ec.EllipticCurvePrivateKey,
    certificate: x509.Certificate,
    authority: x509.Certificate,
    password: str,
) -> bytes:
    encryption = (
        serialization.BestAvailableEncryption(password.encode())
        if password
        else serialization.NoEncryption()
    )
    return pkcs12.serialize_key_and_certificates(
        b"signer", key, certificate, [authority], encryption
    )


def pki_dir() -> Path:
    return Path(settings.DOCUMENT_PKI_DIR)


def pkcs12_path(agency: Agency) -> Path:
    """Where the agency's signing key lives: `<identifier>.p12` in the PKI folder."""
    return pki_dir() / f"{agency.identifier}.p12"


def authority_save(authority: Authority, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    pem = authority.certificate.public_bytes(serialization.Encoding.PEM)
    (folder / CA_FILE).write_bytes(pem)
    key_path = folder / CA_KEY_FILE
    key_path.write_bytes(
        authority.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)


def authority_load(folder: Path) -> Authority | None:
    """The demo CA saved in `folder`, or None when there is none yet."""
    if not (folder / CA_FILE).exists() or not (folder / CA_KEY_FILE).exists():
        return None
    certificate = x509.load_pem_x509_certificate((folder / CA_FILE).read_bytes())
    key = serialization.load_pem_private_key(
        (folder / CA_KEY_FILE).read_bytes(), password=None
    )
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        return None
    return Authority(key, certificate)


def agency_keys_save(authority: Authority, agency: Agency) -> Path:
    """Issue and store the agency's PKCS#12 file; returns its path."""
    key, certificate = agency_certificate_issue(authority, agency)
    path = pkcs12_path(agency)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        pkcs12_bytes(
            key, certificate, authority.certificate, settings.DOCUMENT_PKCS12_PASSWORD
        )
    )
    path.chmod(0o600)
    return path
