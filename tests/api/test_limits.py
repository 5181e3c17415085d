"""Resource limits over real sockets (issue 15, item 3): a client that opens a request and stalls is closed after the
idle timeout (30 s by default), so half-open requests cannot hold the server's file descriptors; a complete request on
the same kind of connection is answered."""
import socket
import time
import urllib.parse

from conftest import BASE_URL

IDLE_TIMEOUT = 30


def connect():
    parsed = urllib.parse.urlparse(BASE_URL)
    return socket.create_connection((parsed.hostname, parsed.port or 80), timeout=IDLE_TIMEOUT + 20)


def closed_after(sock):
    """Seconds until the server closes the connection, reading whatever it sends first."""
    started = time.monotonic()
    while sock.recv(4096):
        pass
    return time.monotonic() - started


def test_stalled_requests_are_closed_after_the_idle_timeout():
    silent = connect()                      # connects and sends nothing
    half_head = connect()                   # begins a request head and stalls
    half_head.sendall(b"GET /login HTTP/1.1\r\nHost: anlan\r\n")
    half_body = connect()                   # sends a head announcing a body, then part of it
    half_body.sendall(b"POST /api/v1/auth/token HTTP/1.1\r\nHost: anlan\r\nContent-Type: application/json\r\n"
                      b"Content-Length: 100\r\n\r\n{\"username\":")
    for sock in (silent, half_head, half_body):
        waited = closed_after(sock)
        assert waited < IDLE_TIMEOUT + 15, f"still open after {waited:.0f} s"
        sock.close()
    # A complete request is answered, and the connection stays usable until it idles.
    whole = connect()
    whole.sendall(b"GET /healthz HTTP/1.1\r\nHost: anlan\r\n\r\n")
    assert whole.recv(4096).startswith(b"HTTP/1.1 ")
    whole.close()


def test_a_request_the_parser_refuses_is_answered_400_and_closed():
    """Unencoded UTF-8 in the path: the HTTP parser refuses the request line. The answer is an immediate 400 with the
    error body and the connection is closed (it used to stay open, unanswered, with no idle timer)."""
    sock = connect()
    started = time.monotonic()
    sock.sendall("GET /login?q=青山 HTTP/1.1\r\nHost: anlan\r\n\r\n".encode("utf-8"))
    answer = b""
    while True:
        chunk = sock.recv(4096)
        if not chunk:
            break
        answer += chunk
    sock.close()
    assert time.monotonic() - started < 5, "answered and closed at once"
    assert answer.startswith(b"HTTP/1.1 400 "), answer[:200]
    assert b'"code":"request.malformed"' in answer
