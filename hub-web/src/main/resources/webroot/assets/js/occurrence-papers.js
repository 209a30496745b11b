// Meeting date page: the list of papers follows additions and removals live. The server renders the list (with
// each organiser's remove buttons and their CSRF fields), so on each change, and after every (re)subscription to
// catch up on what was missed, the page fetches itself again and takes the new list from it.
(function () {
  'use strict';
  var root = document.querySelector('[data-papers-live]');
  if (!root || !window.hubLive) {
    return;
  }
  var meetingId = root.getAttribute('data-meeting-id');
  var start = root.getAttribute('data-start');

  function refresh() {
    fetch(window.location.pathname + window.location.search, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) {
          return;
        }
        var fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('[data-papers-live]');
        if (fresh && fresh.innerHTML !== root.innerHTML) {
          root.innerHTML = fresh.innerHTML;
        }
      })
      .catch(function () { /* fetched again on the next reconnect */ });
  }

  window.hubLive.subscribe('hub.client.meeting.' + meetingId, function (event) {
    if (event.type === 'papers.changed' && new Date(event.originalStart).getTime() === new Date(start).getTime()) {
      refresh();
    }
  }, refresh);
})();
