"""Notifications through the loopback gateway simulator (tests/tools/gateway_simulator.py, started by scripts/test).

A notification to typed numbers goes out by SMS and voice; the simulator turns a share of first hand-overs away
(retry), rejects numbers ending in 0000, and posts receipts, some failed. Every delivery must end delivered or failed
with its reason, none may stay queued, and no message may be delivered to a person twice.
"""
import json
import os
import time
import urllib.request

import pytest

from conftest import BASE_URL, api_token


def call(method, path, token, body=None):
    request = urllib.request.Request(
        BASE_URL + path, method=method, data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def gateway_stats():
    url = os.environ.get("ANLAN_TEST_GATEWAY_URL")
    assert url, "ANLAN_TEST_GATEWAY_URL must name the gateway simulator (scripts/test starts it)"
    with urllib.request.urlopen(url + "/stats") as response:
        return json.load(response)


def test_sms_and_voice_reach_everyone_once_with_receipts(demo_password):
    token = api_token("duty", demo_password)
    numbers = [f"居民{i} 1380572{i:04d}" for i in range(1, 121)] + ["空号甲 13905720000", "空号乙 13805730000"]
    before = gateway_stats()
    sent = call("POST", "/api/v1/notifications", token, {
        "subject": "山洪转移通知", "text": "青山溪水位超警戒，请沿溪群众立即转移到青山镇中心小学。",
        "channels": ["sms", "voice"], "audience": "phones", "phones": "\n".join(numbers)})
    total = 2 * len(numbers)
    # Retries wait 30 s after a failed first hand-over; allow two rounds of them.
    deadline = time.time() + 120
    while True:
        got = call("GET", f"/api/v1/notifications/{sent['id']}", token)
        open_ = sum(n for c in got["tally"].values() for s, n in c.items() if s in ("queued", "sent"))
        if got.get("expandedAt") and open_ == 0:
            break
        assert time.time() < deadline, f"deliveries still open: {got['tally']}"
        time.sleep(1)
    assert got["recipients"] == total
    tally = got["tally"]
    delivered = sum(c.get("delivered", 0) for c in tally.values())
    failed = sum(c.get("failed", 0) for c in tally.values())
    assert delivered + failed == total and delivered > 0.8 * total
    failures = []
    page = 1
    while True:
        listing = call("GET", f"/api/v1/notifications/{sent['id']}/deliveries?state=failed&page={page}&pageSize=100", token)
        failures += listing["items"]
        if len(failures) >= listing["total"]:
            break
        page += 1
    assert len(failures) == failed
    assert all(f["lastError"] for f in failures), "every failure says why"
    assert {f["address"] for f in failures if f["lastError"] == "空号"} == {"13905720000", "13805730000"}
    assert any(f["lastError"] == "用户关机" for f in failures), "failed receipts are recorded"
    after = gateway_stats()
    assert after["retried"] > before["retried"], "the simulator turned some first hand-overs away, and they were retried"
    assert after["repeatedAfterAccept"] == before["repeatedAfterAccept"], "no message was handed over again once accepted"
    assert after["receiptErrors"] == before["receiptErrors"]


def mail_received():
    with urllib.request.urlopen(os.environ["ANLAN_TEST_GATEWAY_URL"] + "/mail") as response:
        return json.load(response)["messages"]


def test_email_reaches_accounts_through_the_mail_server_with_refusals_and_deferrals_kept_apart(demo_password):
    """E-mail goes to each account's mailbox through SMTP (the simulator's aiosmtpd): the subject and text arrive
    decoded as sent; an account without a valid mailbox fails at once with the reason; a deferred address (451) is
    retried and arrives once; a refused one (550) fails with the server's words."""
    admin = api_token("sysadmin", demo_password)
    token = api_token("duty", demo_password)
    users = call("GET", "/api/v1/users?pageSize=200", admin)["items"]
    ids = {u["username"]: u["id"] for u in users}
    call("PATCH", f"/api/v1/users/{ids['inspector3']}", admin, {"email": "busy-inspector3@yjj.example"})
    call("PATCH", f"/api/v1/users/{ids['inspector4']}", admin, {"email": "bounce-inspector4@yjj.example"})
    call("PATCH", f"/api/v1/users/{ids['inspector2']}", admin, {"email": ""})
    subject = f"防汛会商通知 {time.time():.0f}"
    sent = call("POST", "/api/v1/notifications", token, {
        "subject": subject, "text": "今晚 20:00 在县应急指挥中心召开防汛会商会，请准时参加。",
        "channels": ["email"], "audience": "accounts",
        "usernames": ["leader", "inspector", "inspector2", "inspector3", "inspector4"]})
    deadline = time.time() + 90
    while True:
        got = call("GET", f"/api/v1/notifications/{sent['id']}", token)
        tally = got["tally"].get("email", {})
        if got.get("expandedAt") and tally.get("queued", 0) == 0:
            break
        assert time.time() < deadline, got
        time.sleep(0.5)
    assert tally == {"sent": 3, "failed": 2}, tally
    mine = [m for m in mail_received() if subject in m["subject"]]
    assert sorted(m["to"] for m in mine) == ["busy-inspector3@yjj.example", "inspector@yjj.example", "leader@yjj.example"]
    assert all("今晚 20:00 在县应急指挥中心召开防汛会商会" in m["text"] and m["from"] == "anlan@yjj.example" for m in mine)
    failures = call("GET", f"/api/v1/notifications/{sent['id']}/deliveries?state=failed", token)["items"]
    reasons = sorted(d.get("lastError") or "" for d in failures)
    assert any("未登记有效电子邮箱" in r for r in reasons) and any("550" in r for r in reasons), reasons
    call("PATCH", f"/api/v1/users/{ids['inspector2']}", admin, {"email": "inspector2@yjj.example"})
