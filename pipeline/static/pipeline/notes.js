// Notes on a post: "Quote the text selected in the post" copies what is selected in
// the editor (or elsewhere on the page) into the note's quoted passage.
(function () {
  "use strict";
  var button = document.querySelector(".quote-selection");
  var quote = document.getElementById("note-quote");
  if (!button || !quote) {
    return;
  }
  function selectedText() {
    var editors = window.CKEDITOR ? Object.values(window.CKEDITOR.instances) : [];
    for (var i = 0; i < editors.length; i++) {
      var selection = editors[i].getSelection();
      var text = selection ? selection.getSelectedText() : "";
      if (text.trim()) {
        return text;
      }
    }
    return String(window.getSelection() || "");
  }
  var remembered = "";
  // Clicking the button moves the focus, and with it the selection: keep the last one.
  document.addEventListener("selectionchange", function () {
    var text = String(window.getSelection() || "");
    if (text.trim()) {
      remembered = text;
    }
  });
  button.hidden = false;
  button.addEventListener("mousedown", function () {
    var text = selectedText();
    if (text.trim()) {
      remembered = text;
    }
  });
  button.addEventListener("click", function () {
    var text = (selectedText().trim() ? selectedText() : remembered).trim();
    if (text) {
      quote.value = text.slice(0, 1000);
      document.getElementById("note-body").focus();
    }
  });
})();
