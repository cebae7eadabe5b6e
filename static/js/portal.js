/* Behaviour of every page, kept out of the HTML so that the Content-Security-Policy
   can forbid inline scripts: print buttons, the phone menu, the error summary. */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // On phones the main menu folds behind a button (CSS shows the button).
  var toggle = document.querySelector(".nav-toggle");
  var menu = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
  if (toggle && menu) {
    document.documentElement.classList.add("has-nav-toggle");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("is-open", open);
    });
  }

  // After a failed submit, focus goes to the summary that links to each field.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
})();
