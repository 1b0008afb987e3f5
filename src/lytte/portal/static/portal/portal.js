/* The help centre without a mouse: the down arrow moves from the search box into the
   suggestions, the arrows move between them, Escape goes back to the box and closes them.
   And after "was this helpful?" is answered in place, the thanks take the focus. */
(() => {
  "use strict";

  function suggestions() {
    return [...document.querySelectorAll("#help-suggestions [data-suggestion]")];
  }

  document.addEventListener("keydown", (event) => {
    const input = document.querySelector("[data-suggest-input]");
    if (!input) { return; }
    const links = suggestions();
    const at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && (document.activeElement === input || at >= 0) && links.length) {
      event.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : links[at - 1]).focus();
    } else if (event.key === "Escape" && links.length && (document.activeElement === input || at >= 0)) {
      // The first Escape closes the suggestions and keeps what was typed; the next one clears
      // the box, as a search box does.
      event.preventDefault();
      document.querySelector("#help-suggestions").replaceChildren();
      input.focus();
    }
  });

  document.addEventListener("htmx:afterSettle", () => {
    const thanks = document.querySelector("[data-focus-me]");
    if (thanks) {
      thanks.removeAttribute("data-focus-me");
      thanks.focus();
    }
  });
})();
