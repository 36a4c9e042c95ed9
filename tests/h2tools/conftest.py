"""Fixtures for the h2tools tests: an event-loop runner, servers and a test certificate."""

from __future__ import annotations

import asyncio
import shutil
import ssl
import subprocess
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

import pytest

T = TypeVar("T")

#: Upper bound for one in-process scenario; a hang fails the test instead of the run.
SCENARIO_TIMEOUT = 30.0


def run(coro: Coroutine[Any, Any, T], timeout: float = SCENARIO_TIMEOUT) -> T:
    """Run one async scenario on a fresh event loop, bounded in time."""

    async def bounded() -> T:
        return await asyncio.wait_for(coro, timeout)

    return asyncio.run(bounded())


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1/localhost, made offline with openssl."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    from h2tools.tls import make_self_signed

    return make_self_signed(tmp_path_factory.mktemp("cert"))


@pytest.fixture
def server_tls(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    from h2tools.tls import server_context

    return server_context(*certificate)


Handler = Callable[[Any], Awaitable[Any]]


def openssl_available() -> bool:
    return shutil.which("openssl") is not None


def check_output(*args: str, timeout: float = 30.0) -> str:
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=True).stdout
