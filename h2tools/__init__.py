"""h2tools: asyncio client, server and command-line tools built on h2."""

__version__ = "0.1.0"

from h2tools.client import Client
from h2tools.config import Limits
from h2tools.errors import (
    BodyTooLarge,
    ConnectError,
    ConnectionClosedError,
    H2ToolsError,
    ProtocolFailure,
    RequestTimeout,
    StreamResetError,
)
from h2tools.models import ClientResponse, Headers, Request, Response
from h2tools.server import Server, serve, start_server
from h2tools.static import StaticFiles

__all__ = [
    "BodyTooLarge",
    "Client",
    "ClientResponse",
    "ConnectError",
    "ConnectionClosedError",
    "H2ToolsError",
    "Headers",
    "Limits",
    "ProtocolFailure",
    "Request",
    "RequestTimeout",
    "Response",
    "Server",
    "StaticFiles",
    "StreamResetError",
    "__version__",
    "serve",
    "start_server",
]
