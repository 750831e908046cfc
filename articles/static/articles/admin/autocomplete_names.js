'use strict';
// Select2 shows an autocomplete's value in a read-only textbox with no name of its own.
// Give that textbox the name of the <select> it stands for (its aria-label is set in
// articles/admin.py), so screen readers announce "Choose an author" rather than nothing.
// Select2 builds its boxes whenever Django's autocomplete.js gets to it (page ready, new
// inline rows), so watch the page for them rather than guess when that is.
(function () {
  function nameAutocompletes() {
    document.querySelectorAll('select.admin-autocomplete[aria-label]').forEach(function (select) {
      const shown = document.getElementById('select2-' + select.id + '-container');
      if (shown && !shown.hasAttribute('aria-label')) {
        shown.setAttribute('aria-label', select.getAttribute('aria-label'));
      }
    });
  }
  let pending = false;
  new MutationObserver(function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () { pending = false; nameAutocompletes(); });
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
