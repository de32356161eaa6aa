"""What the walkthrough needs around Playwright: one browser context per person
(their own cookies and language), a watch on each page for console errors and
server errors, and screenshots for the trainers' walkthrough (docs/walkthrough/).

Console errors fail the walk: a script blocked by the Content-Security-Policy,
a missing asset or a script error shows there first. The only exceptions are
the known faults in KNOWN_CONSOLE_ERRORS, each to be fixed in the app; an entry
the walk no longer meets fails the walk too, so the list only shrinks."""
import io
import re
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image

DEMO_PASSWORD = "walkthrough-pass-2026"
WIDTH, HEIGHT = 1280, 1000
# Flags for a headless browser on a closed machine: no GPU, no sandbox (CI runs
# as root), and nothing that calls out to the internet.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# (why, path prefix of the page or resource, start of the console message).
KNOWN_CONSOLE_ERRORS = ()
SHOTS_DIR = Path(__file__).resolve().parents[2] / "docs" / "walkthrough"


class Person:
    """One person at one browser: a context with its own cookies and language."""

    def __init__(self, walk, label, locale="en-IN", viewport=(WIDTH, HEIGHT)):
        self.walk, self.label = walk, label
        width, height = viewport
        self.context = walk.browser.new_context(
            viewport={"width": width, "height": height}, locale=locale,
            timezone_id="Asia/Kolkata", device_scale_factor=1)
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: walk.problems.append(
            f"{label}: script error on {self.page.url}: {error}"))
        self.page.on("response", self._response)

    def _console(self, message):
        if message.type != "error":
            return
        where = message.location.get("url") or self.page.url
        for known in KNOWN_CONSOLE_ERRORS:
            _, prefix, start = known
            if urlsplit(where).path.startswith(prefix) and message.text.startswith(start):
                self.walk.known_seen.add(known)
                return
        self.walk.problems.append(f"{self.label}: console error at {where}: {message.text}")

    def _response(self, response):
        if response.status >= 500:
            self.walk.problems.append(f"{self.label}: HTTP {response.status} from {response.url}")

    def goto(self, path):
        self.page.goto(self.walk.base + path)

    def menu(self, category, item):
        """Open a panel menu and choose an item, by their exact (English) names."""
        nav = self.page.locator("nav.navbar")
        nav.locator("a.dropdown-toggle").filter(has_text=_exactly(category)).click()
        nav.locator(".dropdown-menu.show a.dropdown-item").filter(has_text=_exactly(item)).click()
        self.page.wait_for_load_state("load")

    def sign_in(self, username, password=DEMO_PASSWORD):
        self.goto("/login")
        self.page.fill("#username", username)
        self.page.fill("#password", password)
        self.page.click("form button[type=submit]")
        self.page.wait_for_url("**/admin/**")


class Walk:
    """The people of one walk, what went wrong in their browsers, and the
    screenshots taken so far (in `staging` until the walk has passed)."""

    def __init__(self, browser, base, staging: Path):
        self.browser, self.base, self.staging = browser, base, staging
        self.problems: list[str] = []
        self.known_seen: set = set()
        self.people: list[Person] = []
        self.shots: list[str] = []
        staging.mkdir(parents=True, exist_ok=True)

    def person(self, label, locale="en-IN", viewport=(WIDTH, HEIGHT)):
        person = Person(self, label, locale, viewport)
        self.people.append(person)
        return person

    def check(self):
        """No console error, script error or server error so far."""
        problems, self.problems[:] = list(self.problems), []
        assert not problems, "\n".join(problems)

    def check_known_errors_still_happen(self):
        fixed = [why for why, *_ in set(KNOWN_CONSOLE_ERRORS) - self.known_seen]
        assert not fixed, f"fixed, so remove from KNOWN_CONSOLE_ERRORS in {__file__}: {fixed}"

    def shot(self, person, name, focus=None):
        """Save NN-name.png (for docs/walkthrough/): what the person sees in the 1280 px
        wide window from the top of the page, or around `focus` (a locator, outlined)
        when it is further down.
        (Not a full-page capture: Chromium's full-page mode resizes the window and
        leaves clicks landing beside their targets afterwards.)"""
        page = person.page
        page.wait_for_load_state("load")
        self.check()
        top = 0  # the top of the page, unless `focus` is below the fold: then it, with context
        if focus is not None:
            box = focus.first.evaluate(
                "e => { const r = e.getBoundingClientRect(); return [r.top + window.scrollY, r.height]; }")
            if box[0] + box[1] > HEIGHT - 40:
                top = max(0, box[0] - 200)
            focus.first.evaluate("e => e.style.outline = '3px solid #e83e8c'")  # what to look at
        page.evaluate("(y) => window.scrollTo(0, y)", top)
        png = page.screenshot(animations="disabled", caret="initial")
        if focus is not None:
            focus.first.evaluate("e => e.style.outline = ''")
        page.evaluate("window.scrollTo(0, 0)")
        name = f"{len(self.shots) + 1:02d}-{name}.png"
        _save_small(png, self.staging / name)
        self.shots.append(name)
        return name

    def publish_under(self, folder: str, prefix: str):
        """The walk passed: its screenshots replace the `prefix-*` ones in
        docs/walkthrough/<folder>/ (a walk of its own beside the trainers')."""
        target = SHOTS_DIR / folder
        target.mkdir(parents=True, exist_ok=True)
        for old in target.glob(f"{prefix}-*.png"):
            old.unlink()
        for name in self.shots:
            (target / f"{prefix}-{name}").write_bytes((self.staging / name).read_bytes())

    def publish(self):
        """The walk passed: its screenshots replace those in docs/walkthrough/ (a
        failed walk leaves them as they were)."""
        SHOTS_DIR.mkdir(parents=True, exist_ok=True)
        for old in SHOTS_DIR.glob("[0-9][0-9]-*.png"):
            old.unlink()  # a renamed step must not leave its old picture behind
        for name in self.shots:
            (SHOTS_DIR / name).write_bytes((self.staging / name).read_bytes())


def _exactly(text):
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


def _save_small(png: bytes, path: Path) -> None:
    """A palette PNG: screenshots of forms and tables have few colours, so 256
    keep text sharp at a third of the size."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        path, optimize=True)
