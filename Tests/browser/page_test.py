#!/usr/bin/env python3
"""The page in a real browser: Debian's chromium driven by Playwright (never a downloaded browser).

Starts `nianbao serve --port 0`, uploads a broken workbook through the page's file input, waits for its wrong cell
to carry `cell-error`, hovers it for the message, and saves a 1366x768 screenshot.

Usage: page_test.py BINARY WORKBOOK CELL SCREENSHOT. Exit 0 pass, 1 fail, 77 judge missing (a failure under CI=true).
"""
import subprocess
import sys

from judge import chromium_and_playwright


def main():
    binary, workbook, cell, screenshot = sys.argv[1:5]
    chromium, sync_playwright = chromium_and_playwright()

    server = subprocess.Popen([binary, "serve", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = server.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), f"first line is not the address: {url!r}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="zh-CN")
            errors = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(url)
            assert page.title().startswith("年报核对"), page.title()
            page.set_input_files("input[type=file]", workbook)
            selector = f'td.cell-error[data-cell="{cell}"]'
            marked = page.wait_for_selector(selector, timeout=30000)
            assert "cell-likely" in (marked.get_attribute("class") or ""), marked.get_attribute("class")
            status = page.text_content("#status") or ""
            assert "1 个有错误" in status, status
            findings = page.locator("details.file .findings li").all_text_contents()
            assert any(cell in text for text in findings), findings
            page.screenshot(path=screenshot.replace(".png", "-top.png"), full_page=False)
            marked.scroll_into_view_if_needed()
            marked.hover()
            tip = page.wait_for_selector("#tip:not([hidden])", timeout=5000)
            assert cell in (tip.text_content() or ""), tip.text_content()
            page.screenshot(path=screenshot, full_page=False)
            assert not errors, errors
            browser.close()
        print(f"ok: {selector} marked; screenshot {screenshot}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
