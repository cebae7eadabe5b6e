/* On-screen keypad of the kiosk's dossier lookup: without a script the form works
   with the kiosk's own keyboard; with one, the keypad appears and types into the
   field last touched (the dossier code first). */
(function () {
  "use strict";
  var keypad = document.querySelector("[data-keypad]");
  if (!keypad) { return; }
  var form = keypad.closest("form");
  var fields = form.querySelectorAll("input[type=text], input:not([type])");
  if (!fields.length) { return; }
  var target = fields[0];

  fields.forEach(function (field) {
    field.addEventListener("focus", function () { target = field; });
  });

  function changed() {
    target.dispatchEvent(new Event("input", { bubbles: true }));
    target.focus();
  }

  keypad.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    var max = parseInt(target.getAttribute("maxlength"), 10) || 64;
    if (button.hasAttribute("data-keypad-back")) {
      target.value = target.value.slice(0, -1);
    } else if (button.hasAttribute("data-keypad-clear")) {
      target.value = "";
    } else if (target.value.length < max) {
      target.value += button.getAttribute("data-key");
    }
    changed();
  });
  keypad.hidden = false;
}());
