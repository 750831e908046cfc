'use strict';
// The article form's writing aids (a static file, as the CSP wants):
// - the body's word count and reading time, beside it;
// - "How it will look in search results and when shared" (#search-preview, rendered by
//   templates/admin/articles/article/search_preview.html), kept up to date as the
//   writer types, with warnings when the title or standfirst is too long;
// - the "Schedule" button, shown while the publish date is in the future.
(function () {
  const WORDS_PER_MINUTE = 230;
  const EXCERPT_WORDS = 40; // as campaign4change.text.excerpt_from_html

  function bodyEditor() {
    return window.CKEDITOR && window.CKEDITOR.instances.id_body;
  }

  function bodyText() {
    const editor = bodyEditor();
    const textarea = document.getElementById('id_body');
    const html = editor ? editor.getData() : (textarea ? textarea.value : '');
    return new DOMParser().parseFromString(html, 'text/html').body.textContent || '';
  }

  function words(text) {
    return text.match(/\S+/g) || [];
  }

  function plural(count, one, many) {
    return count.toLocaleString('en-GB') + ' ' + (count === 1 ? one : many);
  }

  // Word count ---------------------------------------------------------------------

  function wordCounter() {
    const row = document.querySelector('.form-row.field-body');
    if (!row) {
      return function () {};
    }
    const counter = document.createElement('p');
    counter.className = 'word-count';
    counter.id = 'body-word-count';
    counter.setAttribute('aria-live', 'polite');
    row.appendChild(counter);
    return function () {
      const count = words(bodyText()).length;
      counter.textContent = count
        ? plural(count, 'word', 'words') + ' · ' + Math.max(1, Math.round(count / WORDS_PER_MINUTE)) + ' min read'
        : 'No words yet';
    };
  }

  // The publish date, as the server reads it -----------------------------------------

  // The day typed in the date box (as a UTC midnight), or null.
  function typedDay() {
    const date = document.getElementById('id_publish_at_0');
    if (!date || !date.value.trim() || typeof window.get_format !== 'function') {
      return null;
    }
    const day = date.value.trim().strptime(window.get_format('DATE_INPUT_FORMATS')[0]);
    return isNaN(day.getTime()) ? null : day;
  }

  function publishMoment() {
    const day = typedDay();
    const time = document.getElementById('id_publish_at_1');
    const parts = ((time && time.value.trim()) || '0:0:0').split(':').map(Number);
    if (!day || parts.some(isNaN)) {
      return null;
    }
    // The boxes hold the server's local time; the page says the server's UTC offset.
    const offset = Number(document.body.dataset.adminUtcOffset || 0);
    return new Date(day.getTime() + ((parts[0] * 60 + (parts[1] || 0)) * 60 + (parts[2] || 0) - offset) * 1000);
  }

  function scheduleButtons() {
    const buttons = document.querySelectorAll('button[data-needs-future-date]');
    return function () {
      const when = publishMoment();
      const future = when !== null && when.getTime() > Date.now();
      buttons.forEach(function (button) { button.hidden = !future; });
    };
  }

  // Search results and sharing ---------------------------------------------------------

  function searchPreview() {
    const preview = document.getElementById('search-preview');
    if (!preview) {
      return function () {};
    }
    const titleLimit = Number(preview.dataset.titleLimit);
    const descriptionLimit = Number(preview.dataset.descriptionLimit);
    const parts = function (name) { return preview.querySelectorAll('[data-preview="' + name + '"]'); };
    const field = function (id) { return document.getElementById(id); };
    const path = parts('path')[0];
    const warnings = parts('warnings')[0];
    const image = parts('image')[0];
    const imageInput = field('id_featured_image');
    let chosenImage = null;

    if (imageInput) {
      imageInput.addEventListener('change', function () {
        if (chosenImage) {
          URL.revokeObjectURL(chosenImage);
        }
        chosenImage = imageInput.files.length ? URL.createObjectURL(imageInput.files[0]) : null;
        if (chosenImage) {
          const img = document.createElement('img');
          img.src = chosenImage;
          img.alt = '';
          image.replaceChildren(img);
        }
      });
    }

    return function () {
      const title = field('id_title') ? field('id_title').value.trim() : '';
      const standfirst = field('id_standfirst') ? field('id_standfirst').value.trim() : '';
      const bodyWords = words(bodyText());
      const description = standfirst ||
        bodyWords.slice(0, EXCERPT_WORDS).join(' ') + (bodyWords.length > EXCERPT_WORDS ? '…' : '');
      parts('title').forEach(function (element) { element.textContent = title || '(no title yet)'; });
      parts('description').forEach(function (element) { element.textContent = description; });
      const slug = field('id_slug');
      const day = typedDay();
      if (path && slug) {
        const date = day ? day.toISOString().slice(0, 10).replace(/-/g, '/') : path.textContent.split('/').slice(1, 4).join('/');
        path.textContent = '/' + date + '/' + (slug.value.trim() || '…') + '/';
      }

      const notes = [];
      if (!title) {
        notes.push('No title yet.');
      } else if (title.length > titleLimit) {
        notes.push('The title has ' + title.length + ' characters: search results show about ' +
          titleLimit + ', so its end may be cut off.');
      }
      if (!standfirst) {
        notes.push('No standfirst: the start of the body is shown instead.');
      } else if (standfirst.length > descriptionLimit) {
        notes.push('The standfirst has ' + standfirst.length + ' characters: search results show about ' +
          descriptionLimit + ', so its end may be cut off.');
      }
      warnings.replaceChildren.apply(warnings, notes.map(function (note) {
        const item = document.createElement('li');
        item.textContent = note;
        return item;
      }));
    };
  }

  document.addEventListener('DOMContentLoaded', function () {
    const form = document.getElementById('article_form');
    if (!form) {
      return;
    }
    const updates = [wordCounter(), scheduleButtons(), searchPreview()];
    let pending = null;
    function update() {
      window.clearTimeout(pending);
      pending = window.setTimeout(function () { updates.forEach(function (run) { run(); }); }, 150);
    }
    form.addEventListener('input', update);
    form.addEventListener('change', update);
    // The calendar and clock shortcuts fill the date boxes without an input event.
    document.addEventListener('click', update);
    window.addEventListener('load', function () {
      const editor = bodyEditor();
      if (editor) {
        editor.on('change', update);
        editor.on('instanceReady', update);
      }
      update();
    });
  });
})();
