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


def api_token(username, password):
    request = urllib.request.Request(
        BASE_URL + "/api/v1/auth/token",
        data=json.dumps({"username": username, "password": password}).encode(),
        headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request) as response:
        return json.load(response)["token"]
