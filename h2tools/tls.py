"""TLS contexts for HTTP/2 (ALPN "h2", RFC 9113 §3.2 and §9.2) and self-signed certificates."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from pathlib import Path

ALPN_H2 = "h2"


def server_context(certfile: str | Path, keyfile: str | Path) -> ssl.SSLContext:
    """A server context offering only ``h2`` over TLS 1.2+ (RFC 9113 §9.2)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    # RFC 9113 §9.2.2: TLS 1.2 deployments must use ephemeral key exchange
    # with AEAD ciphers; TLS 1.3 suites are all acceptable.
    context.set_ciphers("ECDHE+AESGCM:ECDHE+CHACHA20")
    # RFC 9113 §9.2.1: compression and renegotiation must be disabled.
    context.options |= ssl.OP_NO_COMPRESSION | ssl.OP_NO_RENEGOTIATION
    context.load_cert_chain(str(certfile), str(keyfile))
    context.set_alpn_protocols([ALPN_H2])
    return context


def client_context(verify: bool | str | Path | ssl.SSLContext = True) -> ssl.SSLContext:
    """A client context asking for ``h2``; ``verify`` is True, False or a CA bundle path."""
    if isinstance(verify, ssl.SSLContext):
        verify.set_alpn_protocols([ALPN_H2])
        return verify
    if verify is True:
        context = ssl.create_default_context()
    elif verify is False:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    else:
        context = ssl.create_default_context(cafile=str(verify))
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.options |= ssl.OP_NO_COMPRESSION
    context.set_alpn_protocols([ALPN_H2])
    return context


class CertificateError(RuntimeError):
    """A self-signed certificate could not be made."""


def make_self_signed(directory: str | Path, hostname: str = "localhost") -> tuple[Path, Path]:
    """Write ``cert.pem`` and ``key.pem`` for ``hostname``, 127.0.0.1 and ::1.

    Uses the ``openssl`` command when present (a self-signed certificate:
    clients verify with ``cert.pem`` itself), else the optional ``trustme``
    package (``pip install 'h2stack[h2tools]'``; clients verify with the
    ``ca.pem`` written beside it).
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    cert, key = directory / "cert.pem", directory / "key.pem"
    openssl = shutil.which("openssl")
    if openssl is not None:
        command = [
            openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-days", "30", "-subj", f"/CN={hostname}",
            "-addext", f"subjectAltName=DNS:{hostname},IP:127.0.0.1,IP:::1",
            "-keyout", str(key), "-out", str(cert),
        ]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        if result.returncode == 0:
            return cert, key
        raise CertificateError(f"openssl failed: {result.stderr.strip()}")
    try:
        import trustme  # type: ignore[import-not-found, unused-ignore]
    except ImportError as exc:
        raise CertificateError(
            "--self-signed needs the openssl command or the trustme package "
            "(pip install 'h2stack[h2tools]')"
        ) from exc
    # trustme issues from a throwaway CA; clients verify with ca.pem beside the key.
    authority = trustme.CA()
    issued = authority.issue_cert(hostname, "127.0.0.1", "::1")
    issued.private_key_pem.write_to_path(str(key))
    issued.cert_chain_pems[0].write_to_path(str(cert))
    authority.cert_pem.write_to_path(str(directory / "ca.pem"))
    return cert, key
