/* app.js — progressive enhancement only; every page works without it.
 * Forms with data-confirm ask before submitting (archive, delete). */
(function () {
  "use strict";
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    var question = form && form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) ev.preventDefault();
  });
  /* Move focus to the error summary so keyboard and screen-reader users land on it. */
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
  });
})();
