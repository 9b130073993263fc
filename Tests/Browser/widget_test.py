#!/usr/bin/env python3
"""The web widget in a real browser: headless Chromium drives the demo shop's page.

It starts `concierge serve-web` on a free port with a fresh store folder, opens the page, and
talks to the bot as a shopper would: asks where an order is, verifies it with the demo order
10235 and its e-mail, reads the answer, asks for a person, and sees a reply that an agent sends
with `concierge agent claim/say` on the same store. It also checks that message text is shown
as text, that a reload and a visit elsewhere resume the chat without losing a message, and that
the page loads with no console errors under its Content-Security-Policy.

    python3 Tests/Browser/widget_test.py --binary .build/debug/concierge

Needs Debian's `chromium` and `chromium-driver` and PyPI's `selenium`; the driver is named
explicitly (/usr/bin/chromedriver), so Selenium never downloads one. Screenshots go to /tmp.
Ends with a line `browser: N passed, M failed` and exits 1 on any failure.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request

os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not look anything up.

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCREENSHOTS = "/tmp"


class Server:
    """`concierge serve-web` on a free port, with its own store folder."""

    def __init__(self, binary, store):
        self.binary = binary
        self.store = store
        self.process = subprocess.Popen(
            [binary, "serve-web", "--http-port", "0", "--store", store],
            cwd=REPOSITORY, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not match:
            self.stop()
            raise RuntimeError("serve-web did not start: %r" % line)
        self.url = "http://127.0.0.1:%s/" % match.group(1)

    def agent(self, *args):
        """Runs `concierge agent …` on the same store, as a support agent would."""
        result = subprocess.run([self.binary, "agent", *args, "--store", self.store],
                                cwd=REPOSITORY, capture_output=True, text=True, timeout=30)
        if result.returncode != 0:
            raise AssertionError("concierge agent %s failed: %s" % (" ".join(args), result.stderr))
        return result.stdout

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1280,900", "--no-first-run", "--disable-extensions"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)


def wait_for(what, condition, timeout=15.0):
    """Polls `condition` until it returns something truthy; fails naming `what`."""
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        try:
            last = condition()
            if last:
                return last
        except Exception as error:  # the page may be mid-update
            last = error
        time.sleep(0.1)
    raise AssertionError("timed out waiting for %s (last: %r)" % (what, last))


class Widget:
    """The widget inside its shadow root, as a shopper sees it."""

    def __init__(self, driver):
        self.driver = driver

    def root(self):
        host = self.driver.find_element(By.ID, "concierge-widget")
        return host.shadow_root

    def find(self, selector):
        return self.root().find_element(By.CSS_SELECTOR, selector)

    def all(self, selector):
        return self.root().find_elements(By.CSS_SELECTOR, selector)

    def texts(self, selector):
        return [e.get_property("textContent") for e in self.all(selector)]

    def open(self):
        panel = self.find(".cw-panel")
        if not panel.is_displayed():
            self.find(".cw-launcher").click()
        wait_for("the chat panel", lambda: self.find(".cw-panel").is_displayed())

    def say(self, text):
        box = self.find(".cw-input")
        box.send_keys(text)
        box.send_keys(Keys.ENTER)

    def wait_for_text(self, selector, needle, timeout=15.0):
        return wait_for("%r in %s" % (needle, selector),
                        lambda: next((t for t in self.texts(selector) if needle in t), None), timeout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=os.path.join(REPOSITORY, ".build", "debug", "concierge"))
    args = parser.parse_args()

    store = tempfile.mkdtemp(prefix="concierge-browser-")
    server = Server(os.path.abspath(args.binary), store)
    driver = None
    passed, failed = [], []

    def step(name, action):
        try:
            action()
            passed.append(name)
            print("ok   %s" % name, flush=True)
        except Exception:
            failed.append(name)
            print("FAIL %s\n%s" % (name, traceback.format_exc()), flush=True)
            if driver is not None:
                driver.save_screenshot(os.path.join(SCREENSHOTS, "concierge-widget-failure.png"))
            raise

    try:
        driver = browser()
        widget = Widget(driver)
        state = {}

        def page_headers():
            with urllib.request.urlopen(server.url) as response:
                csp = response.headers.get("Content-Security-Policy", "")
                assert "script-src 'self'" in csp and "default-src 'none'" in csp, csp
                assert response.headers.get("X-Content-Type-Options") == "nosniff"
                html = response.read().decode()
            assert len(re.findall(r"<script\b", html)) == 1, "the demo page embeds the widget with one script tag"

        def greeting():
            driver.get(server.url)
            assert "Smoked Glass Lantern" in driver.title
            widget.open()
            widget.wait_for_text(".cw-bot .cw-bubble", "Lantern & Loom assistant")
            chips = widget.texts(".cw-chip")
            assert "Where is my order?" in chips, chips

        def track_order():
            widget.say("where is my order")
            widget.wait_for_text(".cw-bot .cw-bubble", "order number")
            widget.say("10235")
            widget.wait_for_text(".cw-bot .cw-bubble", "e-mail address or postcode")
            widget.say("amelia.hughes@example.com")
            widget.wait_for_text(".cw-bot .cw-bubble", "Parcel 1 of 2")
            links = [a.get_attribute("href") for a in widget.all(".cw-bot .cw-bubble a")]
            assert any(link.startswith("https://track.parcelwise.example/") for link in links), links
            driver.save_screenshot(os.path.join(SCREENSHOTS, "concierge-widget-answer.png"))

        def ask_for_a_person():
            widget.say("I'd like to talk to a person please")
            widget.wait_for_text(".cw-notice", "member of our team")
            driver.save_screenshot(os.path.join(SCREENSHOTS, "concierge-widget-handoff.png"))
            queue = server.agent("queue")
            match = re.search(r"\bT-\d+\b", queue)
            assert match, queue
            state["ticket"] = match.group(0)

        def agent_reply():
            ticket = state["ticket"]
            server.agent("claim", ticket, "--agent", "sam")
            server.agent("say", ticket, "Hi Amelia, Sam here. Your lamp is due tomorrow with Northline Post.", "--agent", "sam")
            widget.wait_for_text(".cw-agent .cw-bubble", "Sam here")
            widget.wait_for_text(".cw-notice", "sam from our team has joined")
            labels = widget.texts(".cw-agent .cw-from")
            assert labels and labels[-1] == "From our team", labels

        def text_stays_text():
            ticket = state["ticket"]
            payload = '<img src=x onerror="document.title=\'pwned\'"><b>bold</b>'
            server.agent("say", ticket, payload, "--agent", "sam")
            widget.wait_for_text(".cw-agent .cw-bubble", "<b>bold</b>")
            assert not widget.all(".cw-log img") and not widget.all(".cw-log b"), "message text was parsed as HTML"
            assert driver.title != "pwned"
            widget.say("<script>alert(1)</script> thanks!")
            widget.wait_for_text(".cw-you .cw-bubble", "<script>alert(1)</script> thanks!")
            assert not widget.all(".cw-log script")

        def reload_resumes():
            before = widget.texts(".cw-bubble")
            driver.refresh()
            wait_for("the restored log", lambda: len(widget.texts(".cw-bubble")) >= len(before))
            assert widget.find(".cw-panel").is_displayed(), "the panel stays open across a reload"
            ticket = state["ticket"]
            # A message sent while the shopper is on another page arrives when they come back.
            driver.get("about:blank")
            server.agent("say", ticket, "Sent while you were away: it's out for delivery now.", "--agent", "sam")
            driver.get(server.url)
            widget.wait_for_text(".cw-agent .cw-bubble", "Sent while you were away")
            server.agent("say", ticket, "Anything else I can help with?", "--agent", "sam")
            widget.wait_for_text(".cw-agent .cw-bubble", "Anything else I can help with?")
            texts = widget.texts(".cw-agent .cw-bubble")
            assert texts.count("Sent while you were away: it's out for delivery now.") == 1, texts
            driver.save_screenshot(os.path.join(SCREENSHOTS, "concierge-widget-agent.png"))

        def no_console_errors():
            errors = [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]
            assert not errors, errors

        def end_and_start_again():
            old_session = driver.execute_script("return JSON.parse(sessionStorage.getItem(arguments[0])).session",
                                                "concierge:" + server.url.rstrip("/"))
            assert old_session, "the session id is kept in sessionStorage"
            widget.find(".cw-end").click()
            widget.wait_for_text(".cw-system", "Chat ended")
            widget.say("do you ship abroad")
            widget.wait_for_text(".cw-bot .cw-bubble", "International")
            new_session = driver.execute_script("return JSON.parse(sessionStorage.getItem(arguments[0])).session",
                                                "concierge:" + server.url.rstrip("/"))
            assert new_session and new_session != old_session, (old_session, new_session)

        def launcher_closed_view():
            widget.find(".cw-close").click()
            wait_for("the panel to close", lambda: not widget.find(".cw-panel").is_displayed())
            driver.save_screenshot(os.path.join(SCREENSHOTS, "concierge-demo-page.png"))

        step("the demo page has a strict CSP and one script tag", page_headers)
        step("the widget opens with the bot's greeting and quick replies", greeting)
        step("a shopper verifies order 10235 and sees its parcels", track_order)
        step("asking for a person opens a ticket in the agents' queue", ask_for_a_person)
        step("an agent's reply from `concierge agent say` reaches the widget", agent_reply)
        step("message text is shown as text, never as HTML", text_stays_text)
        step("a reload or a visit elsewhere resumes without losing a message", reload_resumes)
        step("ending the chat closes it, and the next message starts a new one", end_and_start_again)
        step("the page logs no errors in the console", no_console_errors)
        step("the launcher closes the panel", launcher_closed_view)
    except Exception:
        if not failed:
            failed.append("setup")
            traceback.print_exc()
    finally:
        if driver is not None:
            driver.quit()
        server.stop()
        shutil.rmtree(store, ignore_errors=True)

    print("browser: %d passed, %d failed" % (len(passed), len(failed)), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
