"""The supervision chain in a browser: an inspector inspects on a phone-sized screen, the enterprise's officer
reports its fix, the inspector closes the hazard after re-inspection, and the leader sees overdue hazards first."""
import datetime
import json
import os
import urllib.error
import urllib.parse
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import ARTIFACTS, api_token
from test_login_and_map import click, login


def api(method, path, token, body=None):
    request = urllib.request.Request(
        os.environ.get("ANLAN_TEST_BASE_URL", "http://127.0.0.1:8080") + path,
        data=None if body is None else json.dumps(body).encode(), method=method,
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def free_day(enterprise_id, token):
    """A recent day on which the enterprise has no inspection yet: a second one the same day asks for confirmation."""
    taken = {i["inspectedOn"] for i in api("GET", "/api/v1/inspections?pageSize=100&enterpriseId=" + enterprise_id, token)["items"]}
    days = (datetime.date.today() - datetime.timedelta(days=n) for n in range(1, 90))
    return next(d.isoformat() for d in days if d.isoformat() not in taken)


def open_confined_space_inspection(browser, wait, base_url, enterprise_id, day):
    """The inspection form for the enterprise on `day`, two inspectors ticked, the confined-space checklist open and
    its item S1 answered 不符合."""
    browser.get(base_url + "/inspections/new?enterpriseId=" + enterprise_id)
    form = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=inspection-form]")))
    browser.execute_script("document.getElementById('inspectedOn').value = arguments[0]", day)
    click(browser, browser.find_element(By.CSS_SELECTOR, "input[name=inspectors][value=inspector2]"))
    Select(browser.find_element(By.ID, "checklistKey")).select_by_value("gm-confined")
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-code=S1] input[value=fail]"))
    click(browser, browser.find_element(By.CSS_SELECTOR, "[data-code=S1] input[value=fail]"))
    return form


def test_inspection_on_a_phone_then_the_hazard_loop(browser, base_url, demo_password):
    wait = WebDriverWait(browser, 30)
    browser.set_window_size(390, 844)  # a phone
    officer_token = api_token("enterprise", demo_password)
    own = api("GET", "/api/v1/enterprises?pageSize=1", officer_token)["items"][0]

    login(browser, base_url, "inspector", demo_password)
    wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=jurisdiction-name]")))
    day = free_day(own["id"], api_token("inspector", demo_password))
    open_confined_space_inspection(browser, wait, base_url, own["id"], day)
    click(browser, browser.find_element(By.CSS_SELECTOR, "[data-code=S2] input[value=pass]"))
    click(browser, browser.find_element(By.ID, "add-finding"))
    browser.find_element(By.CSS_SELECTOR, "#findings [name=description]").send_keys("配电箱未接地")
    photo = os.path.join(ARTIFACTS, "finding.png")
    with open(photo, "wb") as f:  # a 1×1 PNG
        f.write(bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                              "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"))
    browser.find_element(By.CSS_SELECTOR, "#findings [name=photo]").send_keys(photo)
    # Each field of the finding has a visible label on the phone (a date or file input shows no placeholder).
    for name, text in [("description", "描述"), ("dueDate", "期限"), ("photo", "照片")]:
        field = browser.find_element(By.CSS_SELECTOR, f"#findings [name={name}]")
        label = browser.find_element(By.CSS_SELECTOR, f"#findings label[for='{field.get_attribute('id')}']")
        assert label.is_displayed() and text in label.text, (name, label.text)
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
    browser.save_screenshot(os.path.join(ARTIFACTS, "inspection-finding-phone.png"))
    browser.find_element(By.ID, "summary").send_keys("浏览器测试：有限空间检查")
    click(browser, browser.find_element(By.ID, "inspection-submit"))
    wait.until(EC.url_contains("/inspections/"))
    wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=inspection-hazards]")))
    assert "/inspections/new" not in browser.current_url
    browser.save_screenshot(os.path.join(ARTIFACTS, "inspection-phone.png"))
    links = browser.find_elements(By.CSS_SELECTOR, "[data-testid=inspection-hazards] tbody tr td:first-child a")
    assert len(links) == 2
    finding_url = [a.get_attribute("href") for a in links if "配电箱未接地" in a.text][0]
    hazard_url = [a.get_attribute("href") for a in links if "配电箱未接地" not in a.text][0]
    browser.get(finding_url)
    evidence = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=hazard-evidence]")))
    assert "finding.png" in evidence.text

    # Order it with a deadline, then the enterprise reports its fix through the API, and the inspector closes it.
    browser.get(hazard_url)
    order = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=action-order]")))
    due = browser.find_element(By.CSS_SELECTOR, "[data-testid=action-order] input[name=dueDate]")
    browser.execute_script("arguments[0].value = arguments[0].min", due)
    click(browser, order.find_element(By.CSS_SELECTOR, "button"))
    wait.until(EC.url_contains("saved=1"))
    hazard_id = hazard_url.rstrip("/").split("/")[-1].split("?")[0]
    # A rectification needs its evidence first: without it the API refuses, naming what is missing.
    try:
        api("POST", f"/api/v1/hazards/{hazard_id}/events", officer_token, {"event": "submit", "note": "已设置警示标志"})
        raise AssertionError("a rectification without evidence was accepted")
    except urllib.error.HTTPError as refused:
        assert refused.code == 409 and json.load(refused)["code"] == "hazard.evidence_required"
    upload = urllib.request.Request(
        os.environ.get("ANLAN_TEST_BASE_URL", "http://127.0.0.1:8080") + f"/api/v1/hazards/{hazard_id}/evidence?fileName=fix.png",
        data=open(photo, "rb").read(), method="POST",
        headers={"Authorization": "Bearer " + officer_token, "Content-Type": "application/octet-stream"})
    with urllib.request.urlopen(upload) as response:
        assert response.status == 201
    moved = api("POST", f"/api/v1/hazards/{hazard_id}/events", officer_token, {"event": "submit", "note": "已设置警示标志"})
    assert moved["status"] == "submitted"
    browser.get(hazard_url)
    close = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=action-reinspect]")))
    # The re-inspection states what it found (the field is required).
    close.find_element(By.CSS_SELECTOR, "input[name=note]").send_keys("警示标志已设置，复查合格")
    click(browser, close.find_element(By.CSS_SELECTOR, "button"))
    wait.until(EC.url_contains("saved=1"))
    assert "已销号" in browser.find_element(By.CSS_SELECTOR, "[data-testid=hazard-status]").text
    events = browser.find_element(By.CSS_SELECTOR, "[data-testid=hazard-events]").text
    for step in ("发现", "责令整改", "提交整改", "复查"):
        assert step in events


