// Broadcast dashboard: when a network acknowledges or responds, the server sends a notice on the broadcast's
// address and the page fetches the dashboard again and swaps in its live sections (the figures, the overdue
// list, each network's row, the rates by level and the answers), rendered and escaped by the server. The
// dashboard is a snapshot, so after every (re)subscription it is simply loaded again: nothing can be missed.
(function () {
  'use strict';
  var root = document.querySelector('[data-broadcast-id]');
  if (!root || !window.hubLive || typeof DOMParser === 'undefined') {
    return;
  }
  var broadcastId = root.getAttribute('data-broadcast-id');
  var loading = false;
  var again = false;

  function refresh() {
    if (loading) {
      again = true;
      return;
    }
    loading = true;
    // The same sort and filter as the page, so a refreshed table keeps them.
    fetch('/broadcasts/' + broadcastId + '/dashboard' + window.location.search, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html) {
          var fresh = new DOMParser().parseFromString(html, 'text/html');
          root.querySelectorAll('[data-live-section]').forEach(function (section) {
            var replacement = fresh.querySelector('[data-live-section="' + section.getAttribute('data-live-section') + '"]');
            if (replacement && replacement.innerHTML !== section.innerHTML) {
              section.innerHTML = replacement.innerHTML;
            }
          });
          root.setAttribute('data-refreshed', String(Date.now()));
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

  window.hubLive.subscribe('hub.client.broadcast.' + broadcastId, function (event) {
    if (event.type === 'broadcast.version') {
      window.location.reload();
      return;
    }
    refresh();
  }, refresh);
})();
