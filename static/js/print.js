/* "In trang này": show the button only where a script can print (the browser's own
   Print command works everywhere; print.css lays the page out for paper). */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
}());
