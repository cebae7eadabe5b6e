/* Kiosk (ki-ốt tra cứu) at the one-stop centre: hide the portal chrome, and start
   over on the start screen after a period without touches, so that the next visitor
   never sees the previous one's search or dossier. Before that, a warning gives at
   least 20 seconds (WCAG 2.2.1) and a button to go on. Without a script the kiosk
   still works; it only does not reset itself. */
(function () {
  "use strict";
  var root = document.querySelector("[data-kiosk-home]");
  if (!root) { return; }
  var home = root.getAttribute("data-kiosk-home");
  var idleMs = (parseInt(root.getAttribute("data-idle-seconds"), 10) || 120) * 1000;
  var warnSeconds = Math.max(20, parseInt(root.getAttribute("data-warning-seconds"), 10) || 30);
  var warning = root.querySelector("[data-kiosk-warning]");
  var countdown = root.querySelector("[data-kiosk-countdown]");
  var warnTimer = null;
  var tick = null;
  var left = 0;

  document.body.classList.add("kiosk-mode");

  function clean() {
    return window.location.pathname === home && !window.location.search;
  }

  function reset() {
    window.clearInterval(tick);
    if (clean()) {
      root.querySelectorAll("form").forEach(function (form) { form.reset(); });
      hideWarning();
      window.scrollTo(0, 0);
      restart();
      return;
    }
    window.location.replace(home);
  }

  function hideWarning() {
    if (warning) { warning.hidden = true; }
  }

  function showWarning() {
    if (!warning) { reset(); return; }
    left = warnSeconds;
    if (countdown) { countdown.textContent = String(left); }
    warning.hidden = false;
    var stay = warning.querySelector("[data-kiosk-stay]");
    if (stay) { stay.focus(); }
    tick = window.setInterval(function () {
      left -= 1;
      if (countdown) { countdown.textContent = String(Math.max(left, 0)); }
      if (left <= 0) { reset(); }
    }, 1000);
  }

  function restart() {
    hideWarning();
    window.clearTimeout(warnTimer);
    window.clearInterval(tick);
    warnTimer = window.setTimeout(showWarning, Math.max(idleMs - warnSeconds * 1000, 1000));
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
  if (search && clean()) { search.focus(); }
  restart();
}());
