// Message composers (new discussion, reply, edit): a preview rendered by the server exactly as the post will be
// shown, and a draft kept in this browser until the post is accepted, so nothing typed is lost to a failed
// submit, a closed tab or a dropped connection.
(function () {
  'use strict';
  var DONE = /[?&]done=(posted|edited)\b/;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)hub_csrf=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : '';
  }

  function storage() {
    try {
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }

  var store = storage();
  var submitted = null;
  try {
    submitted = window.sessionStorage.getItem('hub-draft-submitted');
    window.sessionStorage.removeItem('hub-draft-submitted');
  } catch (e) { /* drafts are a convenience */ }
  if (store && submitted && DONE.test(window.location.search)) {
    store.removeItem(submitted);
  }

  document.querySelectorAll('form[data-composer]').forEach(function (form) {
    var text = form.querySelector('textarea[name="body"]');
    var key = 'hub-draft-' + form.getAttribute('data-draft-key');
    var preview = form.querySelector('[data-preview]');
    var previewBody = form.querySelector('[data-preview-body]');
    if (!text) {
      return;
    }
    if (store && !text.value && store.getItem(key)) {
      text.value = store.getItem(key);
    }
    var timer = null;
    text.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (!store) {
          return;
        }
        if (text.value.trim()) {
          store.setItem(key, text.value);
        } else {
          store.removeItem(key);
        }
      }, 300);
    });
    form.addEventListener('submit', function (event) {
      var action = event.submitter ? event.submitter.value : 'post';
      if (action === 'preview') {
        event.preventDefault();
        showPreview();
        return;
      }
      if (store && text.value.trim()) {
        store.setItem(key, text.value);
      }
      try {
        window.sessionStorage.setItem('hub-draft-submitted', key);
      } catch (e) { /* the draft then stays until replaced */ }
    });
    var previewButton = form.querySelector('[data-preview-button]');
    if (previewButton) {
      previewButton.hidden = false;
      previewButton.addEventListener('click', showPreview);
    }

    function showPreview() {
      fetch('/api/discussions/preview', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken() },
        body: JSON.stringify({ body: text.value })
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (result) {
        preview.hidden = false;
        if (result.ok) {
          // the server's sanitised rendering, the same as the post will show
          previewBody.innerHTML = result.body.html;
        } else {
          previewBody.textContent = result.body.error ? result.body.error.message : 'The preview could not be made.';
        }
      }).catch(function () {
        preview.hidden = false;
        previewBody.textContent = 'The preview could not be made. Check your connection and try again.';
      });
    }
  });
})();
