"""h2tools: asyncio client, server and command-line tools built on h2."""

__version__ = "0.1.0"
