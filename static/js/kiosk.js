/* Kiosk (ki-ốt tra cứu) at the one-stop centre: hide the portal chrome, and return to
   the start screen after a period without touches so the next visitor starts clean. */
(function () {
  "use strict";
  var root = document.querySelector("[data-kiosk-home]");
  if (!root) { return; }
  var home = root.getAttribute("data-kiosk-home");
  var idleMs = (parseInt(root.getAttribute("data-idle-seconds"), 10) || 90) * 1000;
  // At least 20 s to answer the warning (WCAG 2.2.1), at most 30 s.
  var warnMs = Math.max(20000, Math.min(30000, idleMs / 3));
  var warning = root.querySelector("[data-kiosk-warning]");
  var warnTimer = null;
  var resetTimer = null;

  document.body.classList.add("kiosk-mode");

  function atHome() {
    return window.location.pathname === home && !window.location.search;
  }

  function reset() {
    if (atHome()) {
      var form = root.querySelector("form");
      if (form) { form.reset(); }
      if (warning) { warning.hidden = true; }
      window.scrollTo(0, 0);
      return;
    }
    window.location.replace(home);
  }

  function restart() {
    if (warning) { warning.hidden = true; }
    window.clearTimeout(warnTimer);
    window.clearTimeout(resetTimer);
    warnTimer = window.setTimeout(function () {
      if (warning && !atHome()) { warning.hidden = false; }
    }, idleMs - warnMs);
    resetTimer = window.setTimeout(reset, idleMs);
  }

  ["pointerdown", "keydown", "touchstart", "scroll", "input"].forEach(function (name) {
    window.addEventListener(name, restart, { passive: true });
  });

  var back = root.querySelector("[data-kiosk-back]");
  if (back && window.history.length > 1) {
    back.addEventListener("click", function (event) {
      event.preventDefault();
      window.history.back();
    });
  }

  var search = root.querySelector("input[type=search]");
  if (search && atHome()) { search.focus(); }
  restart();
}());
