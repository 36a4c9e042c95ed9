"""``python -m h2tools {demo,serve,get,load}``.

Exit codes: 0 success; 2 bad usage; 3 connection failure; 4 protocol error
(including GOAWAY with an error); 5 stream reset by the peer; 6 timeout;
1 any other failure.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from h2tools import __version__
from h2tools.config import Limits
from h2tools.errors import (
    ConnectError,
    ConnectionClosedError,
    H2ToolsError,
    ProtocolFailure,
    RequestTimeout,
    StreamResetError,
)

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_CONNECT = 3
EXIT_PROTOCOL = 4
EXIT_RESET = 5
EXIT_TIMEOUT = 6

_EXIT_CODES: tuple[tuple[type[H2ToolsError], int], ...] = (
    (ConnectError, EXIT_CONNECT),
    (ProtocolFailure, EXIT_PROTOCOL),
    (ConnectionClosedError, EXIT_PROTOCOL),
    (StreamResetError, EXIT_RESET),
    (RequestTimeout, EXIT_TIMEOUT),
)


def exit_code_for(error: H2ToolsError) -> int:
    for kind, code in _EXIT_CODES:
        if isinstance(error, kind):
            return code
    return EXIT_FAILURE


def print_line(line: str) -> None:
    """Print to stdout; once the reader went away (``| head``), print nothing more."""
    try:
        print(line, flush=True)
    except BrokenPipeError:
        # Point stdout at /dev/null so the interpreter's final flush is quiet too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m h2tools", description="HTTP/2 tools on a pure-Python sans-I/O stack."
    )
    parser.add_argument("--version", action="version", version=f"h2tools {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("demo", help="server + client in one process, with a frame trace")

    serve = commands.add_parser("serve", help="serve a directory over HTTP/2")
    serve.add_argument("directory", nargs="?", default=".", help="directory to serve (default .)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=None, help="default 8443 with TLS, else 8080")
    tls = serve.add_mutually_exclusive_group()
    tls.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"), help="PEM certificate and key")
    tls.add_argument("--self-signed", action="store_true", help="TLS with a throwaway certificate")
    serve.add_argument("-v", "--verbose", action="store_true", help="trace every frame")
    serve.add_argument("--access-log", action="store_true", help="log one line per request")
    serve.add_argument("--max-concurrent-streams", type=int, default=100)

    get = commands.add_parser("get", help="fetch a URL, like curl or nghttp")
    get.add_argument("url")
    get.add_argument("-v", "--verbose", action="store_true", help="print every frame (nghttp -v)")
    get.add_argument("-H", "--header", action="append", default=[], metavar="'NAME: VALUE'")
    get.add_argument("-d", "--data", help="request body; @FILE reads a file (implies POST)")
    get.add_argument("-X", "--method", help="request method (default GET, POST with -d)")
    get.add_argument("-i", "--include", action="store_true", help="print status and headers")
    get.add_argument("-o", "--output", help="write the body to this file")
    get.add_argument("-k", "--insecure", action="store_true", help="skip certificate checks")
    get.add_argument("--cacert", help="CA bundle for verifying the server")
    get.add_argument("--http2-prior-knowledge", action="store_true", help="h2c without upgrade")
    get.add_argument("--timeout", type=float, default=30.0)

    load = commands.add_parser("load", help="an h2load-like load generator")
    load.add_argument("url")
    load.add_argument("-n", "--requests", type=int, default=100)
    load.add_argument("-c", "--clients", type=int, default=1, help="connections")
    load.add_argument("-m", "--max-concurrent-streams", type=int, default=1)
    load.add_argument("-k", "--insecure", action="store_true")
    load.add_argument("--http2-prior-knowledge", action="store_true")
    load.add_argument("--timeout", type=float, default=30.0)
    load.add_argument("--no-progress", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "demo":
            from h2tools.demo import run_demo

            return asyncio.run(run_demo(write=print_line))
        if args.command == "serve":
            return _serve(args)
        if args.command == "get":
            return asyncio.run(_get(args))
        return asyncio.run(_load(args))
    except H2ToolsError as exc:
        print(f"h2tools {args.command}: error: {exc}", file=sys.stderr)
        return exit_code_for(exc)
    except KeyboardInterrupt:
        return 130


# -- serve ------------------------------------------------------------------------


def _serve(args: argparse.Namespace) -> int:
    from h2tools.static import StaticFiles
    from h2tools.tls import CertificateError, make_self_signed, server_context

    directory = Path(args.directory)
    if not directory.is_dir():
        print(f"h2tools serve: error: {directory} is not a directory", file=sys.stderr)
        return EXIT_USAGE
    context = None
    certdir: str | None = None
    if args.tls:
        try:
            context = server_context(*args.tls)
        except (OSError, ValueError) as exc:
            print(f"h2tools serve: error: cannot load certificate: {exc}", file=sys.stderr)
            return EXIT_USAGE
    elif args.self_signed:
        certdir = tempfile.mkdtemp(prefix="h2tools-cert-")
        try:
            cert, key = make_self_signed(certdir)
        except CertificateError as exc:
            shutil.rmtree(certdir, ignore_errors=True)
            print(f"h2tools serve: error: {exc}", file=sys.stderr)
            return EXIT_FAILURE
        context = server_context(cert, key)
        print(f"self-signed certificate: {cert}", flush=True)
    port = args.port if args.port is not None else (8443 if context else 8080)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if not args.access_log:
        logging.getLogger("h2tools.access").setLevel(logging.WARNING)
    try:
        limits = Limits(max_concurrent_streams=args.max_concurrent_streams)
    except ValueError as exc:
        print(f"h2tools serve: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return asyncio.run(_run_server(StaticFiles(directory), args, context, port, limits))
    finally:
        if certdir is not None:
            shutil.rmtree(certdir, ignore_errors=True)


async def _run_server(
    handler: object, args: argparse.Namespace, context: object, port: int, limits: Limits
) -> int:
    import ssl

    from h2tools.models import Request, Response
    from h2tools.server import Server, serve
    from h2tools.trace import FrameTracer

    assert context is None or isinstance(context, ssl.SSLContext)
    static = handler
    access = logging.getLogger("h2tools.access")

    async def logged(request: Request) -> Response:
        response: Response = await static(request)  # type: ignore[operator]
        access.info("%s %s -> %d", request.method, request.path, response.status)
        return response

    def ready(server: Server) -> None:
        mode = "TLS, ALPN h2" if context else "h2c: prior knowledge or upgrade"
        print(
            f"serving {Path(args.directory).resolve()} on {server.url} ({mode}); Ctrl-C to stop",
            flush=True,
        )

    tracer_factory = None
    if args.verbose:

        def tracer_factory() -> FrameTracer:
            return FrameTracer(client_side=False, write=print_line)

    try:
        await serve(
            logged if args.access_log else static,  # type: ignore[arg-type]
            args.host,
            port,
            context,
            limits=limits,
            tracer_factory=tracer_factory,
            on_ready=ready,
        )
    except OSError as exc:
        print(
            f"h2tools serve: error: cannot listen on {args.host}:{port}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return EXIT_CONNECT
    print("server stopped", flush=True)
    return EXIT_OK


# -- get --------------------------------------------------------------------------


def _parse_headers(raw: list[str]) -> list[tuple[str, str]]:
    headers = []
    for item in raw:
        name, colon, value = item.partition(":")
        if not colon or not name.strip():
            raise SystemExit(f"h2tools get: error: bad header {item!r} (expected 'name: value')")
        headers.append((name.strip().lower(), value.strip()))
    return headers


async def _get(args: argparse.Namespace) -> int:
    from h2tools.client import Client
    from h2tools.trace import FrameTracer

    headers = _parse_headers(args.header)
    body: bytes | None = None
    if args.data is not None:
        if args.data.startswith("@"):
            try:
                body = Path(args.data[1:]).read_bytes()
            except OSError as exc:
                print(f"h2tools get: error: cannot read {args.data[1:]}: {exc}", file=sys.stderr)
                return EXIT_USAGE
        else:
            body = args.data.encode()
    method = args.method or ("POST" if body is not None else "GET")
    verify: bool | str = args.cacert or not args.insecure
    tracer = None
    if args.verbose:
        tracer = FrameTracer(client_side=True, write=print_line)
    from urllib.parse import urlsplit

    parts = urlsplit(args.url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        print(f"h2tools get: error: not an http(s) URL: {args.url}", file=sys.stderr)
        return EXIT_USAGE
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    origin = f"{parts.scheme}://{parts.netloc}"
    async with Client(
        origin,
        verify=verify,
        http2_prior_knowledge=args.http2_prior_knowledge,
        timeout=args.timeout,
        tracer=tracer,
    ) as client:
        response = await client.request(method, path, headers=headers, content=body)
    out = sys.stdout.buffer
    if args.include:
        head = [f"HTTP/2 {response.status}"] + [f"{k}: {v}" for k, v in response.headers]
        out.write(("\n".join(head) + "\n\n").encode())
    if args.output:
        Path(args.output).write_bytes(response.content)
    else:
        out.write(response.content)
    if response.trailers and args.include:
        out.write(b"\n" + "\n".join(f"{k}: {v}" for k, v in response.trailers).encode() + b"\n")
    out.flush()
    return EXIT_OK


# -- load -------------------------------------------------------------------------


async def _load(args: argparse.Namespace) -> int:
    from h2tools.load import ProgressBar, run_load

    progress = None if args.no_progress else ProgressBar()
    try:
        report = await run_load(
            args.url,
            requests=args.requests,
            connections=args.clients,
            streams=args.max_concurrent_streams,
            verify=not args.insecure,
            http2_prior_knowledge=args.http2_prior_knowledge,
            timeout=args.timeout,
            progress=progress,
        )
    except ValueError as exc:
        print(f"h2tools load: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(report.render())
    return EXIT_OK if report.errored == 0 else EXIT_FAILURE
