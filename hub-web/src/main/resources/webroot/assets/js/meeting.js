// Meeting page: reply counts change live as people reply. Counts are snapshots, so after every
// (re)subscription the page reloads them from the API and nothing missed while disconnected stays wrong.
(function () {
  'use strict';
  var root = document.querySelector('[data-meeting-id]');
  if (!root || !window.hubLive) {
    return;
  }
  var meetingId = root.getAttribute('data-meeting-id');

  function same(a, b) {
    return new Date(a).getTime() === new Date(b).getTime();
  }

  function show(originalStart, counts) {
    document.querySelectorAll('[data-occurrence]').forEach(function (card) {
      if (!same(card.getAttribute('data-occurrence'), originalStart)) {
        return;
      }
      ['yes', 'no', 'maybe', 'waiting'].forEach(function (key) {
        var cell = card.querySelector('[data-count="' + key + '"]');
        if (cell) {
          cell.textContent = String(counts[key]);
        }
      });
    });
  }

  function refresh() {
    fetch('/api/meetings/' + meetingId + '/occurrences', { credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.json() : { occurrences: [] }; })
      .then(function (body) {
        body.occurrences.forEach(function (occurrence) { show(occurrence.originalStart, occurrence.counts); });
      })
      .catch(function () { /* refreshed again on the next reconnect */ });
  }

  function changed(occurrence) {
    var notice = document.querySelector('[data-live-notice]');
    var text = document.querySelector('[data-live-notice-text]');
    if (!notice || !text) {
      return;
    }
    var when = new Date(occurrence.originalStart).toLocaleString('en-GB', { dateStyle: 'full', timeStyle: 'short' });
    text.textContent = occurrence.status === 'cancelled' ? 'The meeting on ' + when + ' has been cancelled.'
      : occurrence.status === 'moved' ? 'The meeting on ' + when + ' has moved to '
        + new Date(occurrence.start).toLocaleString('en-GB', { dateStyle: 'full', timeStyle: 'short' }) + '.'
      : 'The meeting on ' + when + ' has been updated.';
    notice.hidden = false;
  }

  window.hubLive.subscribe('hub.client.meeting.' + meetingId, function (event) {
    if (event.type === 'rsvp.changed') {
      show(event.originalStart, event.counts);
    } else if (event.type === 'occurrence.changed') {
      changed(event.occurrence);
    }
  }, refresh);
})();
