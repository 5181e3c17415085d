"""A loopback SMS and voice gateway for the test command (README "Notifications" describes the protocol), which also
plays an upstream department's CAP feed (README "Upstream CAP"): GET /cap/feed.atom lists two messages, /cap/1.xml a
valid CAP 1.2 warning of the county observatory and /cap/2.xml one that breaks the schema (no scope).

It accepts batches from anlan, answers per message, and later posts receipts back, as a real 融合通信 gateway would:
- the first hand-over of a share of messages (chosen by a hash of the id, so the same ones every run) answers "retry";
- numbers ending in 0000 are "rejected" (空号), never deliverable;
- accepted messages get a receipt after a short random delay: a share "failed" (用户关机), the rest "delivered".
A message id handed over again after it was accepted is not delivered twice (the id is the idempotency key); the
stats count such repeats so a test can see them. GET /stats answers the counts as JSON.

With --smtp-port it is also the bureau's mail server (SMTP, aiosmtpd): addresses starting "bounce" are refused (550),
those starting "busy" are deferred once (451) and then taken; every mail taken is kept, and GET /mail lists them with
their subject and body decoded, so a test reads what a person would have received.
"""
import argparse
import email
import email.policy
import hashlib
import json
import random
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


STARTED = time.strftime("%Y-%m-%dT%H:%M:%S+08:00", time.gmtime(time.time() + 8 * 3600))
STAMP = STARTED[:19].replace("-", "").replace(":", "").replace("T", "")
CAP = """<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>33052900000100_""" + STAMP + """_{number}</identifier>
  <sender>33052900000100</sender>
  <sent>{sent}</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  {scope}
  <info>
    <language>zh-CN</language>
    <category>Met</category>
    <event>大风</event>
    <urgency>Expected</urgency>
    <severity>Moderate</severity>
    <certainty>Likely</certainty>
    <senderName>示例县气象台</senderName>
    <headline>示例县气象台发布大风黄色预警信号（定时获取测试）</headline>
    <description>预计未来 12 小时全县将出现 8 级以上大风。</description>
    <parameter><valueName>预警级别</valueName><value>黄色</value></parameter>
    <area><areaDesc>示例县全境</areaDesc></area>
  </info>
</alert>
"""


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.accepted = {}          # id -> gateway id
        self.attempts = {}          # id -> hand-overs seen
        self.pending = []           # (due, callback, receipt)
        self.stats = {"batches": 0, "handedOver": 0, "accepted": 0, "retried": 0, "rejected": 0,
                      "repeatedAfterAccept": 0, "receiptsPosted": 0, "receiptErrors": 0, "delivered": 0, "failed": 0}
        self.random = random.Random(20261130)
        self.mail = []              # every mail the SMTP side took
        self.deferred = set()       # addresses deferred once

    def share(self, text, salt):
        return int(hashlib.sha256((salt + text).encode()).hexdigest()[:8], 16) / 0xFFFFFFFF


