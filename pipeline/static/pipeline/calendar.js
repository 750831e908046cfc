// The calendar's drag and drop: dropping an item on a day asks for confirmation in a
// dialog, whose form posts the move (the same one the "Move…" page posts). Without
// JavaScript, "Move…" on each item does the same in two pages.
(function () {
  "use strict";
  var calendar = document.querySelector(".calendar");
  var dialog = document.getElementById("move-dialog");
  if (!calendar || !dialog || typeof dialog.showModal !== "function") {
    return;
  }
  var dragged = null;
  calendar.addEventListener("dragstart", function (event) {
    var item = event.target.closest("[data-item]");
    if (!item) {
      return;
    }
    dragged = item;
    item.classList.add("is-dragged");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.dataset.item);
  });
  calendar.addEventListener("dragend", function () {
    if (dragged) {
      dragged.classList.remove("is-dragged");
    }
    calendar.querySelectorAll(".is-drop-target").forEach(function (cell) {
      cell.classList.remove("is-drop-target");
    });
  });
  calendar.addEventListener("dragover", function (event) {
    var cell = event.target.closest("[data-day]");
    if (dragged && cell && !cell.classList.contains("is-past")) {
      event.preventDefault();
      cell.classList.add("is-drop-target");
    }
  });
  calendar.addEventListener("dragleave", function (event) {
    var cell = event.target.closest("[data-day]");
    if (cell && !cell.contains(event.relatedTarget)) {
      cell.classList.remove("is-drop-target");
    }
  });
  calendar.addEventListener("drop", function (event) {
    var cell = event.target.closest("[data-day]");
    if (!dragged || !cell) {
      return;
    }
    event.preventDefault();
    cell.classList.remove("is-drop-target");
    var day = cell.dataset.day;
    var label = new Date(day + "T12:00:00").toLocaleDateString(undefined, {
      weekday: "long", day: "numeric", month: "long"
    });
    dialog.querySelector("[name=item]").value = dragged.dataset.item;
    dialog.querySelector("[name=day]").value = day;
    dialog.querySelector("#move-question").textContent =
      "Move the " + dragged.dataset.what + " of “" + dragged.dataset.title + "” to " + label + "?";
    dialog.showModal();
  });
})();
