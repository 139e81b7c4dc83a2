"""Decoding an answer's Content-Encoding with a bound on what it may grow to.

httpx inflates each network chunk whole: 64 KB of gzip can become 64 MB, and a doubly encoded
answer far more. Here every layer stops as soon as its output passes the limit.
"""

from __future__ import annotations

import zlib

GZIP, ZLIB, RAW_DEFLATE = 16 + zlib.MAX_WBITS, zlib.MAX_WBITS, -zlib.MAX_WBITS
SUPPORTED = {"gzip": GZIP, "x-gzip": GZIP, "deflate": ZLIB}


class UnreadableBody(ValueError):
    """The body is larger than allowed, or its encoding is unknown or corrupt."""


class _Layer:
    def __init__(self, name: str, limit: int) -> None:
        self.name, self.limit, self.produced = name, limit, 0
        self._wbits = SUPPORTED[name]
        self._inflater = zlib.decompressobj(self._wbits)

    def feed(self, data: bytes) -> bytes:
        out = bytearray()
        while data:
            try:
                piece = self._inflater.decompress(data, self._room() + 1)
            except zlib.error as err:
                if self._wbits == ZLIB and not self.produced:  # some servers send raw deflate
                    self._wbits = RAW_DEFLATE
                    self._inflater = zlib.decompressobj(RAW_DEFLATE)
                    continue
                raise UnreadableBody(f"corrupt {self.name} answer ({err})") from err
            out += self._count(piece)
            if self._inflater.eof and self._wbits == GZIP:
                data = self._inflater.unused_data  # a gzip body may hold several members
                if data:
                    self._inflater = zlib.decompressobj(GZIP)
            else:
                data = self._inflater.unconsumed_tail if not self._inflater.eof else b""
        return bytes(out)

    def flush(self) -> bytes:
        return self._count(self._inflater.flush(self._room() + 1))

    def _room(self) -> int:
        return self.limit - self.produced

    def _count(self, piece: bytes) -> bytes:
        self.produced += len(piece)
        if self.produced > self.limit:
            raise UnreadableBody(
                f"answer larger than {self.limit} bytes once decoded ({self.name})"
            )
        return piece


class BoundedDecoder:
    """Feed raw chunks, then `finish()` for the decoded body; UnreadableBody past `limit` bytes."""

    def __init__(self, content_encoding: str | None, limit: int) -> None:
        names = [part.strip().lower() for part in (content_encoding or "").split(",")]
        names = [name for name in names if name and name != "identity"]
        if unknown := [name for name in names if name not in SUPPORTED]:
            raise UnreadableBody(f"unsupported Content-Encoding {', '.join(unknown)}")
        self.limit, self.received = limit, 0
        self._layers = [_Layer(name, limit) for name in reversed(names)]  # last applied first
        self._out = bytearray()

    def feed(self, chunk: bytes) -> None:
        self.received += len(chunk)
        if self.received > self.limit:
            raise UnreadableBody(f"answer larger than {self.limit} bytes")
        self._pass_on(0, chunk)

    def finish(self) -> bytes:
        for index, layer in enumerate(self._layers):
            self._pass_on(index + 1, layer.flush())
        return bytes(self._out)

    def _pass_on(self, start: int, data: bytes) -> None:
        for layer in self._layers[start:]:
            data = layer.feed(data)
        self._out += data
        if len(self._out) > self.limit:
            raise UnreadableBody(f"answer larger than {self.limit} bytes")
