"""The year's work in figures, and the information-officer coverage map, in a real browser."""
import os

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ARTIFACTS
from test_login_and_map import login


def figure(browser, section, key):
    element = browser.find_element(By.CSS_SELECTOR, "[data-testid=figure-%s-%s]" % (section, key))
    return element.text, element.get_attribute("href")


def test_annual_figures_equal_the_pages_they_open(browser, base_url, demo_password):
    wait = WebDriverWait(browser, 20)
    login(browser, base_url, "leader", demo_password)
    opener = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=open-annual]")))
    browser.execute_script("arguments[0].click();", opener)
    wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=annual-accidents]")))
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    browser.save_screenshot(os.path.join(ARTIFACTS, "annual.png"))

    accidents, link = figure(browser, "accidents", "accidents")
    publicity, publicity_link = figure(browser, "publicity", "events")
    browser.get(link)
    assert browser.find_element(By.CSS_SELECTOR, "[data-testid=accident-statistics-total]").text == accidents
    browser.get(publicity_link)
    assert browser.find_element(By.CSS_SELECTOR, "[data-testid=publicity-count]").text == "共 %s 次" % publicity

    # The printable A4 form carries the same figure.
    browser.get(base_url + "/reports/annual")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=annual-print]").click()
    sheet = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".doc-table, table")))
    assert "年度工作数据" in browser.page_source and sheet is not None

    browser.set_window_size(390, 900)
    browser.get(base_url + "/reports/annual")
    wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=annual-accidents]")))
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    browser.save_screenshot(os.path.join(ARTIFACTS, "annual-phone.png"))
    browser.set_window_size(1400, 900)


def test_coverage_map_colours_equal_the_table(browser, base_url, demo_password):
    wait = WebDriverWait(browser, 20)
    login(browser, base_url, "staff", demo_password)
    wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=jurisdiction-name]")))
    browser.get(base_url + "/info-officers/coverage")
    wait.until(lambda d: d.find_element(By.ID, "coverage-map").get_attribute("data-loaded") in ("true", "error"))
    element = browser.find_element(By.ID, "coverage-map")
    assert element.get_attribute("data-loaded") == "true"
    lacking = int(element.get_attribute("data-partial")) + int(element.get_attribute("data-none"))
    # The table names each village lacking a post as a badge: the map colours exactly those.
    badges = browser.find_elements(By.CSS_SELECTOR, "[data-testid=coverage] td:last-child .badge")
    assert lacking == len(badges), (lacking, len(badges))
    assert int(element.get_attribute("data-complete")) > 0
    browser.execute_script("arguments[0].scrollIntoView();", element)
    browser.save_screenshot(os.path.join(ARTIFACTS, "coverage-map.png"))
