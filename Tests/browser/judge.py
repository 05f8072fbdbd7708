"""What every browser test needs first: Debian's chromium and Playwright for Python, or a clear skip.

A missing judge exits 77 (skipped) on a laptop and 1 under CI=true, where it must have been installed.
"""
import os
import shutil
import sys


def missing(reason):
    print(f"skipped: {reason}", file=sys.stderr)
    sys.exit(1 if os.environ.get("CI") == "true" else 77)


def chromium_and_playwright():
    """The chromium executable and Playwright's sync_playwright (never a downloaded browser)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        missing("chromium is not installed (Scripts/install-browser.sh)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright for Python is not installed (Scripts/install-browser.sh)")
    return chromium, sync_playwright
