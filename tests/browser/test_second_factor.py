"""The security administrator's first login in a real browser: the QR code of the enrolment (checked against an
independent QR library), the code of an authenticator written here from RFC 6238, recovery codes, then a phone."""
import os
import re
import urllib.parse

import qrcode
from qrcode.util import MODE_8BIT_BYTE, QRData
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ARTIFACTS, totp

from test_login_and_map import click, login


def modules_of(svg):
    """The dark modules the server's SVG draws, as rows of 0/1, without the quiet zone."""
    side = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    size = side - 8
    rows = [["0"] * size for _ in range(size)]
    for x, y, run in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", svg):
        for dx in range(int(run)):
            rows[int(y) - 4][int(x) + dx - 4] = "1"
    return ["".join(row) for row in rows]


def reference(text, version, mask):
    code = qrcode.QRCode(version=version, error_correction=qrcode.constants.ERROR_CORRECT_M, mask_pattern=mask, border=0)
    code.add_data(QRData(text.encode(), mode=MODE_8BIT_BYTE))
    code.make(fit=False)
    return ["".join("1" if m else "0" for m in row) for row in code.modules]


def mask_of(rows):
    """The mask the format information names (its first copy, bits 10–12 after unmasking with 101010000010010)."""
    size = len(rows)
    bits = [rows[i][8] for i in range(6)] + [rows[7][8], rows[8][8], rows[8][7]] + [rows[8][14 - i] for i in range(9, 15)]
    value = sum(int(b) << i for i, b in enumerate(bits)) ^ 0x5412
    assert value >> 13 == 0b00, "error correction level M"
    return (value >> 10) & 0b111


def test_administrator_enrols_with_qr_code_and_signs_in(browser, base_url, demo_password):
    wait = WebDriverWait(browser, 20)
    login(browser, base_url, "secadmin", demo_password)
    panel = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=enrolment-qr]")))
    assert "安全策略要求您的账户" in browser.find_element(By.CSS_SELECTOR, "[data-testid=enrolment-required]").text
    browser.save_screenshot(os.path.join(ARTIFACTS, "second-factor-enrol.png"))
    uri = panel.get_attribute("data-otpauth")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(uri).query)
    secret = query["secret"][0]
    assert uri.startswith("otpauth://totp/Anlan:secadmin?") and query["issuer"] == ["Anlan"] and query["digits"] == ["6"]
    assert browser.find_element(By.CSS_SELECTOR, "[data-testid=enrolment-secret]").text.replace(" ", "") == secret

    # The symbol on the page is the one another implementation draws for that URI, module for module.
    svg = panel.get_attribute("innerHTML")
    rows = modules_of(svg)
    version = (len(rows) - 17) // 4
    assert rows == reference(uri, version, mask_of(rows))

    # A wrong code is refused on the same page; the right one starts the session and shows ten recovery codes.
    browser.find_element(By.ID, "code").send_keys("000000" if totp(secret)[0] != "000000" else "111111")
    click(browser, browser.find_element(By.CSS_SELECTOR, "form[data-testid=second-factor-form] button[type=submit]"))
    alert = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=alert]")))
    assert "动态口令或恢复码不正确" in alert.text
    browser.find_element(By.ID, "code").send_keys(totp(secret)[0])
    click(browser, browser.find_element(By.CSS_SELECTOR, "form[data-testid=second-factor-form] button[type=submit]"))
    codes = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=recovery-codes]")))
    listed = codes.text.split()
    assert len(listed) == 10 and all(re.fullmatch(r"[a-z2-7]{5}-[a-z2-7]{5}", c) for c in listed)
    browser.save_screenshot(os.path.join(ARTIFACTS, "second-factor-recovery-codes.png"))
    # The wrong code was a failed attempt: the sign-in record comes first, as after a wrong password.
    click(browser, browser.find_element(By.CSS_SELECTOR, "[data-testid=continue]"))
    record = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=sign-ins]")))
    assert "动态口令错误" in record.text and "绑定动态口令" in record.text
    browser.get(base_url + "/security/policy")
    wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=policy-form]")))
    assert browser.find_element(By.CSS_SELECTOR, "[data-testid=second-factor-roles]").is_displayed()

    # The account page says it is on, with ten codes left; then out, and back in on a phone with a recovery code.
    browser.get(base_url + "/account/second-factor")
    assert browser.find_element(By.CSS_SELECTOR, "[data-testid=recovery-codes-left]").text == "10"
    click(browser, browser.find_element(By.CSS_SELECTOR, "[data-testid=logout]"))
    browser.set_window_size(390, 844)
    login(browser, base_url, "secadmin", demo_password)
    field = wait.until(EC.visibility_of_element_located((By.ID, "code")))
    assert not browser.find_elements(By.CSS_SELECTOR, "[data-testid=enrolment-qr]")
    field.send_keys(listed[0])
    browser.save_screenshot(os.path.join(ARTIFACTS, "second-factor-phone.png"))
    click(browser, browser.find_element(By.CSS_SELECTOR, "form[data-testid=second-factor-form] button[type=submit]"))
    wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=policy-form]")))
    browser.get(base_url + "/account/second-factor")
    assert browser.find_element(By.CSS_SELECTOR, "[data-testid=recovery-codes-left]").text == "9"
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
