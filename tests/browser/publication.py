"""What the publication's browser tests share (tests/browser/test_publication.py and
those of the other public pages): a page seen at a width and in a colour scheme, fully
loaded, photographed into artifacts/screenshots/ and checked by axe-core.

    found = look_at(page, url, "home", width=390, scheme="dark")
    assert found.problems == [], found.problems
"""

import json
from collections import Counter
from dataclasses import dataclass, field

from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import ARTIFACTS, AXE_OPTIONS, photograph, scrolls_sideways

SCREENSHOTS = ARTIFACTS / "screenshots"
WIDTHS = (390, 1280)
SCHEMES = ("light", "dark")

# Layout shifts as the page loads, added up as browsers score them (CLS), from the start.
WATCH_LAYOUT_SHIFTS = """
window.__layoutShift = 0;
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__layoutShift += entry.value;
  }
}).observe({type: "layout-shift", buffered: true});
"""
# Lazy pictures load as they come into view: scroll through the page, wait for each.
LOAD_EVERY_PICTURE = """async () => {
  const step = Math.max(200, window.innerHeight - 100);
  for (let y = 0; y < document.body.scrollHeight; y += step) {
    window.scrollTo(0, y);
    await new Promise(resolve => setTimeout(resolve, 60));
  }
  await Promise.all(Array.from(document.images).map(img => img.complete ? null :
    new Promise(resolve => { img.onload = img.onerror = resolve; })));
  window.scrollTo(0, 0);
  const broken = Array.from(document.images).filter(img => !img.naturalWidth);
  return broken.map(img => img.currentSrc || img.src);
}"""


@dataclass
class Look:
    name: str
    layout_shift: float = 0.0
    problems: list = field(default_factory=list)


def watch_layout_shifts(page):
    page.add_init_script(WATCH_LAYOUT_SHIFTS)


def look_at(page, url, name, width, scheme, max_layout_shift=0.01):
    """Open `url` at `width` px in the `scheme` colour scheme; save a full-page screenshot
    as artifacts/screenshots/<name>-<width>-<scheme>.png and the axe report beside it.
    Its problems: serious or critical axe violations, sideways scrolling, pictures that
    did not load, and layout shift as the page loaded above `max_layout_shift`."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = f"{name}-{width}-{scheme}"
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    found = Look(shot, layout_shift=page.evaluate("window.__layoutShift || 0"))
    if found.layout_shift > max_layout_shift:
        found.problems.append(f"{shot}: layout shift {found.layout_shift:.3f}")
    if broken := page.evaluate(LOAD_EVERY_PICTURE):
        found.problems.append(f"{shot}: pictures not loaded: {broken}")
    if sideways := scrolls_sideways(page, width):
        found.problems.append(f"{shot}: scrolls sideways: {sideways}")
    photograph(page, SCREENSHOTS / f"{shot}.png", full_page=True)
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    report = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]],
        }
        for v in violations
    ]
    (SCREENSHOTS / f"axe-{shot}.json").write_text(json.dumps(report, indent=2))
    by_impact = Counter(v["impact"] for v in violations)
    if by_impact["serious"] or by_impact["critical"]:
        found.problems.append(f"{shot}: axe {dict(by_impact)}: {report}")
    return found
