#!/usr/bin/env python3
"""The web widget in a real browser: headless Chromium drives the demo shop's page.

It starts `concierge serve-web` on a free port with a fresh store folder, opens the page, and
talks to the bot as a shopper would: asks where an order is, verifies it (order 10233, then the
split order 10235) and sees its parcels as cards with a Track link, sees the panel fill a phone's
screen, asks for a person, and sees a reply that an agent sends with `concierge agent claim/say`
on the same store. It also checks that message text, and text from the orders (a test order
with HTML in its item names and tracking scans), is shown as text; that a reload and a visit
elsewhere resume the chat without losing a message; that a booked return's reference card copies
from the keyboard; and that the page loads with no console errors under its
Content-Security-Policy.

    python3 Tests/Browser/widget_test.py --binary .build/debug/concierge

Needs Debian's `chromium` and `chromium-driver` and PyPI's `selenium`; the driver is named
explicitly (/usr/bin/chromedriver), so Selenium never downloads one. Screenshots go to
`.build/screenshots/` (or `--screenshots DIR`). Ends with a line `browser: N passed, M failed`
and exits 1 on any failure.
"""

import argparse
import json
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
SCREENSHOTS = os.path.join(REPOSITORY, ".build", "screenshots")

# HTML where order data is free text: item names, and a carrier's scans and their places.
HOSTILE_ITEM = '<img src=x onerror="document.title=\'pwned\'">Brass lantern'
HOSTILE_EVENT = "<script>document.title='pwned'</script>Left at <b>depot</b>"
HOSTILE_PLACE = '<a href="javascript:alert(1)">Leeds</a>'


def orders_with_a_hostile_one(folder):
    """The demo orders and order 20001, whose item names and scans hold HTML; returns the file's path."""
    with open(os.path.join(REPOSITORY, "Intents", "orders.json")) as f:
        data = json.load(f)
    data["orders"].append({
        "id": "20001", "email": "mallory@example.com", "postcode": "LS1 4AP", "placed": "2026-11-19T09:00:00Z",
        "status": "shipped", "currency": "GBP",
        "items": [
            {"sku": "X-1", "name": HOSTILE_ITEM, "quantity": 1, "price": 30.00, "category": "lighting"},
            {"sku": "X-2", "name": "Candle & <i>wick</i> set", "quantity": 2, "price": 5.00, "category": "homeware"},
        ],
        "shipments": [{
            "carrier": "Parcelwise", "tracking_number": "PW00000020001", "skus": ["X-1", "X-2"],
            "shipped": "2026-11-20", "eta": "2026-11-24",
            "events": [{"time": "2026-11-21T09:15:00Z", "description": HOSTILE_EVENT, "location": HOSTILE_PLACE}],
        }],
    })
    path = os.path.join(folder, "orders.json")
    with open(path, "w") as f:
        json.dump(data, f)
    return path


