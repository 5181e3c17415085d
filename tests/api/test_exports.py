"""The enterprise exports open in a real spreadsheet reader (openpyxl), with every row."""
import http.cookiejar
import io
import re
import urllib.parse
import urllib.request

import openpyxl


def logged_in_opener(base_url, username, password):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base_url + "/login").read().decode()
    csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"_csrf": csrf, "username": username, "password": password, "next": ""}).encode()
    opener.open(base_url + "/login", data=form)
    return opener


def test_xlsx_export_opens_with_every_enterprise(base_url, demo_password):
    opener = logged_in_opener(base_url, "leader", demo_password)
    response = opener.open(base_url + "/enterprises/export.xlsx")
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    workbook = openpyxl.load_workbook(io.BytesIO(response.read()), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:2] == ("企业名称", "统一社会信用代码")
    assert len(rows) - 1 >= 600
    codes = [row[1] for row in rows[1:] if row[1]]
    assert all(isinstance(code, str) and len(code) == 18 for code in codes)


def test_csv_export_matches_the_filtered_list(base_url, demo_password):
    opener = logged_in_opener(base_url, "leader", demo_password)
    body = opener.open(base_url + "/enterprises/export.csv?riskLevel=major").read().decode("utf-8-sig")
    lines = [line for line in body.split("\r\n") if line]
    assert lines[0].startswith("企业名称,")
    assert len(lines) > 5
    assert all("红（重大）" in line for line in lines[1:])
