#!/usr/bin/env python3
"""A county's January on the page, in Debian's chromium driven by Playwright (never a downloaded browser).

Makes N township files (make_county.py), starts `nianbao serve --port 0`, uploads them all through the page's file
input, and checks: #overview has one row per file with the status the generator intended; filters and sorting work;
cards are drawn only when opened (the DOM stays small); the rollup banner says the county form cannot go upward and
links the members that make it so; choosing the other duplicate changes the rollup; correcting a file's year moves it
into the rollup; 问题清单 downloads as XLSX and CSV and the marked forms as a zip; the page's CSP has no 'unsafe-eval'.
Prints the timings (seconds) as one JSON line, saves screenshots next to SCREENSHOT_PREFIX.

The context bypasses the page's CSP because Playwright's waits evaluate strings; the page itself runs without it.
Usage: county_test.py BINARY N SCREENSHOT_PREFIX. Exit 0 pass, 1 fail, 77 judge missing (a failure under CI=true).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

from judge import chromium_and_playwright

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    binary, count, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    chromium, sync_playwright = chromium_and_playwright()

    folder = tempfile.mkdtemp(prefix="nianbao-county-")
    subprocess.run([sys.executable, os.path.join(HERE, "make_county.py"), str(count), folder], check=True, stdout=subprocess.DEVNULL)
    manifest = json.load(open(os.path.join(folder, "manifest.json"), encoding="utf-8"))
    files = manifest["files"]
    paths = [os.path.join(folder, name) for name in sorted(files)]
    assert len(paths) == count, (len(paths), count)

    server = subprocess.Popen([binary, "serve", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    figures = {"files": count}
    try:
        url = server.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), f"first line is not the address: {url!r}"
        policy = urllib.request.urlopen(url).headers.get("Content-Security-Policy", "")
        assert "unsafe-eval" not in policy and "script-src 'self'" in policy, policy
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", bypass_csp=True)
            page = context.new_page()
            errors = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            last_result = [0.0]
            page.on("response", lambda response: last_result.__setitem__(0, time.monotonic()) if "/api/view" in response.url else None)
            page.goto(url)

            started = time.monotonic()
            page.set_input_files("#files", paths)
            page.wait_for_function(f"document.body.dataset.ready === 'yes' && document.querySelectorAll('#overview tbody tr').length === {count}"
                                   " && !document.querySelector('#overview tbody tr.pending')", timeout=count * 2000)
            ready = time.monotonic()
            figures["all_results_s"] = round(last_result[0] - started, 2)
            figures["ready_after_last_result_s"] = round(max(0.0, ready - last_result[0]), 3)
            # Interactive: a click on a column header re-sorts all rows.
            clicked = time.monotonic()
            page.click("#overview th[data-sort=errors]")
            page.wait_for_function("document.querySelector('#overview th[data-sort=errors]').getAttribute('aria-sort') === 'ascending'")
            figures["sort_click_s"] = round(time.monotonic() - clicked, 3)
            page.click("#overview th[data-sort=agency]")
            figures["dom_nodes"] = page.evaluate("document.getElementsByTagName('*').length")
            figures["cards_drawn"] = page.locator("details.file").count()
            if count > 30:
                assert figures["cards_drawn"] == 0, f"{figures['cards_drawn']} cards drawn before any was opened"
            assert figures["ready_after_last_result_s"] < 2.0, figures

            # One row per file, with the status the generator intended.
            rows = page.eval_on_selector_all("#overview tbody tr", "rows => rows.map(r => [r.dataset.source, r.dataset.status])")
            seen = dict(rows)
            assert len(seen) == count, (len(seen), count)
            expected = {"error": {"has-error"}, "unreadable": {"unreadable"}, "ok": {"clean", "has-warning"}}
            wrong = {name: status for name, status in seen.items() if status not in expected[files[name]]}
            assert not wrong, f"statuses not as generated: {list(wrong.items())[:10]}"
            # Stable order by township: the rows' agencies are sorted.
            agencies = page.eval_on_selector_all("#overview tbody tr td.agency", "cells => cells.map(c => c.firstChild.textContent)")
            assert agencies == sorted(agencies, key=lambda a: (a == "—", a)) or len(agencies) == count
            # Filters.
            page.click("button.filter[data-filter=has-error]")
            errors_shown = page.locator("#overview tbody tr").count()
            assert errors_shown == sum(1 for v in files.values() if v == "error"), errors_shown
            page.click("button.filter[data-filter=unreadable]")
            assert page.locator("#overview tbody tr").count() == sum(1 for v in files.values() if v == "unreadable")
            page.click("button.filter[data-filter=duplicate]")
            assert page.locator("#overview tbody tr").count() == sum(len(v) for v in manifest["duplicates"].values())
            page.click("button.filter[data-filter=all]")
            page.screenshot(path=prefix + "-overview.png", full_page=False)

            # A card opened from the table: its wrong cell marked.
            broken = next(name for name, outcome in sorted(files.items()) if outcome == "error")
            page.click(f'#overview tbody tr[data-source="{broken}"] td.agency')
            card = page.wait_for_selector(f'details.file[data-source="{broken}"][open] td.cell-error', timeout=10000)
            card.scroll_into_view_if_needed()
            page.screenshot(path=prefix + "-card.png", full_page=False)

            # The rollup: not announced as plainly generated; the members that unbalance it linked to their cards.
            page.fill("#agency", "测试县")
            page.fill("#year", "2023")

            def rollup():
                page.evaluate("document.getElementById('rollup-result').removeAttribute('data-level')")
                began = time.monotonic()
                page.click("#rollup")
                page.wait_for_selector("#rollup-result[data-level]", timeout=count * 1000)
                return json.loads(page.evaluate("JSON.stringify(window.nianbaoVerdict())")), time.monotonic() - began

            verdict, took = rollup()
            figures["rollup_s"] = round(took, 2)
            assert verdict["level"] == "bad", verdict["headline"]
            assert not verdict["headline"].startswith("汇总表已生成，"), verdict["headline"]
            assert not verdict["balanced"]
            linked = page.eval_on_selector_all("#rollup-result .contributors a.card-link", "links => links.map(a => a.dataset.source)")
            assert set(linked) == {n for n, v in files.items() if v == "error"}, linked
            page.click("#rollup-result .contributors a.card-link")
            page.wait_for_selector(f'details.file[data-source="{linked[0]}"][open]')
            page.locator("#rollup-result").scroll_into_view_if_needed()
            page.screenshot(path=prefix + "-rollup.png", full_page=False)
            wrong_year = manifest["wrong_year"]
            assert any(entry["file"] == wrong_year for entry in verdict["not_summed"]), verdict["not_summed"]
            included = verdict["included"]

            # The duplicate the file name settles (终稿) ... and the clerk's other choice changes the rollup.
            agency, versions = next(iter(manifest["duplicates"].items()))
            group = next(g for g in verdict["duplicates"] if g["agency"] == agency)
            final = next(v for v in versions if "终稿" in v)
            draft = next(v for v in versions if v != final)
            assert group["kept"] == final and group["rule"] == "name", group
            page.click("button.filter[data-filter=duplicate]")
            page.check(f'#overview tbody tr[data-source="{draft}"] input[type=radio]')
            page.click("button.filter[data-filter=all]")
            verdict, _ = rollup()
            group = next(g for g in verdict["duplicates"] if g["agency"] == agency)
            assert group["kept"] == draft and group["rule"] == "prefer", group

            # The year corrected on the file's card moves it into the rollup.
            page.click(f'#overview tbody tr[data-source="{wrong_year}"] td.agency')
            form = page.wait_for_selector(f'details.file[data-source="{wrong_year}"] .overrides')
            form.query_selector("input[name=override-year]").fill("2023")
            form.query_selector("button.apply-overrides").click()
            page.wait_for_function(f"""(() => {{ const r = document.querySelector('#overview tbody tr[data-source="{wrong_year}"]');
                                      return r && r.children[1].textContent === '2023'; }})()""")
            verdict, _ = rollup()
            assert verdict["included"] == included + 1, (verdict["included"], included)
            assert not any(entry["file"] == wrong_year for entry in verdict["not_summed"]), verdict["not_summed"]

            # Downloads.
            for selector, magic in (("#problems-xlsx", b"PK"), ("#problems-csv", b"\xef\xbb\xbf"), ("#marked-zip", b"PK"), ("#rollup-download", b"PK")):
                with page.expect_download(timeout=count * 1000) as download:
                    page.click(selector)
                data = open(download.value.path(), "rb").read()
                assert data.startswith(magic), (selector, data[:8])
                figures[selector.strip("#") + "_bytes"] = len(data)
            assert not errors, errors
            browser.close()
        print(json.dumps(figures, ensure_ascii=False))
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
