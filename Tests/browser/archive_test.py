#!/usr/bin/env python3
"""The archive's page in a real browser: Debian's chromium driven by Playwright (never a downloaded browser).

Starts `nianbao serve --port 0 --db NEW.db`, opens /archive, chooses a workbook (it is checked), presses 「收入档案」,
waits for the outcome and the agencies × years table, then for the trend chart drawn inline as SVG, and saves a
screenshot.

Usage: archive_test.py BINARY WORKBOOK DATABASE SCREENSHOT. Exit 0 pass, 1 fail, 77 judge missing (a failure under CI=true).
"""
import subprocess
import sys

from judge import chromium_and_playwright


def main():
    binary, workbook, database, screenshot = sys.argv[1:5]
    chromium, sync_playwright = chromium_and_playwright()

    server = subprocess.Popen([binary, "serve", "--port", "0", "--db", database], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = server.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), f"first line is not the address: {url!r}"
        archive = server.stdout.readline().strip()
        assert archive == f"档案：{url}archive", archive
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="zh-CN")
            errors = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(url + "archive")
            assert page.title().startswith("年报档案"), page.title()
            page.wait_for_selector("#archive-table p.hint:has-text('档案还是空的')", timeout=15000)
            page.set_input_files("#archive-files", workbook)
            button = page.wait_for_selector("button.accept", timeout=30000)
            checked = page.text_content("#archive-pending li") or ""
            assert "青山镇 · 2023 · 错误 3" in checked, checked
            button.click()
            page.wait_for_selector(".outcome:has-text('已收入档案：青山镇 2023 年度（第 1 版）')", timeout=15000)
            cell = page.wait_for_selector("table.archive td.error", timeout=15000)
            assert (cell.text_content() or "") == "✗ 错误 3", cell.text_content()
            chart = page.wait_for_selector("#trend-chart svg circle", timeout=15000)
            svg = page.inner_html("#trend-chart")
            assert ">155</text>" in svg and ">2023</text>" in svg, svg[:400]
            assert page.eval_on_selector("#trend-key", "e => e.value") == "s3.new.total"
            page.screenshot(path=screenshot, full_page=True)
            # The main page offers the archive too: its link, and 收入档案 on the file's row (the same bytes: already kept).
            page.goto(url)
            page.wait_for_selector("#archive-link[href='/archive']", timeout=15000)
            page.set_input_files("#files", workbook)
            accept = page.wait_for_selector("#overview button.archive-accept", timeout=30000)
            accept.click()
            page.wait_for_selector("#overview button.archive-accept[data-status='already']:has-text('已在档案中')", timeout=15000)
            # An unreadable file gets no button (nothing to keep).
            page.set_input_files("#files", [{"name": "坏.xlsx", "mimeType": "application/octet-stream", "buffer": b"PK\x03\x04broken"}])
            page.wait_for_selector("#overview tr:has-text('坏.xlsx'):has-text('无法读取')", timeout=30000)
            assert page.query_selector("#overview tr:has-text('坏.xlsx') button.archive-accept") is None
            assert not errors, errors
            browser.close()
        print(f"ok: accepted, listed, trend drawn; screenshot {screenshot}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
