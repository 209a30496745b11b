// Broadcast page: keeps each network response's "Last saved by ... at ..." line current while the page is open,
// from the broadcast.response.saved events on the network's address. Each event is a snapshot with the draft's
// version, so one older than the line shows (or heard twice) is ignored and a missed one costs nothing but
// freshness. A newer version also warns that saving now would be refused until the page is reloaded.
(function () {
  'use strict';
  if (!window.hubLive) {
    return;
  }
  document.querySelectorAll('[data-hub-response-saved]').forEach(function (line) {
    var networkId = line.getAttribute('data-hub-response-saved');
    var broadcastId = line.getAttribute('data-broadcast-id');
    var renderedVersion = Number(line.getAttribute('data-version'));
    window.hubLive.subscribe('hub.client.network.' + networkId, function (event) {
      if (!event || event.type !== 'broadcast.response.saved' || event.broadcastId !== broadcastId) {
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
