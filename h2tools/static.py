"""A static-file handler: ``StaticFiles(root)`` is a server handler.

* GET and HEAD only (405 otherwise, with ``allow``); paths are
  percent-decoded and must stay inside ``root`` (403 for ``..`` tricks and
  symlinks leading out).
* A directory serves its ``index.html`` or a small HTML listing.
* Small files are cached in memory (bounded by ``cache_bytes``, keyed by
  path, size and mtime, so edits show up at once); larger ones are streamed
  in ``chunk_size`` pieces, so memory stays flat however big the file is.
* ``ETag``/``If-None-Match`` give 304 responses.
"""

from __future__ import annotations

import html
import mimetypes
import os
from collections import OrderedDict
from collections.abc import AsyncIterator
from pathlib import Path
from stat import S_ISDIR
from urllib.parse import quote, unquote

from h2tools.models import Request, Response

_Key = tuple[str, int, int]

#: Request targets whose resolved path is remembered (oldest dropped first).
_RESOLVE_CACHE_ENTRIES = 4096


class StaticFiles:
    """Serve the files below ``root``."""

    #: Safe to start inside the server's read callback: the handler neither
    #: needs a current task nor blocks before its first suspension.
    h2tools_eager = True

    def __init__(
        self,
        root: str | os.PathLike[str],
        *,
        chunk_size: int = 64 * 1024,
        cache_file_limit: int = 64 * 1024,
        cache_bytes: int = 8 * 1024 * 1024,
        listing: bool = True,
    ) -> None:
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise ValueError(f"{root} is not a directory")
        if chunk_size <= 0 or cache_file_limit < 0 or cache_bytes < 0:
            raise ValueError("chunk_size must be positive and cache sizes non-negative")
        self.chunk_size = chunk_size
        self.cache_file_limit = cache_file_limit
        self.cache_bytes = cache_bytes
        self.listing = listing
        self._cache: OrderedDict[_Key, bytes] = OrderedDict()
        self._resolved: dict[str, Path | None] = {}
        self._entries: dict[_Key, tuple[str, list[tuple[bytes, bytes]]]] = {}
        self._cached_size = 0

    async def __call__(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return Response(
                405,
                [("allow", "GET, HEAD"), ("content-type", "text/plain; charset=utf-8")],
                b"method not allowed\n",
            )
        path = self._resolve_cached(request.path)
        if path is None:
            return Response.text("forbidden\n", status=403)
        try:
            stat = os.stat(path)
        except OSError:
            return Response.text("not found\n", status=404)
        if S_ISDIR(stat.st_mode):
            return self._directory(request, path)
        return self._file(request, path, stat)

    def _resolve_cached(self, target: str) -> Path | None:
        """``_resolve`` behind a bounded memo: resolving symlinks costs several syscalls."""
        if target in self._resolved:
            return self._resolved[target]
        path = self._resolve(target)
        if len(self._resolved) >= _RESOLVE_CACHE_ENTRIES:
            self._resolved.pop(next(iter(self._resolved)))
        self._resolved[target] = path
        return path

    def _resolve(self, target: str) -> Path | None:
        """Map a request target to a path inside ``root``, or None if it escapes."""
        raw_path = target.split("?", 1)[0].split("#", 1)[0]
        decoded = unquote(raw_path)
        if "\x00" in decoded:
            return None
        parts = [part for part in decoded.split("/") if part not in ("", ".")]
        if any(part == ".." for part in parts):
            return None
        candidate = self.root.joinpath(*parts)
        try:
            resolved = candidate.resolve()
        except (OSError, RuntimeError):
            return None
        if resolved != self.root and self.root not in resolved.parents:
            return None
        return resolved

    def _directory(self, request: Request, path: Path) -> Response:
        index = path / "index.html"
        if index.is_file():
            return self._file(request, index, index.stat())
        if not self.listing:
            return Response.text("forbidden\n", status=403)
        base = request.path.split("?", 1)[0]
        if not base.endswith("/"):
            return Response(301, [("location", base + "/")], b"")
        entries = []
        for entry in sorted(path.iterdir(), key=lambda p: p.name):
            name = entry.name + ("/" if entry.is_dir() else "")
            entries.append(f'<li><a href="{quote(name)}">{html.escape(name)}</a></li>')
        title = html.escape(unquote(base))
        page = (
            f"<!doctype html><title>Index of {title}</title><h1>Index of {title}</h1>"
            f"<ul>{''.join(entries)}</ul>\n"
        )
        return Response.text(page, content_type="text/html")

    def _file(self, request: Request, path: Path, stat: os.stat_result) -> Response:
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entry(path, stat)
            if len(self._entries) >= _RESOLVE_CACHE_ENTRIES:
                self._entries.pop(next(iter(self._entries)))
            self._entries[key] = entry
        etag, headers = entry
        if request.headers.raw and request.headers.get("if-none-match") == etag:
            return Response(304, headers[:2])
        if request.method == "HEAD":
            return Response(200, headers)
        size = stat.st_size
        if size <= self.cache_file_limit:
            content = self._cached(key, path)
            if content is None:
                return Response.text("forbidden\n", status=403)
            return Response(200, headers, content)
        return Response(200, headers, self._stream(path, size))

    def _entry(self, path: Path, stat: os.stat_result) -> tuple[str, list[tuple[bytes, bytes]]]:
        """The ETag and response fields of one version of a file."""
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        headers = [
            (b"content-type", content_type.encode()),
            (b"etag", etag.encode()),
            (b"content-length", str(stat.st_size).encode()),
        ]
        return etag, headers

    def _cached(self, key: _Key, path: Path) -> bytes | None:
        content = self._cache.get(key)
        if content is not None:
            self._cache.move_to_end(key)
            return content
        try:
            content = path.read_bytes()
        except OSError:
            return None
        if len(content) <= self.cache_bytes:
            self._cache[key] = content
            self._cached_size += len(content)
            while self._cached_size > self.cache_bytes:
                _, evicted = self._cache.popitem(last=False)
                self._cached_size -= len(evicted)
        return content

    async def _stream(self, path: Path, size: int) -> AsyncIterator[bytes]:
        remaining = size
        with path.open("rb") as handle:
            while remaining > 0:
                chunk = handle.read(min(self.chunk_size, remaining))
                if not chunk:
                    return
                remaining -= len(chunk)
                yield chunk
