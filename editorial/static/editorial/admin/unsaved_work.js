'use strict';
// Unsaved work in an admin form (configured by #unsaved-work, see
// templates/admin/editorial/unsaved_work.html; a static file, as the CSP wants):
// - asks before the page is left with changes that are not saved: closing the tab or
//   reloading (the browser's own question), and following a link of the page that
//   would replace it (History, "Create a preview link"...);
// - with data-autosave-url, keeps a private copy of the named fields a few seconds
//   after typing stops (and at least every 20 s while it goes on), and when the page
//   is hidden or left (editorial/admin/autosave.py). Saving the form discards it.
(function () {
  const IDLE_MS = 3000;
  const MOST_MS = 20000;

  document.addEventListener('DOMContentLoaded', function () {
    const config = document.getElementById('unsaved-work');
    const form = config && config.closest('form');
    if (!form) {
      return;
    }
    const autosaveUrl = config.dataset.autosaveUrl;
    const autosaved = (config.dataset.autosaveFields || '').split(' ').filter(Boolean);
    const status = document.getElementById('autosave-status');
    let baseline = null; // the form as it opened, once its editors are ready
    let submitting = false;
    let leaving = false;
    let keptCopy = null; // what the last autosave sent
    let keptAt = null;
    let idleTimer = null;
    let firstUnkeptChange = null;

    function editors() {
      return window.CKEDITOR ? Object.values(window.CKEDITOR.instances) : [];
    }

    function editorOf(name) {
      const element = form.elements[name];
      return editors().find(function (editor) {
        return element && editor.element && editor.element.$ === element;
      });
    }

    function valueOf(name) {
      const editor = editorOf(name);
      if (editor) {
        return editor.getData();
      }
      const element = form.elements[name];
      if (!element) {
        return null;
      }
      if (element.tagName === 'SELECT' && element.multiple) {
        return Array.from(element.selectedOptions).map(function (option) { return option.value; });
      }
      return element.value;
    }

    // Everything the form would send, editors' text included (their <textarea>s are
    // only filled in as the form is sent).
    function snapshot() {
      const parts = [];
      new FormData(form).forEach(function (value, name) {
        if (name === 'csrfmiddlewaretoken' || editorOf(name)) {
          return;
        }
        parts.push([name, typeof value === 'string' ? value : value.name + '/' + value.size]);
      });
      editors().forEach(function (editor) { parts.push([editor.name, editor.getData()]); });
      return JSON.stringify(parts);
    }

    function isDirty() {
      if (submitting || leaving) {
        return false;
      }
      return Boolean(config.dataset.dirty) || (baseline !== null && snapshot() !== baseline);
    }

    function say(text) {
      if (status) {
        status.textContent = text;
      }
    }

    function leaveQuestion() {
      const kept = keptAt ? ' A private copy was kept at ' + keptAt + '; you will be offered it when you come back.' : '';
      return 'You have changes that are not saved. Leave this page without saving them?' + kept;
    }

    // Closing the tab, reloading, typing another address: the browser asks.
    window.addEventListener('beforeunload', function (event) {
      if (isDirty()) {
        event.preventDefault();
        event.returnValue = '';
      }
    });

    // Links of the page that would replace it: ask in words. (Links opening a new tab
    // leave the form where it is; the admin's own pop-up links are handled before this.)
    document.addEventListener('click', function (event) {
      const link = event.target.closest && event.target.closest('a[href]');
      if (!link || event.defaultPrevented || event.button !== 0 ||
          event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
        return;
      }
      const href = link.getAttribute('href');
      if ((link.target && link.target !== '_self') || link.hasAttribute('download') ||
          href.startsWith('#') || href.startsWith('javascript:')) {
        return;
      }
      if (isDirty()) {
        if (window.confirm(leaveQuestion())) {
          leaving = true; // asked already: no second question from the browser
        } else {
          event.preventDefault();
        }
      }
    });

    form.addEventListener('submit', function () {
      submitting = true;
      window.clearTimeout(idleTimer);
    });

    // Autosave ------------------------------------------------------------------------

    function autosaveValues() {
      const values = {};
      autosaved.forEach(function (name) {
        const value = valueOf(name);
        if (value !== null) {
          values[name] = value;
        }
      });
      return values;
    }

    function autosaveBody(values) {
      const body = new URLSearchParams();
      body.append('csrfmiddlewaretoken', form.elements.csrfmiddlewaretoken.value);
      if (form.elements.autosave_key) {
        body.append('draft_key', form.elements.autosave_key.value);
      }
      Object.keys(values).forEach(function (name) {
        [].concat(values[name]).forEach(function (value) { body.append(name, value); });
      });
      return body;
    }

    // What to send, or null when it is kept already (or the form is as it opened).
    function unkept() {
      const values = autosaveValues();
      const copy = JSON.stringify(values);
      const opened = baseline === null || (snapshot() === baseline && !config.dataset.dirty);
      return copy === keptCopy || (keptCopy === null && opened) ? null : [values, copy];
    }

    function autosave() {
      window.clearTimeout(idleTimer);
      const pending = submitting ? null : unkept();
      if (!pending) {
        return;
      }
      firstUnkeptChange = null;
      fetch(autosaveUrl, {
        method: 'POST',
        body: autosaveBody(pending[0]),
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
      }).then(function (response) {
        return response.json().then(function (answer) {
          if (response.ok) {
            keptCopy = pending[1];
            keptAt = answer.saved_at_text;
            say('Unsaved changes kept privately at ' + keptAt + '.');
          } else {
            say(answer.error || 'Could not keep a private copy.');
          }
        });
      }).catch(function () {
        say('Could not keep a private copy (offline?): trying again as you type.');
      });
    }

    function changed() {
      if (!autosaveUrl || submitting) {
        return;
      }
      const now = Date.now();
      firstUnkeptChange = firstUnkeptChange || now;
      window.clearTimeout(idleTimer);
      if (now - firstUnkeptChange >= MOST_MS) {
        autosave();
      } else {
        idleTimer = window.setTimeout(autosave, IDLE_MS);
      }
    }

    // Leaving or hiding the page: one last copy, sent even as the page goes away.
    function keepOnLeaving() {
      const pending = autosaveUrl && !submitting ? unkept() : null;
      if (pending && navigator.sendBeacon(autosaveUrl, autosaveBody(pending[0]))) {
        keptCopy = pending[1];
      }
    }

    window.addEventListener('pagehide', keepOnLeaving);
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden') {
        keepOnLeaving();
      }
    });

    form.addEventListener('input', changed);
    form.addEventListener('change', changed);

    // The form "as it opened" is known once the page and its editors are ready (an
    // editor rewrites its HTML as it starts).
    function whenEditorsReady(callback) {
      const waiting = editors().filter(function (editor) { return editor.status !== 'ready'; });
      if (waiting.length) {
        waiting[0].once('instanceReady', function () { whenEditorsReady(callback); });
      } else {
        callback();
      }
    }

    window.addEventListener('load', function () {
      whenEditorsReady(function () {
        baseline = snapshot();
        editors().forEach(function (editor) { editor.on('change', changed); });
      });
    });
  });
})();
