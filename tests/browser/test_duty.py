"""The duty desk in a browser: a call logged on a phone becomes an incident, is verified, and its timeline is the
chronicle; the desk's counts equal the lists they link to."""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import ARTIFACTS, api_token
from test_login_and_map import click, login
from test_supervision import api


def count(text):
    return int(re.search(r"共 (\d+) ", text).group(1))


def test_a_call_becomes_an_incident_on_a_phone_and_its_timeline_is_the_chronicle(browser, base_url, demo_password):
    wait = WebDriverWait(browser, 30)
    browser.set_window_size(390, 844)
    login(browser, base_url, "duty", demo_password)
    wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=jurisdiction-name]")))
    browser.get(base_url + "/duty")
    form = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=report-form]")))
    form.find_element(By.NAME, "caller").send_keys("周建国")
    form.find_element(By.NAME, "number").send_keys("13957205678")
    form.find_element(By.NAME, "text").send_keys("白水镇后山有明火，烟很大")
    Select(form.find_element(By.NAME, "divisionCode")).select_by_visible_text("白水镇")
    click(browser, form.find_element(By.CSS_SELECTOR, "[data-testid=report-save]"))
    click(browser, wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=report-to-incident]"))))

    form = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=incident-form]")))
    assert "白水镇后山有明火" in browser.find_element(By.ID, "f-summary").get_attribute("value")
    form.find_element(By.NAME, "title").send_keys("白水镇后山山火")
    form.find_element(By.NAME, "place").send_keys("白水镇后山")
    Select(form.find_element(By.NAME, "type")).select_by_value("forestFire")
    click(browser, form.find_element(By.CSS_SELECTOR, "[data-testid=incident-save]"))
    state = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=incident-state]")))
    assert "已接报" in state.text
    incident = browser.current_url.split("/incidents/")[1].split("?")[0]

    verify = browser.find_element(By.CSS_SELECTOR, "[data-testid=move-verify]")
    verify.find_element(By.NAME, "note").send_keys("白水镇护林员到场确认，过火面积约 2 亩")
    click(browser, verify.find_element(By.TAG_NAME, "button"))
    wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "[data-testid=incident-state]"), "已核实"))
    browser.save_screenshot(f"{ARTIFACTS}/duty-incident-phone.png")

    # The leader closes it; every line of the timeline is in the printed chronicle.
    leader = api_token("leader", demo_password)
    api("POST", f"/api/v1/incidents/{incident}/moves", leader, {"action": "close", "summary": "明火已扑灭，无人员伤亡"})
    events = api("GET", f"/api/v1/incidents/{incident}/events", leader)
    assert [e["kind"] for e in events["items"]] == ["report", "opened", "state", "state"]
    browser.get(base_url + f"/incidents/{incident}/chronicle")
    chronicle = wait.until(EC.visibility_of_element_located((By.TAG_NAME, "main"))).text
    for e in events["items"]:
        assert e["text"].split("，")[0] in chronicle

    # The desk's counts equal the lists they link to.
    browser.set_window_size(1400, 900)
    browser.get(base_url + "/duty")
    for link, total in (("open-incidents-total", "incidents-total"), ("unattached-total", "reports-total")):
        anchor = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, f"[data-testid={link}]")))
        shown = count(anchor.text)
        browser.get(anchor.get_attribute("href"))
        assert count(wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, f"[data-testid={total}]"))).text) == shown
        browser.get(base_url + "/duty")
