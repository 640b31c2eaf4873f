// Live character counter for the connection request note. The server enforces the limit;
// this only tells the member how much room is left while they type.
(function () {
  "use strict";
  function update(note) {
    var counter = document.getElementById("note-count");
    if (!counter) return;
    var max = parseInt(note.dataset.maxLength || counter.dataset.max, 10);
    var length = note.value.length;
    counter.textContent = length + " / " + max;
    counter.classList.toggle("note-count-near", length > max * 0.9 && length <= max);
    counter.classList.toggle("note-count-over", length > max);
  }
  document.addEventListener("input", function (event) {
    if (event.target && event.target.matches("textarea[data-max-length]")) update(event.target);
  });
  // "Edit" focuses the note instead of only scrolling to it.
  document.addEventListener("click", function (event) {
    var edit = event.target.closest && event.target.closest(".request-edit");
    if (!edit) return;
    var note = document.querySelector("textarea[data-max-length]");
    if (note) { event.preventDefault(); note.focus(); }
  });
})();
