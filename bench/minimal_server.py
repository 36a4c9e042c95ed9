"""A minimal asyncio HTTP/2 server written against the public h2 API only.

It is the baseline of ``bench/h2load_compare.py``: run it with either
virtualenv (ours or the incumbent's) and it answers every request with a
fixed body, respecting flow control, nothing more::

    python bench/minimal_server.py --port 8081 --size 16
"""

from __future__ import annotations

import argparse
import asyncio

from h2.config import H2Configuration
from h2.connection import H2Connection
from h2.events import (
    ConnectionTerminated,
    DataReceived,
    StreamEnded,
    StreamReset,
    WindowUpdated,
)
from h2.exceptions import ProtocolError


class MinimalProtocol(asyncio.Protocol):
    def __init__(self, body: bytes) -> None:
        self.body = body
        self.conn = H2Connection(H2Configuration(client_side=False, header_encoding=None))
        self.transport: asyncio.Transport | None = None
        self.pending: dict[int, memoryview] = {}

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.conn.initiate_connection()
        transport.write(self.conn.data_to_send())

    def data_received(self, data: bytes) -> None:
        try:
            events = self.conn.receive_data(data)
        except ProtocolError:
            assert self.transport is not None
            self.transport.write(self.conn.data_to_send())
            self.transport.close()
            return
        for event in events:
            if isinstance(event, StreamEnded):
                # The request is complete (END_STREAM on HEADERS or DATA): answer it.
                self.respond(event.stream_id)
            elif isinstance(event, DataReceived):
                self.conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
            elif isinstance(event, WindowUpdated):
                self.send_pending()
            elif isinstance(event, StreamReset):
                self.pending.pop(event.stream_id, None)
            elif isinstance(event, ConnectionTerminated):
                assert self.transport is not None
                self.transport.close()
        assert self.transport is not None
        self.transport.write(self.conn.data_to_send())

    def respond(self, stream_id: int) -> None:
        self.conn.send_headers(
            stream_id,
            [
                (":status", "200"),
                ("content-type", "application/octet-stream"),
                ("content-length", str(len(self.body))),
            ],
            end_stream=not self.body,
        )
        if not self.body:
            return
        self.pending[stream_id] = memoryview(self.body)
        self.send_pending()

    def send_pending(self) -> None:
        for stream_id in list(self.pending):
            view = self.pending[stream_id]
            while view:
                window = self.conn.local_flow_control_window(stream_id)
                size = min(window, self.conn.max_outbound_frame_size, len(view))
                if size <= 0:
                    break
                self.conn.send_data(stream_id, view[:size], end_stream=size == len(view))
                view = view[size:]
            if view:
                self.pending[stream_id] = view
            else:
                del self.pending[stream_id]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--size", type=int, default=16, help="response body size in bytes")
    args = parser.parse_args()
    body = b"x" * args.size
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: MinimalProtocol(body), args.host, args.port)
    print(f"minimal server on http://{args.host}:{args.port} (body {args.size} bytes)", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
