/* The knowledge editor's one piece of JavaScript: "Insert" beside a file puts its Markdown
   into the text at the cursor (and the preview follows, as if typed). */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-insert]") : null;
    if (!button) { return; }
    var area = document.getElementById(button.dataset.target || "");
    if (!area) { return; }
    var text = button.dataset.insert;
    var start = area.selectionStart || 0, end = area.selectionEnd || 0;
    var before = area.value.slice(0, start), after = area.value.slice(end);
    var gap = before && !before.endsWith("\n") ? "\n\n" : "";
    area.value = before + gap + text + "\n" + after;
    area.focus();
    area.selectionStart = area.selectionEnd = (before + gap + text + "\n").length;
    area.dispatchEvent(new Event("input", { bubbles: true }));
  });
})();
