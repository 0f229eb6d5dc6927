"""A total deadline for each HTTP call to a model server.

httpx's timeouts bound each network operation, not the call: a server that drips its answer a byte
a second would never time out (https://github.com/encode/httpx/issues/1450). Here every read, write
and connect of a call gets at most the time left until the call's deadline, so a call ends within
SUMMARIZER_TIMEOUT seconds of going out whatever the server does; an expired deadline is an
ordinary timeout (retried like any other, see llm.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import httpcore2
import httpx2


@dataclass
class _Call:
    seconds: float
    end: float | None = None  # when the call first touches the network: the SDK's own set-up never counts


_call: ContextVar[_Call | None] = ContextVar("call", default=None)


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """HTTP calls made inside end within `seconds` of going out (per thread: each has its own)."""
    token = _call.set(_Call(seconds))
    try:
        yield
    finally:
        _call.reset(token)


def _left(timeout: float | None, expired: type[Exception]) -> float | None:
    """`timeout`, cut to the time left before the deadline."""
    call = _call.get()
    if call is None:
        return timeout
    now = time.monotonic()
    if call.end is None:
        call.end = now + call.seconds
    left = call.end - now
    if left <= 0:
        raise expired("no complete answer within the time allowed for one call")
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore2.NetworkStream):
    def __init__(self, stream: httpcore2.NetworkStream):
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _left(timeout, httpcore2.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _left(timeout, httpcore2.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore2.NetworkStream:
        return _Stream(self._stream.start_tls(ssl_context, server_hostname, _left(timeout, httpcore2.ConnectTimeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _Backend(httpcore2.NetworkBackend):
    def __init__(self, backend: httpcore2.NetworkBackend):
        self._backend = backend

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Any = None) -> httpcore2.NetworkStream:
        return _Stream(self._backend.connect_tcp(host, port, _left(timeout, httpcore2.ConnectTimeout),
                                                 local_address, socket_options))

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Any = None) -> httpcore2.NetworkStream:
        return _Stream(self._backend.connect_unix_socket(path, _left(timeout, httpcore2.ConnectTimeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def keep_deadlines(client: httpx2.Client) -> httpx2.Client:
    """`client`, its connections (direct, or through a proxy the environment names) keeping to the
    deadline of the call in progress. httpx takes no network backend, so the one each of its
    connection pools uses is wrapped; an explicit transport would lose the environment's proxies."""
    for transport in [client._transport, *client._mounts.values()]:
        pool = getattr(transport, "_pool", None)
        if pool is not None and not isinstance(pool._network_backend, _Backend):
            pool._network_backend = _Backend(pool._network_backend)
    return client
