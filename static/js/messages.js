// Compose box niceties; the form works without this file (htmx and the server do the checks).
(function () {
  "use strict";
  function length(text) {
    return text.replace(/\r\n/g, "\n").length;
  }
  function updateCounter(textarea) {
    var counter = document.getElementById(textarea.dataset.counter);
    if (!counter) return;
    var max = parseInt(textarea.dataset.maxLength, 10);
    var used = length(textarea.value);
    counter.textContent = used + " / " + max;
    counter.classList.toggle("counter-near", used > max * 0.9 && used <= max);
    counter.classList.toggle("counter-over", used > max);
  }
  document.addEventListener("input", function (event) {
    var textarea = event.target;
    if (!(textarea.matches && textarea.matches("textarea[data-counter]"))) return;
    updateCounter(textarea);
    // A refused send marked the box; once the member types, that error no longer holds.
    if (textarea.getAttribute("aria-invalid") === "true") {
      textarea.removeAttribute("aria-invalid");
      var errors = document.getElementById("text-errors");
      if (errors) errors.remove();
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