def test_inspection_kept_offline_is_sent_once_back_online(browser, base_url, demo_password):
    """Submitting with the network down keeps the inspection (and its photo) on the phone; the next page opened
    online sends it, once, under the ID the form made."""
    wait = WebDriverWait(browser, 30)
    browser.set_window_size(390, 844)
    officer_token = api_token("enterprise", demo_password)
    own = api("GET", "/api/v1/enterprises?pageSize=1", officer_token)["items"][0]
    inspector_token = api_token("inspector", demo_password)
    before = api("GET", "/api/v1/inspections?pageSize=1&enterpriseId=" + own["id"], inspector_token)["total"]

    login(browser, base_url, "inspector", demo_password)
    wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=jurisdiction-name]")))
    browser.get(base_url + "/inspections/new?enterpriseId=" + own["id"])
    form = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=inspection-form]")))
    inspection_id = form.get_attribute("data-inspection-id")
    browser.execute_script("document.getElementById('inspectedOn').value = arguments[0]", free_day(own["id"], inspector_token))
    click(browser, browser.find_element(By.CSS_SELECTOR, "input[name=inspectors][value=inspector2]"))
    click(browser, browser.find_element(By.ID, "add-finding"))
    browser.find_element(By.CSS_SELECTOR, "#findings [name=description]").send_keys("离线记录：应急照明损坏")
    photo = os.path.join(ARTIFACTS, "offline.png")
    with open(photo, "wb") as f:
        f.write(bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                              "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"))
    browser.find_element(By.CSS_SELECTOR, "#findings [name=photo]").send_keys(photo)
    browser.find_element(By.ID, "summary").send_keys("浏览器测试：离线提交")

    browser.set_network_conditions(offline=True, latency=0, download_throughput=0, upload_throughput=0)
    click(browser, browser.find_element(By.ID, "inspection-submit"))
    wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=inspection-kept]")))
    outbox = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=outbox]")))
    assert "1 份" in outbox.text
    browser.save_screenshot(os.path.join(ARTIFACTS, "inspection-offline.png"))
    assert api("GET", "/api/v1/inspections?pageSize=1&enterpriseId=" + own["id"], inspector_token)["total"] == before

    # Back online: the page sends it, with its photo, and says so.
    browser.set_network_conditions(offline=False, latency=0, download_throughput=-1, upload_throughput=-1)
    wait.until(lambda d: "已自动提交 1 份" in d.find_element(By.CSS_SELECTOR, "[data-testid=outbox]").text)
    stored = api("GET", "/api/v1/inspections/" + inspection_id, inspector_token)
    assert stored["summary"] == "浏览器测试：离线提交"
    hazard = [h for h in stored["hazards"] if h["description"] == "离线记录：应急照明损坏"]
    assert len(hazard) == 1
    browser.get(base_url + "/hazards/" + hazard[0]["id"])
    evidence = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=hazard-evidence]")))
    assert "offline.png" in evidence.text
    # Nothing is left to send, and opening another page sends nothing twice.
    browser.get(base_url + "/inspections")
    assert browser.find_element(By.CSS_SELECTOR, "[data-testid=outbox]").text == ""
    assert api("GET", "/api/v1/inspections?pageSize=1&enterpriseId=" + own["id"], inspector_token)["total"] == before + 1


