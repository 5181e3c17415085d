"""The readiness desk on the day of a flood, and the bureau at year end, in a real browser."""
import os
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ARTIFACTS
from test_login_and_map import login


def test_team_equipment_shelter_areas_and_the_drill_report(browser, base_url, demo_password):
    wait = WebDriverWait(browser, 20)
    login(browser, base_url, "staff", demo_password)
    wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=jurisdiction-name]")))

    # Who keeps the boats and the satellite phones: the county team's page lists its assigned equipment.
    browser.get(base_url + "/directory?kind=team&q=" + "县综合性应急救援队")
    browser.find_element(By.LINK_TEXT, "县综合性应急救援队").click()
    equipment = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=team-equipment]")))
    names = [row.find_element(By.CSS_SELECTOR, "td").text for row in equipment.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert "抢险救援车" in names and "北斗卫星电话" in names, names
    heading = browser.find_element(By.XPATH, "//h2[starts-with(normalize-space(), '配属装备')]").text
    assert heading == "配属装备（%d 项）" % len(names), heading
    browser.save_screenshot(os.path.join(ARTIFACTS, "team-equipment.png"))
    # The equipment's own page names the team, linking back.
    browser.find_element(By.LINK_TEXT, "抢险救援车").click()
    team = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=resource-team]")))
    assert "县综合性应急救援队" in team.text

    # The resource map draws the central and fixed shelters' sites as areas besides the points.
    browser.get(base_url + "/resources/map")
    wait.until(lambda d: d.find_element(By.ID, "resource-map").get_attribute("data-loaded") in ("true", "error"))
    element = browser.find_element(By.ID, "resource-map")
    assert element.get_attribute("data-loaded") == "true"
    assert element.get_attribute("data-areas") == "4"
    browser.save_screenshot(os.path.join(ARTIFACTS, "resource-map-areas.png"))
    # A shelter's page links to its site on the map, zoomed to it.
    browser.get(base_url + "/directory?kind=shelter&q=" + "城关镇人民广场")
    browser.find_element(By.LINK_TEXT, "城关镇人民广场应急避难场所").click()
    boundary = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=resource-boundary]")))
    boundary.find_element(By.LINK_TEXT, "在资源地图上查看").click()
    wait.until(lambda d: d.find_element(By.ID, "resource-map").get_attribute("data-loaded") in ("true", "error"))
    assert browser.find_element(By.ID, "resource-map").get_attribute("data-focused"), "the map zoomed to the shelter"
    browser.save_screenshot(os.path.join(ARTIFACTS, "resource-map-shelter.png"))
    browser.set_window_size(390, 900)
    browser.get(base_url + "/resources/map")
    wait.until(lambda d: d.find_element(By.ID, "resource-map").get_attribute("data-loaded") == "true")
    browser.save_screenshot(os.path.join(ARTIFACTS, "resource-map-phone.png"))
    browser.set_window_size(1400, 900)

    # Year end: all enterprises of one township against the drill rules, and the workbook of the same rows.
    browser.get(base_url + "/plans/drills/compliance?behind=false")
    options = browser.find_elements(By.CSS_SELECTOR, "select[name=divisionCode] option")
    township = next(o for o in options if o.text == "青山镇").get_attribute("value")
    browser.get(base_url + "/plans/drills/compliance?behind=false&divisionCode=" + township)
    total = browser.find_element(By.CSS_SELECTOR, "[data-testid=compliance-total]").text
    assert re.fullmatch(r"共 \d+ 家企业", total), total
    link = browser.find_element(By.CSS_SELECTOR, "[data-testid=compliance-export]").get_attribute("href")
    assert "divisionCode=" + township in link
    answer = browser.execute_script(
        "return fetch(arguments[0], {credentials: 'same-origin'})"
        ".then(r => r.arrayBuffer().then(b => [r.status, r.headers.get('content-type'), b.byteLength]));", link)
    assert answer[0] == 200 and "spreadsheetml" in answer[1] and answer[2] > 1000, answer
    browser.save_screenshot(os.path.join(ARTIFACTS, "drill-compliance.png"))
