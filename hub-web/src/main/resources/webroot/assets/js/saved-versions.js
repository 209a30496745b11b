// Keeps each "Last saved by ... at ..." line current while the page is open: a draft network response on the
// broadcast page (broadcast.response.saved on the network's address) or a meeting's details on its change page
// (meeting.saved on the meeting's address). Each event is a snapshot with the version, so one no newer than the
// line shows (or heard twice) is ignored and a missed one costs nothing but freshness. A newer version also
// warns that saving now would be refused until the page is reloaded.
(function () {
  'use strict';
  if (!window.hubLive) {
    return;
  }
  document.querySelectorAll('[data-hub-saved-address]').forEach(function (line) {
    var type = line.getAttribute('data-hub-saved-type');
    var broadcastId = line.getAttribute('data-broadcast-id');
    var renderedVersion = Number(line.getAttribute('data-version'));
    window.hubLive.subscribe(line.getAttribute('data-hub-saved-address'), function (event) {
      if (!event || event.type !== type || (broadcastId && event.broadcastId !== broadcastId)) {
        return;
      }
      if (event.version <= Number(line.getAttribute('data-version'))) {
        return;
      }
      line.setAttribute('data-version', String(event.version));
      line.hidden = false;
      line.textContent = 'Last saved by ' + (event.savedBy || 'someone in your network') + ' at ' + event.savedWhen + '.'
        + (event.version > renderedVersion
          ? ' This is newer than what this page shows: reload the page to see it before you save.' : '');
    });
  });
})();
