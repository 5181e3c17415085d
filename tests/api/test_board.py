"""The situation board's live channel: /board/live (WebSocket) announces a change made through the API at once, to a
signed-in session only; and many boards connected at the same time all hear it."""
import json
import re
import time
import urllib.parse
import urllib.request

import pytest
import websocket

from conftest import BASE_URL, api_token


def session_cookie(username, password):
    """Logs in through the form, as a browser does, and returns the session cookie ("anlan_session=…")."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    page = opener.open(BASE_URL + "/login").read().decode()
    csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"_csrf": csrf, "username": username, "password": password, "next": ""}).encode()
    opener.open(urllib.request.Request(BASE_URL + "/login", data=data, method="POST"))
    jar = opener.handlers[[type(h).__name__ for h in opener.handlers].index("HTTPCookieProcessor")].cookiejar
    return "; ".join(f"{c.name}={c.value}" for c in jar if c.name == "anlan_session")


def ws_url():
    return BASE_URL.replace("http://", "ws://") + "/board/live"


def log_report(token):
    body = json.dumps({"caller": "测试来电", "channel": "phone", "text": "一张图实时测试", "divisionCode": "330529101000"}).encode()
    request = urllib.request.Request(BASE_URL + "/api/v1/duty/reports", data=body, method="POST",
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        assert response.status == 201


def hears(socket, kind, deadline):
    """Whether the board hears a change of this kind before the deadline (other changes, a sign-in say, may come first)."""
    while time.time() < deadline:
        socket.settimeout(max(0.05, deadline - time.time()))
        try:
            message = json.loads(socket.recv())
        except websocket.WebSocketTimeoutException:
            return False
        if kind in message.get("changed", []):
            return True
    return False


def test_a_change_reaches_a_connected_board_and_strangers_and_other_sites_are_not_upgraded(demo_password):
    with pytest.raises(websocket.WebSocketBadStatusException):
        websocket.create_connection(ws_url(), timeout=5)
    cookie = session_cookie("leader", demo_password)
    assert cookie
    with pytest.raises(websocket.WebSocketBadStatusException):
        websocket.create_connection(ws_url(), cookie=cookie, origin="http://evil.example", timeout=5)
    board = websocket.create_connection(ws_url(), cookie=cookie, timeout=5)
    try:
        assert json.loads(board.recv()) == {"hello": True}
        token = api_token("duty", demo_password)
        log_report(token)
        assert hears(board, "incoming_report", time.time() + 5)
    finally:
        board.close()


def test_five_hundred_boards_all_hear_one_change(demo_password):
    cookie = session_cookie("leader", demo_password)
    boards = []
    try:
        for _ in range(500):
            b = websocket.create_connection(ws_url(), cookie=cookie, timeout=10)
            assert json.loads(b.recv()) == {"hello": True}
            boards.append(b)
        token = api_token("duty", demo_password)
        log_report(token)
        deadline = time.time() + 10
        heard = sum(1 for b in boards if hears(b, "incoming_report", deadline))
        assert heard == len(boards)
    finally:
        for b in boards:
            b.close()


def api_get(path, token):
    request = urllib.request.Request(BASE_URL + path, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


def test_every_board_figure_equals_the_list_it_links_to(demo_password):
    token = api_token("leader", demo_password)
    figures = api_get("/api/v1/board", token)["figures"]
    assert figures["openHazards"] == api_get("/api/v1/hazards?open=true&pageSize=1", token)["total"] > 0
    assert figures["overdueHazards"] == api_get("/api/v1/hazards?overdue=true&pageSize=1", token)["total"]
    with_installation = api_get("/api/v1/enterprises?majorHazard=true&pageSize=1", token)["total"]
    assert figures["majorHazardEnterprises"] == with_installation > 0
    without = api_get("/api/v1/enterprises?majorHazard=false&pageSize=1", token)["total"]
    assert with_installation + without == api_get("/api/v1/enterprises?pageSize=1", token)["total"]
    assert figures["openIncidents"] == api_get("/api/v1/incidents?open=true&pageSize=1", token)["total"]


def test_the_hazard_layer_counts_each_located_enterprise_as_the_ledger_does(demo_password):
    cookie = session_cookie("leader", demo_password)
    request = urllib.request.Request(BASE_URL + "/board/hazards.geojson", headers={"Cookie": cookie})
    with urllib.request.urlopen(request) as response:
        layer = json.loads(response.read())
    token = api_token("leader", demo_password)
    spots = [f["properties"] for f in layer["features"]]
    assert spots and any(p["majorInstallations"] > 0 for p in spots)
    for p in [s for s in spots if s["openHazards"] > 0][:5]:
        ledger = api_get(f"/api/v1/hazards?open=true&enterpriseId={p['id']}&pageSize=1", token)["total"]
        overdue = api_get(f"/api/v1/hazards?overdue=true&enterpriseId={p['id']}&pageSize=1", token)["total"]
        assert (p["openHazards"], p["overdueHazards"]) == (ledger, overdue), p["name"]


def test_an_in_app_message_reaches_the_open_page_of_its_recipient_at_once(demo_password):
    """/inbox/live tells a signed-in page how many messages wait; a message sent to that person raises it within seconds
    (the dispatcher expands it to the inbox, which announces it), and acknowledging it lowers it again."""
    cookie = session_cookie("township", demo_password)
    inbox = websocket.create_connection(BASE_URL.replace("http://", "ws://") + "/inbox/live", cookie=cookie, timeout=10)
    try:
        before = json.loads(inbox.recv())["unread"]
        token = api_token("duty", demo_password)
        body = json.dumps({"subject": "站内消息实时测试", "text": "请查收。", "channels": ["inApp"], "audience": "accounts",
                           "usernames": ["township"]}).encode()
        request = urllib.request.Request(BASE_URL + "/api/v1/notifications", data=body, method="POST",
                                         headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        started = time.time()
        with urllib.request.urlopen(request) as response:
            assert response.status == 201
        message = json.loads(inbox.recv())
        assert message == {"unread": before + 1, "arrived": 1}
        assert time.time() - started < 5
        own = api_token("township", demo_password)
        waiting = api_get("/api/v1/inbox?unacknowledged=true&pageSize=1", own)["items"][0]
        ack = urllib.request.Request(BASE_URL + f"/api/v1/inbox/{waiting['delivery']['id']}/acknowledge", data=b"{}", method="POST",
                                     headers={"Authorization": "Bearer " + own, "Content-Type": "application/json"})
        with urllib.request.urlopen(ack) as response:
            assert response.status == 200
        assert json.loads(inbox.recv())["unread"] == before
    finally:
        inbox.close()
