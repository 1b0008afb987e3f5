/* What the phone-width tests (test_pages_at_phone_width.py) ask of a page, in the page, as
   `lytte.*`: added to every page of a browser context before the page's own scripts. */
window.lytte = (() => {
  "use strict";

  // Rendered and not clipped. A scrolling ancestor is fine (its content can be scrolled to);
  // one that hides what overflows it is not.
  function shown(el) {
    const seen = { opacityProperty: true, visibilityProperty: true };
    if (!el.isConnected || !el.checkVisibility(seen)) { return false; }
    const box = el.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) { return false; }
    const own = getComputedStyle(el);
    if (own.clip !== "auto" && own.clip !== "") { return false; }
    if (/hidden|clip/.test(own.overflowX) && el.scrollWidth > el.clientWidth + 1) { return false; }
    for (let up = el.parentElement; up; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (!/hidden|clip/.test(style.overflowX + style.overflowY)) { continue; }
      const frame = up.getBoundingClientRect();
      if (box.left < frame.left - 1 || box.right > frame.right + 1
          || box.top < frame.top - 1 || box.bottom > frame.bottom + 1) { return false; }
    }
    return true;
  }

  // A stacked table hides its header row when every cell shows its column's name before it.
  function namedInItsCells(th) {
    const name = th.textContent.trim();
    const table = th.closest("table");
    const cells = table ? [...table.querySelectorAll("td")].filter((td) => td.dataset.label === name) : [];
    return cells.length > 0 && cells.every((td) => shown(td)
      && getComputedStyle(td, "::before").content.includes(name));
  }

  function ownText(el) {
    return [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.textContent).join("").trim();
  }

  // Marks what a reader sees at this width: every figure (text with a digit) and table cell.
  function markShown() {
    let count = 0;
    for (const el of document.body.querySelectorAll("*")) {
      if (el.closest("svg, script, style, template, select, .js-plotly-plot")) { continue; }
      const cell = el.matches("td, th");
      const text = cell ? el.textContent.trim() : ownText(el);
      if (!text || !(cell || /\d/.test(text)) || !shown(el)) { continue; }
      el.dataset.shownWide = text.replace(/\s+/g, " ").slice(0, 60);
      count += 1;
    }
    return count;
  }

  // How many lines boxes take, one above the other (boxes on one line overlap vertically).
  function rows(boxes) {
    let count = 0, bottom = -Infinity;
    for (const box of [...boxes].filter((b) => b.width > 0).sort((a, b) => a.top - b.top)) {
      if (box.top >= bottom - 2) { count += 1; }
      bottom = Math.max(bottom, box.bottom);
    }
    return count;
  }

  function lines(el) {
    const range = document.createRange();
    range.selectNodeContents(el);
    return rows(range.getClientRects());
  }

  function check() {
    const bar = document.querySelector(".topbar");
    return {
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      missing: [...document.querySelectorAll("[data-shown-wide]")]
        .filter((el) => !shown(el) && !(el.matches("th") && namedInItsCells(el)))
        .map((el) => el.dataset.shownWide),
      // Pages without the staff's top bar (the customer portal's) have no rows of it.
      barRows: bar ? rows([...bar.children].filter(shown).map((el) => el.getBoundingClientRect())) : 0,
    };
  }

  function overlaps(a, b) {
    const x = a.getBoundingClientRect(), y = b.getBoundingClientRect();
    return x.left < y.right && y.left < x.right && x.top < y.bottom && y.top < x.bottom;
  }

  // What of the top bar a screen pop lies over: the search box, the menu button, the links.
  function covered() {
    const pops = [...document.querySelectorAll("#screen-pops .pop")];
    const controls = [...document.querySelectorAll(
      ".topbar input, .topbar .menu-toggle, .topbar nav a, .topbar nav button")].filter(shown);
    return controls.filter((el) => pops.some((pop) => overlaps(pop, el)))
      .map((el) => el.textContent.trim() || el.id);
  }

  return { shown, markShown, lines, check, covered };
})();