def handler(state):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_):
            pass

        def answer(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def send_text(self, body, content_type):
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path == "/cap/feed.atom":
                entries = "".join(
                    f'<entry><id>urn:sim:{n}</id><title>预警 {n}</title><updated>{STARTED}</updated>'
                    f'<link rel="alternate" type="application/cap+xml" href="/cap/{n}.xml"/></entry>' for n in (1, 2))
                return self.send_text(f'<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                                      f'<id>urn:sim</id><title>示例县气象台</title><updated>{STARTED}</updated>{entries}</feed>',
                                      "application/atom+xml")
            if self.path in ("/cap/1.xml", "/cap/2.xml"):
                scope = "<scope>Public</scope>" if self.path == "/cap/1.xml" else ""
                number = self.path[5]
                return self.send_text(CAP.format(number=number, sent=STARTED, scope=scope), "application/cap+xml")
            if self.path == "/mail":
                with state.lock:
                    return self.answer(200, {"messages": list(state.mail)})
            if self.path == "/stats":
                with state.lock:
                    self.answer(200, dict(state.stats, pending=len(state.pending)))
            else:
                self.answer(404, {})

        def do_POST(self):
            if self.headers.get("X-Gateway-Token") != state.args.token:
                return self.answer(401, {"error": "token"})
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
            time.sleep(state.random.uniform(0, state.args.max_delay_ms) / 1000)
            results = []
            with state.lock:
                state.stats["batches"] += 1
                for m in body["messages"]:
                    state.stats["handedOver"] += 1
                    seen = state.attempts.get(m["id"], 0)
                    state.attempts[m["id"]] = seen + 1
                    if m["id"] in state.accepted:
                        state.stats["repeatedAfterAccept"] += 1
                        results.append({"id": m["id"], "status": "accepted", "gatewayId": state.accepted[m["id"]]})
                    elif m["to"].endswith("0000"):
                        state.stats["rejected"] += 1
                        results.append({"id": m["id"], "status": "rejected", "reason": "空号"})
                    elif seen == 0 and state.share(m["id"], "retry") < state.args.retry_share:
                        state.stats["retried"] += 1
                        results.append({"id": m["id"], "status": "retry", "reason": "模拟网关繁忙"})
                    else:
                        gateway_id = f"sim-{len(state.accepted) + 1}"
                        state.accepted[m["id"]] = gateway_id
                        state.stats["accepted"] += 1
                        failed = state.share(m["id"], "receipt") < state.args.receipt_failure_share
                        receipt = {"id": m["id"], "status": "failed" if failed else "delivered"}
                        if failed:
                            receipt["reason"] = "用户关机"
                        if not state.args.no_receipts:
                            due = time.time() + state.random.uniform(0.05, state.args.max_receipt_delay)
                            state.pending.append((due, body["callback"], receipt))
                        results.append({"id": m["id"], "status": "accepted", "gatewayId": gateway_id})
            self.answer(200, {"results": results})

    return Handler


def post_receipts(state):
    while True:
        time.sleep(0.2)
        now = time.time()
        with state.lock:
            due = [p for p in state.pending if p[0] <= now]
            state.pending = [p for p in state.pending if p[0] > now]
        by_callback = {}
        for _, callback, receipt in due:
            by_callback.setdefault(callback, []).append(receipt)
        for callback, receipts in by_callback.items():
            for start in range(0, len(receipts), 500):
                chunk = receipts[start:start + 500]
                request = urllib.request.Request(
                    callback, data=json.dumps({"receipts": chunk}).encode(), method="POST",
                    headers={"Content-Type": "application/json", "X-Gateway-Token": state.args.token})
                try:
                    with urllib.request.urlopen(request, timeout=10) as response:
                        ok = response.status == 200
                except Exception:
                    ok = False
                with state.lock:
                    if ok:
                        state.stats["receiptsPosted"] += len(chunk)
                        for r in chunk:
                            state.stats["delivered" if r["status"] == "delivered" else "failed"] += 1
                    else:
                        state.stats["receiptErrors"] += 1
                        # Posted again later, as a gateway does.
                        state.pending.extend((time.time() + 1, callback, r) for r in chunk)


class MailHandler:
    """aiosmtpd's handler: refuses, defers or keeps each recipient and message as the module's docstring says."""

    def __init__(self, state):
        self.state = state

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("bounce"):
            return "550 5.1.1 mailbox unavailable"
        with self.state.lock:
            if address.startswith("busy") and address not in self.state.deferred:
                self.state.deferred.add(address)
                return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        with self.state.lock:
            for to in envelope.rcpt_tos:
                self.state.mail.append({"from": envelope.mail_from, "to": to, "subject": str(message["subject"]),
                                        "messageId": str(message["message-id"]), "text": body.get_content() if body else ""})
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--retry-share", type=float, default=0.1)
    parser.add_argument("--receipt-failure-share", type=float, default=0.05)
    parser.add_argument("--max-delay-ms", type=float, default=50)
    parser.add_argument("--max-receipt-delay", type=float, default=1.0)
    parser.add_argument("--no-receipts", action="store_true", help="accept and answer only (for the benchmark)")
    parser.add_argument("--smtp-port", type=int, help="also serve SMTP on this port (needs aiosmtpd)")
    args = parser.parse_args()
    state = State(args)
    if args.smtp_port:
        from aiosmtpd.controller import Controller
        Controller(MailHandler(state), hostname="127.0.0.1", port=args.smtp_port).start()
    threading.Thread(target=post_receipts, args=(state,), daemon=True).start()
    ThreadingHTTPServer(("127.0.0.1", args.port), handler(state)).serve_forever()


if __name__ == "__main__":
    main()
