// Keyboard shortcuts for the moderators' dashboard. Everything here is an enhancement: every
// action is a plain form or link that also works without JavaScript.
//   Queue:  j / k move, x select, c confirm, d dismiss, e escalate, Enter or o open.
//   Review: c confirm, d dismiss, e escalate, n next, u undo.
(function () {
  "use strict";
  var selected = 0;

  function typing(event) {
    var el = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return true;
    if (!el || !el.tagName) return false;
    var tag = el.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || el.isContentEditable;
  }

  function items() {
    return Array.prototype.slice.call(document.querySelectorAll(".queue-item[data-review]"));
  }

  function select(index) {
    var rows = items();
    if (!rows.length) return null;
    selected = Math.max(0, Math.min(index, rows.length - 1));
    rows.forEach(function (row, i) {
      row.classList.toggle("is-selected", i === selected);
      row.setAttribute("aria-selected", i === selected ? "true" : "false");
    });
    rows[selected].scrollIntoView({ block: "nearest" });
    return rows[selected];
  }

  function clickIn(root, selector) {
    var button = root && root.querySelector(selector);
    if (button && !button.disabled) {
      button.click();
      return true;
    }
    return false;
  }

  function onQueueKey(event) {
    var rows = items();
    var row = rows[selected];
    switch (event.key) {
      case "j": select(selected + 1); return true;
      case "k": select(selected - 1); return true;
      case "x": if (row) { var box = row.querySelector("input[name=ids]"); box.checked = !box.checked; } return true;
      case "c": return clickIn(row, "button[data-action=confirm]");
      case "d": return clickIn(row, "button[data-action=dismiss]");
      case "e": return clickIn(row, "button[data-action=escalate]");
      case "o":
      case "Enter": return clickIn(row, "a.queue-open");
    }
    return false;
  }

  function onReviewKey(event) {
    var panel = document.getElementById("review-panel");
    switch (event.key) {
      case "c": return clickIn(panel, "#decision-form button[data-shortcut=c]");
      case "d": return clickIn(panel, "#decision-form button[data-shortcut=d]");
      case "e": return clickIn(panel, "#decision-form button[data-shortcut=e]");
      case "n": return clickIn(panel, "#next-form button[data-shortcut=n]");
    }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    if (typing(event)) return;
    if (event.key === "u" && clickIn(document, ".undo-bar button[data-shortcut=u]")) {
      event.preventDefault();
      return;
    }
    var page = document.querySelector("[data-moderation-page]");
    if (!page) return;
    var kind = page.getAttribute("data-moderation-page");
    var handled = kind === "queue" ? onQueueKey(event) : kind === "review" ? onReviewKey(event) : false;
    if (handled) event.preventDefault();
  });

  // After htmx swaps in the refreshed queue, keep the selection where it was (the next item
  // has moved into the decided item's place); after a new review panel, focus its heading.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (document.querySelector("[data-moderation-page=queue]")) select(selected);
    var heading = document.querySelector("#review-panel h1");
    if (heading && event.target && event.target.id === "review-panel") {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: false });
    }
  });

  if (document.querySelector("[data-moderation-page=queue]")) select(0);
})();
