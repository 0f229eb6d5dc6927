"""A small OpenAI-compatible HTTP server on 127.0.0.1 for fault and concurrency tests: each request
gets the next scripted reply (status, headers, body, delay); with none left, a valid empty answer
after `latency` seconds. It records the most requests it was answering at once."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

from summarizer.providers.fake import _empty_answer


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # dict -> JSON; str/bytes -> as is; None -> a valid answer to the request
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    arguments: Any = None  # the tool-call arguments of a 200 answer (dict or raw str)
    finish_reason: str = "stop"
    drip: float = 0.0  # seconds between bytes: the body sent a byte at a time ...
    drip_headers: bool = False  # ... and the status line and headers before it too


def answer(request: dict, arguments: Any = None, finish_reason: str = "stop") -> dict:
    """A chat completion answering the request's tool call (instructor TOOLS mode), or in JSON mode
    (`response_format` with a schema) the answer as the message's content."""
    if "tools" in request:
        tool = request["tools"][0]["function"]
        args = arguments if arguments is not None else _empty_answer(tool["parameters"])
        message = {"role": "assistant", "content": None, "tool_calls": [{"id": "call-1", "type": "function", "function": {
            "name": tool["name"], "arguments": args if isinstance(args, str) else json.dumps(args)}}]}
    else:
        args = arguments if arguments is not None else _empty_answer(request["response_format"]["schema"])
        message = {"role": "assistant", "content": args if isinstance(args, str) else json.dumps(args)}
    return {
        "id": "fake-1", "object": "chat.completion", "created": int(time.time()), "model": request["model"],
        "choices": [{"index": 0, "finish_reason": finish_reason, "message": message}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


class FakeServer:
    def __init__(self, latency: float = 0.0) -> None:
        self.latency = latency  # the delay of a reply that is not scripted
        self.in_flight = 0
        self.most_in_flight = 0  # the most requests answered at once
        self._count = threading.Lock()
        self.replies: deque[Reply] = deque()
        self.requests: list[dict] = []
        self.headers: list[dict[str, str]] = []
        self.rule: Callable[[dict], Reply | None] | None = None  # a reply chosen by content, before the queue
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with server._count:
                    server.requests.append(request)
                    server.headers.append({k.lower(): v for k, v in self.headers.items()})
                    server.in_flight += 1
                    server.most_in_flight = max(server.most_in_flight, server.in_flight)
                try:
                    self._reply(request)
                finally:
                    with server._count:
                        server.in_flight -= 1

            def _reply(self, request: dict) -> None:
                reply = (server.rule(request) if server.rule else None) or \
                    (server.replies.popleft() if server.replies else Reply(delay=server.latency))
                time.sleep(reply.delay)
                body = reply.body if reply.body is not None else answer(request, reply.arguments, reply.finish_reason)
                data = body if isinstance(body, bytes) else (body if isinstance(body, str) else json.dumps(body)).encode()
                try:
                    self.send_response(reply.status)
                    for name, value in {"Content-Type": "application/json", **reply.headers}.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(data)))
                    if not reply.drip:
                        self.end_headers()
                        self.wfile.write(data)
                        return
                    if reply.drip_headers:
                        self._headers_buffer.append(b"\r\n")
                        raw = b"".join(self._headers_buffer) + data
                        self._headers_buffer = []
                    else:
                        self.end_headers()
                        raw = data
                    for i in range(len(raw)):
                        self.wfile.write(raw[i:i + 1])
                        self.wfile.flush()
                        time.sleep(reply.drip)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    def __enter__(self) -> FakeServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
