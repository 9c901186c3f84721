// 政策计算器: a print button, and the legal texts (collapsed on screen) opened for printing.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.legal").forEach(function (d) { d.open = true; });
  });
})();
