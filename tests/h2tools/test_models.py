"""Headers, Response shortcuts and ClientResponse decoding."""

from __future__ import annotations

import pytest

from h2tools._body import BodyStream
from h2tools.errors import StreamResetError
from h2tools.models import ClientResponse, Headers, Response


def test_headers_lookup_is_case_insensitive_and_ordered() -> None:
    headers = Headers(
        [("Set-Cookie", "a=1"), (b"set-cookie", b"b=2"), ("X-Caf\u00e9", "cr\u00e8me")]
    )
    assert headers.get("SET-COOKIE") == "a=1"
    assert headers.get_all("set-cookie") == ["a=1", "b=2"]
    assert headers["x-caf\u00e9"] == "cr\u00e8me"
    assert "set-cookie" in headers and "missing" not in headers and 3 not in headers
    assert headers.get("missing", "fallback") == "fallback"
    with pytest.raises(KeyError):
        headers["missing"]
    assert len(headers) == 3
    assert next(iter(headers)) == ("set-cookie", "a=1")
    assert headers == Headers(headers.raw)
    assert headers != Headers()
    assert (headers == object()) is False
    assert "set-cookie" in repr(headers)


def test_response_shortcuts() -> None:
    text = Response.text("hi", status=201)
    assert (text.status, text.body) == (201, b"hi")
    assert ("content-type", "text/plain; charset=utf-8") in list(text.headers)
    data = Response.json({"a": 1})
    assert data.body == b'{"a": 1}'


def test_client_response_text_charset_and_json() -> None:
    body = BodyStream(lambda size: None)
    latin = ClientResponse(
        200,
        Headers([("content-type", 'text/plain; charset="latin-1"')]),
        1,
        body,
        content="caf\u00e9".encode("latin-1"),
    )
    assert latin.text == "caf\u00e9"
    unknown = ClientResponse(
        200, Headers([("content-type", "text/plain; charset=nope")]), 1, body, content=b"ok"
    )
    assert unknown.text == "ok"
    assert ClientResponse(200, Headers(), 1, body, content=b"[1]").json() == [1]


def test_stream_reset_error_names_the_code() -> None:
    error = StreamResetError(3, 0x7)
    assert error.refused and "REFUSED_STREAM" in str(error)
    assert "unknown error code 0x99" in str(StreamResetError(3, 0x99))