def test_leader_sees_overdue_hazards_first(browser, base_url, demo_password):
    wait = WebDriverWait(browser, 20)
    login(browser, base_url, "leader", demo_password)
    card = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=overdue-first]")))
    assert card.location["y"] < browser.find_element(By.CSS_SELECTOR, "[data-testid=jurisdiction-name]").location["y"]
    assert browser.find_elements(By.CSS_SELECTOR, "[data-testid=overdue-owners] li")
    assert browser.find_elements(By.CSS_SELECTOR, "[data-testid=overdue-townships] li")
    browser.get(base_url + "/statistics")
    table = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=statistics-sectors]")))
    assert "危险化学品" in table.text and "工贸" in table.text
    browser.save_screenshot(os.path.join(ARTIFACTS, "statistics.png"))


def test_conflict_of_interest_is_recorded_by_searching_the_enterprise(browser, base_url, demo_password):
    wait = WebDriverWait(browser, 20)
    staff_token = api_token("staff", demo_password)
    enterprise = api("GET", "/api/v1/enterprises?pageSize=1&q=" + urllib.parse.quote("化工"), staff_token)["items"][0]
    login(browser, base_url, "staff", demo_password)
    wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=jurisdiction-name]")))
    browser.get(base_url + "/supervision/settings")
    form = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=conflict-form]")))
    form.find_element(By.ID, "conflict-search").send_keys(enterprise["name"])
    wait.until(lambda d: any(o.get_attribute("value") == enterprise["id"]
                             for o in d.find_elements(By.CSS_SELECTOR, "#conflict-enterprise option")))
    Select(browser.find_element(By.ID, "conflict-enterprise")).select_by_value(enterprise["id"])
    Select(form.find_element(By.NAME, "username")).select_by_value("inspector3")
    form.find_element(By.NAME, "reason").send_keys("近亲属在该企业任职")
    click(browser, form.find_element(By.CSS_SELECTOR, "button"))
    table = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=conflicts]")))
    assert enterprise["name"] in table.text and "近亲属在该企业任职" in table.text


def test_failed_item_deadline_and_same_day_confirmation(browser, base_url, demo_password):
    """A failed checklist item carries its deadline from the form into an ordered hazard; a second inspection of the
    enterprise on the same day is sent only once the inspector confirms it."""
    wait = WebDriverWait(browser, 30)
    browser.set_window_size(390, 844)
    officer_token = api_token("enterprise", demo_password)
    own = api("GET", "/api/v1/enterprises?pageSize=1", officer_token)["items"][0]
    inspector_token = api_token("inspector", demo_password)
    day = free_day(own["id"], inspector_token)
    due = (datetime.date.today() + datetime.timedelta(days=20)).isoformat()
    login(browser, base_url, "inspector", demo_password)
    wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=jurisdiction-name]")))

    def inspect(confirm):
        open_confined_space_inspection(browser, wait, base_url, own["id"], day)
        deadline = browser.find_element(By.CSS_SELECTOR, "[data-code=S1] input[name=due-S1]")
        assert deadline.is_displayed()  # shown once the item fails
        browser.execute_script("arguments[0].value = arguments[1]", deadline, due)
        browser.find_element(By.ID, "summary").send_keys("浏览器测试：不合格项带整改期限")
        click(browser, browser.find_element(By.ID, "inspection-submit"))
        if confirm:
            alert = wait.until(EC.alert_is_present())
            assert "已有一份检查记录" in alert.text
            alert.accept()
        wait.until(EC.url_matches(r"/inspections/[0-9a-f-]{36}$"))
        return browser.current_url.rstrip("/").split("/")[-1]

    first = inspect(confirm=False)
    hazards = api("GET", "/api/v1/inspections/" + first, inspector_token)["hazards"]
    failed = [h for h in hazards if h.get("checklistItem") == "S1"]
    assert len(failed) == 1 and failed[0]["status"] == "ordered" and failed[0]["dueDate"] == due
    second = inspect(confirm=True)
    assert second != first
    stored = api("GET", f"/api/v1/inspections?pageSize=100&enterpriseId={own['id']}", inspector_token)["items"]
    assert sum(1 for i in stored if i["inspectedOn"] == day) == 2


def test_publishing_a_draw_asks_first(browser, base_url, demo_password):
    """公示 cannot be undone: the button asks, and dismissing the question leaves the draw unpublished."""
    wait = WebDriverWait(browser, 30)
    browser.set_window_size(1366, 900)
    inspector_token = api_token("inspector", demo_password)
    draw = api("POST", "/api/v1/random-draws", inspector_token, {"title": "浏览器测试抽查", "count": 2, "seed": "20261130"})
    login(browser, base_url, "inspector", demo_password)
    wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=jurisdiction-name]")))
    browser.get(base_url + "/draws/" + draw["id"])
    click(browser, wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "[data-testid=publish-draw]"))))
    question = wait.until(EC.alert_is_present())
    assert "不能撤回" in question.text
    question.dismiss()
    assert api("GET", "/api/v1/random-draws/" + draw["id"], inspector_token).get("publishedAt") is None
    click(browser, browser.find_element(By.CSS_SELECTOR, "[data-testid=publish-draw]"))
    wait.until(EC.alert_is_present()).accept()
    wait.until(lambda d: api("GET", "/api/v1/random-draws/" + draw["id"], inspector_token).get("publishedAt") is not None)
