/* Behaviour of every page, kept out of the HTML so that the Content-Security-Policy
   can forbid inline scripts: forms that submit on change, and print buttons. */
(function () {
  "use strict";
  document.querySelectorAll("[data-submit-on-change]").forEach(function (field) {
    field.addEventListener("change", function () { field.form.submit(); });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
