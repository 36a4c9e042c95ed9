"""The static-file handler, called directly and through a real connection."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from h2tools._body import BodyStream
from h2tools.client import Client
from h2tools.models import Headers, Request, Response
from h2tools.server import start_server
from h2tools.static import StaticFiles
from tests.h2tools.conftest import run


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "docs").mkdir(parents=True)
    (root / "empty").mkdir()
    (root / "hello.txt").write_text("hello world\n")
    (root / "docs" / "index.html").write_text("<h1>docs</h1>")
    (root / "data.bin").write_bytes(os.urandom(300_000))
    (root / "with space.txt").write_text("spaced")
    (tmp_path / "secret.txt").write_text("do not serve")
    (root / "escape").symlink_to(tmp_path / "secret.txt")
    return root


def _request(path: str, method: str = "GET", headers: Headers | None = None) -> Request:
    body = BodyStream(lambda size: None)
    body.end()
    return Request(
        method=method,
        path=path,
        scheme="http",
        authority="x",
        headers=headers or Headers(),
        body=body,
        stream_id=1,
    )


def _fields(response: Response) -> dict[str, str]:
    return dict(Headers(response.headers))


async def _body(response: Response) -> bytes:
    if isinstance(response.body, bytes):
        return response.body
    return b"".join([chunk async for chunk in response.body])


def test_serves_a_file_with_type_length_and_etag(site: Path) -> None:
    handler = StaticFiles(site)
    response = run(handler(_request("/hello.txt")))
    headers = _fields(response)
    assert response.status == 200
    assert headers["content-type"] == "text/plain"
    assert headers["content-length"] == "12"
    assert run(_body(response)) == b"hello world\n"
    etag = headers["etag"]
    cached = run(handler(_request("/hello.txt", headers=Headers([("if-none-match", etag)]))))
    assert cached.status == 304 and cached.body == b""


def test_head_has_headers_but_no_body(site: Path) -> None:
    response = run(StaticFiles(site)(_request("/hello.txt", method="HEAD")))
    assert response.status == 200
    assert _fields(response)["content-length"] == "12"
    assert response.body == b""


def test_large_file_is_streamed_in_chunks(site: Path) -> None:
    handler = StaticFiles(site, chunk_size=10_000)
    response = run(handler(_request("/data.bin")))
    assert not isinstance(response.body, bytes)
    assert run(_body(response)) == (site / "data.bin").read_bytes()


def test_cache_follows_file_changes(site: Path) -> None:
    handler = StaticFiles(site)
    assert run(_body(run(handler(_request("/hello.txt"))))) == b"hello world\n"
    path = site / "hello.txt"
    path.write_text("changed content\n")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert run(_body(run(handler(_request("/hello.txt"))))) == b"changed content\n"


def test_cache_is_bounded(site: Path) -> None:
    for index in range(5):
        (site / f"f{index}.txt").write_bytes(b"x" * 1000)
    handler = StaticFiles(site, cache_bytes=2500)
    for index in range(5):
        assert run(_body(run(handler(_request(f"/f{index}.txt"))))) == b"x" * 1000
    assert handler._cached_size <= 2500


@pytest.mark.parametrize(
    "path", ["/../secret.txt", "/%2e%2e/secret.txt", "/docs/../../secret.txt", "/escape", "/a%00b"]
)
def test_paths_outside_the_root_are_forbidden(site: Path, path: str) -> None:
    response = run(StaticFiles(site)(_request(path)))
    assert response.status == 403


def test_missing_file_is_404_and_other_methods_405(site: Path) -> None:
    handler = StaticFiles(site)
    assert run(handler(_request("/nope.txt"))).status == 404
    not_allowed = run(handler(_request("/hello.txt", method="POST")))
    assert not_allowed.status == 405
    assert _fields(not_allowed)["allow"] == "GET, HEAD"


def test_directories_index_listing_and_redirect(site: Path) -> None:
    handler = StaticFiles(site)
    index = run(handler(_request("/docs/")))
    assert run(_body(index)) == b"<h1>docs</h1>"
    listing = run(handler(_request("/?sort=name")))
    page = run(_body(listing)).decode()
    assert "hello.txt" in page and "with%20space.txt" in page and "docs/" in page
    redirect = run(handler(_request("/empty")))
    assert redirect.status == 301 and _fields(redirect)["location"] == "/empty/"
    assert run(StaticFiles(site, listing=False)(_request("/empty/"))).status == 403


def test_percent_encoded_names(site: Path) -> None:
    response = run(StaticFiles(site)(_request("/with%20space.txt")))
    assert run(_body(response)) == b"spaced"


def test_constructor_checks(site: Path) -> None:
    with pytest.raises(ValueError):
        StaticFiles(site / "hello.txt")
    with pytest.raises(ValueError):
        StaticFiles(site, chunk_size=0)


def test_static_files_over_http2(site: Path) -> None:
    async def scenario() -> None:
        async with (
            await start_server(StaticFiles(site)) as server,
            Client(server.url, http2_prior_knowledge=True) as client,
        ):
            big = await client.get("/data.bin")
            assert big.content == (site / "data.bin").read_bytes()
            head = await client.head("/data.bin")
            assert head.headers["content-length"] == "300000" and head.content == b""
            assert (await client.get("/../secret.txt")).status == 403

    run(scenario())


def test_repeated_responses_use_hpack_indexes(site: Path) -> None:
    # RFC 7541 §6.2.1: content-length and etag repeat for the same file, so the
    # server indexes them and a repeated response header block is tiny.
    import re

    from h2tools.trace import FrameTracer

    async def scenario() -> list[int]:
        lines: list[str] = []
        tracer = FrameTracer(client_side=True, write=lines.append)
        async with (
            await start_server(StaticFiles(site)) as server,
            Client(server.url, http2_prior_knowledge=True, tracer=tracer) as client,
        ):
            for _ in range(3):
                assert (await client.get("/hello.txt")).content == b"hello world\n"
        text = "\n".join(lines)
        return [int(n) for n in re.findall(r"recv HEADERS frame <length=(\d+)", text)]

    lengths = run(scenario())
    assert len(lengths) == 3
    assert lengths[1] == lengths[2] <= 6 < lengths[0]
