// Project page: when someone adds an update, changes a stage or records a hearing's outcome, the server sends a
// notice with the project's change counter on the project's address. The page then fetches itself again and swaps
// in the sections that changed (rendered and escaped by the server). The page is a snapshot, so after every
// (re)subscription it is loaded again: nothing can be missed, and a notice older than what is shown changes nothing.
// A section holding the reader's focus is left alone, and they are told to reload, so nothing they are doing moves.
(function () {
  'use strict';
  var root = document.querySelector('[data-project-id]');
  if (!root || !window.hubLive || typeof DOMParser === 'undefined') {
    return;
  }
  var projectId = root.getAttribute('data-project-id');
  // a page about part of the project (a consultation) reloads itself rather than the project page
  var pagePath = root.getAttribute('data-project-page') || '/projects/' + projectId;
  var status = document.querySelector('[data-hub-live-status]');
  var loading = false;
  var again = false;

  function shown() {
    return Number(root.getAttribute('data-activity'));
  }

  function refresh() {
    if (loading) {
      again = true;
      return;
    }
    loading = true;
    fetch(pagePath, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) {
          return;
        }
        var fresh = new DOMParser().parseFromString(html, 'text/html');
        var freshRoot = fresh.querySelector('[data-project-id]');
        if (!freshRoot || Number(freshRoot.getAttribute('data-activity')) <= shown()) {
          return;
        }
        var skipped = false;
        root.querySelectorAll('[data-live-section]').forEach(function (section) {
          var replacement = freshRoot.querySelector('[data-live-section="' + section.getAttribute('data-live-section') + '"]');
          if (!replacement || replacement.innerHTML === section.innerHTML) {
            return;
          }
          if (section.contains(document.activeElement)) {
            skipped = true;
            return;
          }
          section.innerHTML = replacement.innerHTML;
        });
        root.setAttribute('data-activity', freshRoot.getAttribute('data-activity'));
        if (status) {
          status.textContent = skipped ? 'This project has changed. Reload the page to see every change.'
            : 'This project has just been updated.';
        }
      })
      .catch(function () { /* loaded again on the next notice or reconnect */ })
      .then(function () {
        loading = false;
        if (again) {
          again = false;
          refresh();
        }
      });
  }

  window.hubLive.subscribe('hub.client.project.' + projectId, function (event) {
    if (typeof event.activity === 'number' && event.activity <= shown()) {
      return;
    }
    refresh();
  }, refresh);
})();
