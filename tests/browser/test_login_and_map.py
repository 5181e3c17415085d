"""A bureau leader's first minute in Anlan, in a real browser."""
import os

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ARTIFACTS


def login(browser, base_url, username, password):
    browser.get(base_url + "/login")
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "form[data-testid=login-form] button[type=submit]").click()


def test_wrong_password_shows_chinese_error(browser, base_url, demo_password):
    login(browser, base_url, "leader", "Definitely-Wrong-1")
    alert = WebDriverWait(browser, 10).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=alert]")))
    assert "用户名或密码错误" in alert.text
    assert browser.current_url.endswith("/login")
    # The owner's next login shows the failed attempt first (我的登录记录), then goes on to their page.
    login(browser, base_url, "leader", demo_password)
    warning = WebDriverWait(browser, 10).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=alert]")))
    assert "有人用错误的密码尝试登录您的账户" in warning.text
    assert "登录失败" in browser.find_element(By.CSS_SELECTOR, "[data-testid=sign-ins]").text
    browser.save_screenshot(os.path.join(ARTIFACTS, "sign-ins.png"))
    browser.find_element(By.CSS_SELECTOR, "[data-testid=continue]").click()
    WebDriverWait(browser, 10).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=jurisdiction-name]")))
    browser.find_element(By.CSS_SELECTOR, "[data-testid=logout]").click()


def click(browser, element):
    """Clicks as a user would after scrolling to it; through script, since a phone-sized layout can overlap."""
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", element)


def test_leader_sees_county_map_and_logs_out(browser, base_url, demo_password):
    wait = WebDriverWait(browser, 20)
    login(browser, base_url, "leader", demo_password)
    name = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=jurisdiction-name]")))
    assert name.text == "示例县"
    table = browser.find_element(By.CSS_SELECTOR, "[data-testid=child-divisions]").text
    for township in ("城关镇", "青山镇", "梅溪镇", "龙潭乡"):
        assert township in table
    assert browser.find_element(By.CSS_SELECTOR, "[data-testid=township-count]").text == "10"
    assert browser.find_element(By.CSS_SELECTOR, "[data-testid=village-count]").text == "120"
    browser.save_screenshot(os.path.join(ARTIFACTS, "home.png"))

    # Overdue hazards come first on the leader's page; the map button sits below them.
    assert browser.find_element(By.CSS_SELECTOR, "[data-testid=overdue-first]").is_displayed()
    open_map = browser.find_element(By.CSS_SELECTOR, "[data-testid=open-map]")
    click(browser, open_map)
    wait.until(lambda d: d.find_element(By.ID, "map").get_attribute("data-loaded") in ("true", "error"))
    map_element = browser.find_element(By.ID, "map")
    assert map_element.get_attribute("data-loaded") == "true"
    assert map_element.get_attribute("data-township-count") == "10"
    assert map_element.get_attribute("data-village-count") == "120"
    labels = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".division-label")]
    assert "城关镇" in labels and len(labels) == 10
    # The page asked nothing of the internet: every resource came from this server.
    resources = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert resources and all(r.startswith(base_url) for r in resources), resources
    browser.save_screenshot(os.path.join(ARTIFACTS, "map.png"))

    browser.find_element(By.CSS_SELECTOR, "[data-testid=logout]").click()
    wait.until(EC.url_contains("/login"))
    browser.get(base_url + "/home")
    assert "/login" in browser.current_url


def test_inspector_finds_enterprise_by_fragment_and_opens_its_file(browser, base_url, demo_password):
    wait = WebDriverWait(browser, 20)
    login(browser, base_url, "inspector", demo_password)
    wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=jurisdiction-name]")))
    browser.get(base_url + "/supervision")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=enterprises-link]").click()
    search = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=enterprise-search]")))
    search.send_keys("化工")
    search.submit()
    wait.until(EC.url_contains("q="))
    rows = browser.find_elements(By.CSS_SELECTOR, "[data-testid=enterprises] tbody tr")
    assert rows, "no enterprise matched 化工"
    assert all("化工" in row.find_element(By.CSS_SELECTOR, "td").text for row in rows)
    rows[0].find_element(By.CSS_SELECTOR, "a").click()
    name = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=enterprise-name]")))
    assert "化工" in name.text
    badge = browser.find_element(By.CSS_SELECTOR, "[data-testid=risk-badge]").text
    assert badge[0] in "红橙黄蓝"
    wait.until(lambda d: d.find_element(By.ID, "enterprise-map").get_attribute("data-loaded") == "true")
    browser.save_screenshot(os.path.join(ARTIFACTS, "enterprise.png"))