class Server:
    """`concierge serve-web` on a free port, with its own store folder."""

    def __init__(self, binary, store, orders):
        self.binary = binary
        self.store = store
        self.process = subprocess.Popen(
            [binary, "serve-web", "--http-port", "0", "--store", store, "--orders", orders],
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

    def last_message(self):
        """The bot's latest message: its bubble and any cards beside it."""
        return self.all(".cw-bot")[-1]

    def parcel_cards(self, message):
        return message.find_elements(By.CSS_SELECTOR, ".cw-card-parcel")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=os.path.join(REPOSITORY, ".build", "debug", "concierge"))
    parser.add_argument("--screenshots", default=SCREENSHOTS, help="where to save screenshots (default: .build/screenshots)")
    args = parser.parse_args()
    shots = os.path.abspath(args.screenshots)
    os.makedirs(shots, exist_ok=True)

    def shot(name):
        return os.path.join(shots, name)

    store = tempfile.mkdtemp(prefix="concierge-browser-")
    server = Server(os.path.abspath(args.binary), store, orders_with_a_hostile_one(store))
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
                driver.save_screenshot(shot("concierge-widget-failure.png"))
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

        def check_track_link(card, prefix):
            track = card.find_element(By.CSS_SELECTOR, "a.cw-track")
            assert track.get_property("textContent").strip() == "Track", track.get_property("textContent")
            assert track.get_attribute("href").startswith(prefix), track.get_attribute("href")
            assert track.get_attribute("target") == "_blank"
            assert track.get_attribute("rel") == "noopener noreferrer", track.get_attribute("rel")
            assert "opens in a new tab" in track.get_attribute("aria-label")

        def track_order():
            widget.say("where is my order")
            widget.wait_for_text(".cw-bot .cw-bubble", "order number")
            widget.say("10233")
            widget.wait_for_text(".cw-bot .cw-bubble", "e-mail address or postcode")
            widget.say("grace.okafor@example.com")
            widget.wait_for_text(".cw-bot .cw-bubble", "Order #10233 is on its way.")
            message = widget.last_message()
            cards = widget.parcel_cards(message)
            assert len(cards) == 1, len(cards)
            card = cards[0]
            assert card.find_element(By.CSS_SELECTOR, ".cw-card-title").get_property("textContent") == "Your parcel · Parcelwise"
            assert card.find_element(By.CSS_SELECTOR, ".cw-state").get_property("textContent") == "On its way"
            facts = card.find_element(By.CSS_SELECTOR, ".cw-facts").get_property("textContent")
            assert "Expected" in facts and "At your local depot, Bristol" in facts, facts
            assert card.find_element(By.CSS_SELECTOR, ".cw-tracking-number").get_property("textContent") == "PW98369006026"
            check_track_link(card, "https://track.parcelwise.example/PW98369006026")
            # The lead stands for the text: the card says the rest, so the bubble isn't a wall of text.
            bubble = message.find_element(By.CSS_SELECTOR, ".cw-bubble").get_property("textContent")
            assert bubble == "Order #10233 is on its way.", bubble

        def split_order():
            widget.say("and where is order 10235?")
            widget.wait_for_text(".cw-bot .cw-bubble", "private")
            widget.say("amelia.hughes@example.com")
            widget.wait_for_text(".cw-bot .cw-bubble", "Order #10235 is on its way.")
            cards = widget.parcel_cards(widget.last_message())
            titles = [c.find_element(By.CSS_SELECTOR, ".cw-card-title").get_property("textContent") for c in cards]
            assert titles == ["Parcel 1 of 2 · Parcelwise", "Parcel 2 of 2 · Northline Post"], titles
            states = [c.find_element(By.CSS_SELECTOR, ".cw-state").get_property("textContent") for c in cards]
            assert states == ["Delivered", "On its way"], states
            check_track_link(cards[0], "https://track.parcelwise.example/")
            check_track_link(cards[1], "https://northlinepost.example/track?id=")
            assert "Ceramic table lamp, chalk" in cards[1].find_element(By.CSS_SELECTOR, ".cw-card-items").get_property("textContent")
            driver.save_screenshot(shot("concierge-widget-answer.png"))
            driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", widget.last_message())
            widget.find(".cw-panel").screenshot(shot("widget-cards.png"))

        def keyboard_reaches_the_track_button():
            track = widget.parcel_cards(widget.last_message())[-1].find_element(By.CSS_SELECTOR, "a.cw-track")
            widget.find(".cw-input").click()
            # Backwards from the message box, through the panel, to the last card's Track button.
            for _ in range(12):
                focused = driver.execute_script(
                    "return document.getElementById('concierge-widget').shadowRoot.activeElement")
                if focused == track:
                    break
                driver.switch_to.active_element.send_keys(Keys.SHIFT, Keys.TAB)
            focused = driver.execute_script("return document.getElementById('concierge-widget').shadowRoot.activeElement")
            assert focused == track, "shift-tab from the message box never reached the Track button"
            widget.find(".cw-input").click()

        def phone_full_screen():
            # A 390x844 phone screen (an iPhone 14's), as the browser's device emulation gives it.
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
            try:
                def fills():
                    rect = driver.execute_script(
                        "var r = document.getElementById('concierge-widget').shadowRoot.querySelector('.cw-panel')"
                        ".getBoundingClientRect(); return [r.left, r.top, r.width, r.height,"
                        " document.documentElement.clientWidth, innerHeight]")
                    state["phone"] = rect
                    left, top, width, height, vw, vh = rect
                    return vw == 390 and left == 0 and top == 0 and width == vw and height == vh
                try:
                    wait_for("the panel to fill a 390-pixel screen", fills)
                except AssertionError:
                    raise AssertionError("the panel and the screen (left, top, width, height, screen width, height): %r" % state.get("phone"))
                assert not widget.find(".cw-launcher").is_displayed(), "the launcher stays out of the way on a phone"
                close = widget.find(".cw-close")
                assert close.is_displayed() and close.rect["x"] + close.rect["width"] <= 390
                time.sleep(0.2)
                driver.save_screenshot(shot("widget-phone.png"))
            finally:
                driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
            wait_for("the panel back in its corner", lambda: widget.find(".cw-panel").rect["width"] < 500)

        def ask_for_a_person():
            widget.say("I'd like to talk to a person please")
            widget.wait_for_text(".cw-notice", "member of our team")
            driver.save_screenshot(shot("concierge-widget-handoff.png"))
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
            driver.save_screenshot(shot("concierge-widget-agent.png"))

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

        def hostile_order_text_stays_text():
            widget.say("where is my order 20001")
            widget.wait_for_text(".cw-bot .cw-bubble", "private")
            widget.say("mallory@example.com")
            widget.wait_for_text(".cw-bot .cw-bubble", "Order #20001 is on its way.")
            card = widget.parcel_cards(widget.last_message())[0]
            items = card.find_element(By.CSS_SELECTOR, ".cw-card-items").get_property("textContent")
            assert HOSTILE_ITEM in items and "Candle & <i>wick</i> set" in items, items
            facts = card.find_element(By.CSS_SELECTOR, ".cw-facts").get_property("textContent")
            assert HOSTILE_EVENT in facts and HOSTILE_PLACE in facts, facts
            for tag in ("img", "script", "b", "i"):
                assert not widget.all(".cw-log %s" % tag), "order text was parsed as HTML: <%s>" % tag
            links = [a.get_attribute("href") for a in widget.all(".cw-log a")]
            assert all(link.startswith("https://") for link in links), links
            assert driver.title != "pwned"

        def stored_cards_are_checked_again():
            # A log tampered with in sessionStorage: a javascript: tracking link and HTML in a reference.
            key = "concierge:" + server.url.rstrip("/")
            driver.execute_script("""
                var s = JSON.parse(sessionStorage.getItem(arguments[0]));
                s.log.push({who: "bot", text: "Stored", cards: [
                    {type: "parcel", carrier: "Evil Post", tracking_number: "E1", tracking_url: "javascript:document.title='pwned'",
                     items: ["<img src=x>"], state: "in_transit"},
                    {type: "reference", kind: "return", reference: "<b>RET-1</b>", order: "1"},
                    {type: "unknown", text: "<script>"}]});
                sessionStorage.setItem(arguments[0], JSON.stringify(s));""", key)
            driver.refresh()
            widget.wait_for_text(".cw-card-title", "Evil Post")
            message = widget.last_message()
            assert not message.find_elements(By.CSS_SELECTOR, "a"), "a javascript: link became a Track button"
            assert len(message.find_elements(By.CSS_SELECTOR, ".cw-card")) == 2
            assert message.find_element(By.CSS_SELECTOR, ".cw-ref").get_property("textContent") == "<b>RET-1</b>"
            assert not widget.all(".cw-log img") and not widget.all(".cw-log b")

        def return_reference_copies():
            widget.say("I want to return something from order 10239")
            widget.wait_for_text(".cw-bot .cw-bubble", "private")
            widget.say("sophie.clarke@example.com")
            widget.wait_for_text(".cw-bot .cw-bubble", "going back")
            # Where each item stands, as a card: the tea towels can go back, the final-sale cardigan can't.
            rows = widget.all(".cw-card-items .cw-item")
            tags = {r.find_element(By.CSS_SELECTOR, ".cw-item-name").get_property("textContent"):
                    r.find_element(By.CSS_SELECTOR, ".cw-tag").get_property("textContent") for r in rows}
            assert any(t.startswith("Returnable until ") for t in tags.values()), tags
            assert "Not returnable" in tags.values(), tags
            assert "Final sale" in widget.texts(".cw-card-items .cw-item-note"), widget.texts(".cw-card-items .cw-item-note")
            widget.say("I changed my mind")
            widget.wait_for_text(".cw-bot .cw-bubble", "Your return is booked")
            card = widget.last_message().find_element(By.CSS_SELECTOR, ".cw-card-reference")
            reference = card.find_element(By.CSS_SELECTOR, ".cw-ref").get_property("textContent")
            assert re.fullmatch(r"RET-\d+", reference), reference
            assert card.find_element(By.CSS_SELECTOR, ".cw-card-title").get_property("textContent") == "Return reference"
            button = card.find_element(By.CSS_SELECTOR, "button.cw-copy")
            assert button.get_attribute("aria-label") == "Copy " + reference
            driver.execute_script("arguments[0].focus()", button)
            driver.switch_to.active_element.send_keys(Keys.ENTER)
            wait_for("the copy button to answer", lambda: button.get_property("textContent") in ("Copied", "Selected"))
            widget.find(".cw-panel").screenshot(shot("widget-return.png"))

        def launcher_closed_view():
            widget.find(".cw-close").click()
            wait_for("the panel to close", lambda: not widget.find(".cw-panel").is_displayed())
            driver.save_screenshot(shot("concierge-demo-page.png"))

        step("the demo page has a strict CSP and one script tag", page_headers)
        step("the widget opens with the bot's greeting and quick replies", greeting)
        step("a shopper verifies an order and sees its parcel as a card with a Track link", track_order)
        step("a split order shows two parcel cards", split_order)
        step("the keyboard reaches a card's Track button", keyboard_reaches_the_track_button)
        step("on a 390x844 phone the panel fills the screen", phone_full_screen)
        step("asking for a person opens a ticket in the agents' queue", ask_for_a_person)
        step("an agent's reply from `concierge agent say` reaches the widget", agent_reply)
        step("message text is shown as text, never as HTML", text_stays_text)
        step("a reload or a visit elsewhere resumes without losing a message", reload_resumes)
        step("ending the chat closes it, and the next message starts a new one", end_and_start_again)
        step("HTML in an order's item names and tracking scans stays text on its card", hostile_order_text_stays_text)
        step("a booked return shows its reference on a card that copies from the keyboard", return_reference_copies)
        step("cards restored from the tab's storage are checked again", stored_cards_are_checked_again)
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
