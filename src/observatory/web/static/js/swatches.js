// Colour the legend swatches from their data-color attribute (no inline styles: strict CSP).
(function () {
  "use strict";
  document.querySelectorAll(".swatch[data-color]").forEach(function (el) {
    var c = el.getAttribute("data-color");
    if (/^#[0-9a-fA-F]{3,8}$/.test(c)) { el.style.background = c; }
  });
})();