def test_enterprise_map_shows_the_county_clustered(browser, base_url, demo_password):
    wait = WebDriverWait(browser, 30)
    login(browser, base_url, "leader", demo_password)
    wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=jurisdiction-name]")))
    browser.get(base_url + "/enterprises/map?riskLevel=major")
    wait.until(lambda d: d.find_element(By.ID, "map").get_attribute("data-loaded") in ("true", "error"))
    element = browser.find_element(By.ID, "map")
    assert element.get_attribute("data-loaded") == "true"
    assert int(element.get_attribute("data-count")) > 5
    browser.get(base_url + "/enterprises/map")
    wait.until(lambda d: d.find_element(By.ID, "map").get_attribute("data-loaded") in ("true", "error"))
    element = browser.find_element(By.ID, "map")
    assert int(element.get_attribute("data-count")) >= 600
    assert int(element.get_attribute("data-clusters")) > 0
    browser.save_screenshot(os.path.join(ARTIFACTS, "enterprise-map.png"))


def test_staff_import_dry_run_then_import(browser, base_url, demo_password):
    wait = WebDriverWait(browser, 30)
    path = os.path.join(ARTIFACTS, "import.csv")
    with open(path, "w", encoding="gb18030") as f:  # many bureau files are GBK
        f.write("企业名称,所在村,行业领域\r\n浏览器导入测试企业,330529101201,机械\r\n坏行企业,不存在村,机械\r\n")
    login(browser, base_url, "staff", demo_password)
    wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=jurisdiction-name]")))
    browser.get(base_url + "/enterprise-imports/new")
    browser.find_element(By.ID, "import-file").send_keys(path)
    browser.find_element(By.ID, "import-dry-run").click()
    wait.until(lambda d: d.find_element(By.ID, "import").get_attribute("data-planned") == "true")
    assert browser.find_element(By.CSS_SELECTOR, "[data-count=create]").text == "1"
    assert browser.find_element(By.CSS_SELECTOR, "[data-count=invalid]").text == "1"
    assert "未知的村" in browser.find_element(By.ID, "import-rows").text
    browser.find_element(By.ID, "import-start").click()
    wait.until(EC.url_contains("/enterprise-imports/"))
    wait.until(lambda d: d.find_element(By.ID, "import-run").get_attribute("data-status") == "done")
    assert browser.find_element(By.CSS_SELECTOR, "[data-field=created]").text == "1"
    browser.get(base_url + "/enterprises?q=浏览器导入")
    assert "浏览器导入测试企业" in browser.find_element(By.CSS_SELECTOR, "[data-testid=enterprises]").text


def test_navigation_fits_and_the_account_menu_opens(browser, base_url, demo_password):
    """Every module's menu item fits a 1400 px desktop without a horizontal scroll bar; one's password and second
    factor are under one's name (a disclosure, with no script), on the desktop and in the phone's collapsed menu."""
    wait = WebDriverWait(browser, 30)
    browser.set_window_size(1400, 900)
    login(browser, base_url, "leader", demo_password)
    wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=current-user]")))
    assert browser.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=current-user]").click()
    items = [a for a in browser.find_elements(By.CSS_SELECTOR, "[data-testid=account-menu] a") if a.is_displayed()]
    assert [a.get_attribute("pathname") for a in items] == ["/account/password", "/account/second-factor"]
    browser.set_window_size(390, 844)
    browser.get(base_url + "/home")
    browser.find_element(By.CSS_SELECTOR, ".navbar-toggler").click()
    wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=current-user]"))).click()
    wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=account-menu] a[href='/account/password']")))
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
