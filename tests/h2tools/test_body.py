"""BodyStream: bounded buffering, credit returned on consumption."""

from __future__ import annotations

import asyncio

import pytest

from h2tools._body import BodyStream
from h2tools.errors import BodyTooLarge, StreamResetError
from tests.h2tools.conftest import run


def test_credit_is_returned_only_when_the_reader_takes_data() -> None:
    acked: list[int] = []
    body = BodyStream(acked.append)
    body.feed(b"abc", 3)
    body.feed(b"de", 2)
    assert acked == [] and body.buffered == 5 and body.max_buffered == 5
    assert run(body.read_chunk()) == b"abc"
    assert acked == [3]
    body.end()
    assert run(body.read()) == b"de"
    assert acked == [3, 2]
    assert body.complete and run(body.read_chunk()) == b""


def test_padding_credit_is_returned_at_once() -> None:
    # RFC 9113 §6.1: padding counts against flow control but carries nothing.
    acked: list[int] = []
    body = BodyStream(acked.append)
    body.feed(b"xy", 10)
    assert acked == [8]
    body.feed(b"", 5)
    assert acked == [8, 5]
    assert body.received == 2


def test_discard_returns_everything_now_and_later() -> None:
    acked: list[int] = []
    body = BodyStream(acked.append)
    body.feed(b"abc", 3)
    body.discard()
    assert acked == [3] and body.buffered == 0
    body.feed(b"zz", 2)
    assert acked == [3, 2]


def test_reader_waits_and_sees_failures() -> None:
    async def scenario() -> None:
        body = BodyStream(lambda size: None)
        reader = asyncio.ensure_future(body.read())
        await asyncio.sleep(0)
        body.feed(b"part", 4)
        await asyncio.sleep(0)
        body.fail(StreamResetError(1, 8))
        with pytest.raises(StreamResetError):
            await reader

    run(scenario())


def test_end_wins_over_later_failure_and_iteration() -> None:
    async def scenario() -> None:
        body = BodyStream(lambda size: None)
        body.feed(b"a", 1)
        body.feed(b"b", 1)
        body.end()
        body.fail(RuntimeError("late"))
        assert [chunk async for chunk in body] == [b"a", b"b"]

    run(scenario())


def test_read_limit() -> None:
    acked: list[int] = []
    body = BodyStream(acked.append)
    body.feed(b"x" * 10, 10)
    body.feed(b"y" * 10, 10)
    body.end()
    with pytest.raises(BodyTooLarge):
        run(body.read(limit=15))
    assert sum(acked) == 20
