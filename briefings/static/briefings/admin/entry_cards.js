'use strict';
// An entry is either a post on this site or an external link. Once a post is chosen
// (and no link typed), the link's empty boxes are folded away (newsroom.css), so that a
// section reads as a list of cards one can scan. Without this script all boxes show.
(function () {
  function fold(card) {
    const picker = card.querySelector('select[name$="-article"]');
    const url = card.querySelector('input[name$="-url"]');
    const title = card.querySelector('input[name$="-title"]');
    if (picker && url && title) {
      card.classList.toggle('entry-is-post', Boolean(picker.value) && !url.value && !title.value);
    }
  }

  function foldAll() {
    document.querySelectorAll('.djn-group-nested .djn-inline-form').forEach(fold);
  }

  document.addEventListener('DOMContentLoaded', function () {
    foldAll();
    document.addEventListener('input', foldAll);
    // The post picker (Select2) tells jQuery, not the page, when it changes.
    if (window.django && window.django.jQuery) {
      window.django.jQuery(document).on('change', foldAll);
    }
  });
})();
