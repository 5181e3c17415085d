"""Shared fixtures: the running server (started by scripts/test) and a headless Chromium."""
import json
import os
import urllib.request

import pytest

BASE_URL = os.environ.get("ANLAN_TEST_BASE_URL", "http://127.0.0.1:8080")
PASSWORD = os.environ.get("ANLAN_TEST_DEMO_PASSWORD", "")
ARTIFACTS = os.environ.get("ANLAN_TEST_ARTIFACTS", "/tmp")


@pytest.fixture(scope="session")
def base_url():
    return BASE_URL


@pytest.fixture(scope="session")
def demo_password():
    assert PASSWORD, "ANLAN_TEST_DEMO_PASSWORD must be set by scripts/test"
    return PASSWORD


@pytest.fixture()
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900",
                "--lang=zh-CN", f"--user-data-dir={ARTIFACTS}/chromium-profile"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


def totp(secret, at=None, step_offset=0):
    """RFC 6238 with RFC 4226's truncation (SHA-1, 30 s, 6 digits), written here from the RFC, independently of the
    server's Swift code, as an authenticator app computes it."""
    import base64, hashlib, hmac, struct, time
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    step = int((time.time() if at is None else at) // 30) + step_offset
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = (struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{value:06d}", step


# The authenticator app of the test run: secrets of the accounts it enrolled, the last step each used (a code is good
# once), and the tokens of accounts with a second factor (so that tests do not wait for the next 30-second step).
AUTHENTICATOR = {"secrets": {}, "last_step": {}, "tokens": {}}


def next_code(username):
    import time
    while True:
        code, step = totp(AUTHENTICATOR["secrets"][username])
        if step > AUTHENTICATOR["last_step"].get(username, -1):
            AUTHENTICATOR["last_step"][username] = step
            return code
        time.sleep(1)


def post_json(path, body, token=None):
    """POST JSON; returns (status, decoded body)."""
    import urllib.error
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(BASE_URL + path, data=json.dumps(body).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def api_token(username, password):
    """A bearer token; an account with a second factor (the administrators) is enrolled or answered as an app would."""
    if username in AUTHENTICATOR["tokens"]:
        return AUTHENTICATOR["tokens"][username]
    credentials = {"username": username, "password": password}
    status, body = post_json("/api/v1/auth/token", credentials)
    if status == 403 and body.get("code") == "auth.second_factor_enrolment_required":
        status, enrolment = post_json("/api/v1/auth/second-factor/enrolment", credentials)
        assert status == 201, enrolment
        AUTHENTICATOR["secrets"][username] = enrolment["secret"]
        status, body = post_json("/api/v1/auth/token", dict(credentials, code=next_code(username)))
        assert status == 201 and len(body.get("recoveryCodes", [])) == 10, body
        AUTHENTICATOR["tokens"][username] = body["token"]
    elif status == 401 and body.get("code") == "auth.second_factor_required":
        status, body = post_json("/api/v1/auth/token", dict(credentials, code=next_code(username)))
        AUTHENTICATOR["tokens"][username] = body.get("token")
    assert status == 201, body
    return body["token"]
