// Keeps the header's unread-notifications count live in every open tab. The server sends the whole count with
// each change (notification.created, notification.read), so applying the latest one is always right, whatever
// was missed while the bridge was down; after every (re)connection the count is fetched once to catch up. Past 99
// the badge says "99+", as the page does: the server counts no further for the badge.
(function () {
  'use strict';
  var userId = document.body.getAttribute('data-user-id');
  var badge = document.querySelector('[data-unread-badge]');
  if (!userId || !badge || !window.hubLive) {
    return;
  }
  var count = badge.querySelector('[data-unread-count]');

  function show(unread) {
    count.textContent = unread > 99 ? '99+' : String(unread);
    badge.hidden = unread === 0;
    document.body.setAttribute('data-unread-notifications', String(unread));
  }

  function refresh() {
    fetch('/api/me/notifications?limit=1', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (page) {
        if (page) {
          show(page.unread);
        }
      })
      .catch(function () { /* the next live event corrects the count */ });
  }

  window.hubLive.subscribe('hub.client.user.' + userId, function (body) {
    if (body && (body.type === 'notification.created' || body.type === 'notification.read')
        && typeof body.unread === 'number') {
      show(body.unread);
    }
  }, refresh);
})();
