// Compose box niceties; the form works without this file (htmx and the server do the checks).
(function () {
  "use strict";
  function updateCounter(textarea) {
    var counter = document.getElementById(textarea.dataset.counter);
    if (counter) {
      counter.textContent = textarea.value.length + " / " + textarea.getAttribute("maxlength");
    }
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("textarea[data-counter]")) {
      updateCounter(event.target);
    }
  });
  // "Edit" puts the cursor back into the message instead of only scrolling to it.
  document.addEventListener("click", function (event) {
    var edit = event.target.closest && event.target.closest("a.edit-draft");
    if (!edit) return;
    var textarea = document.querySelector(edit.getAttribute("href"));
    if (textarea) {
      event.preventDefault();
      textarea.focus();
    }
  });
})();
