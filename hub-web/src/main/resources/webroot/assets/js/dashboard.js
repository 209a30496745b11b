// Broadcast dashboard: when a network acknowledges or responds, the server sends a notice on the broadcast's
// address and the page reloads the summary from the API, updating the figures, each network's row and the
// rates by level. The summary is a snapshot, so after every (re)subscription it is simply loaded again.
(function () {
  'use strict';
  var root = document.querySelector('[data-broadcast-id]');
  if (!root || !window.hubLive) {
    return;
  }
  var broadcastId = root.getAttribute('data-broadcast-id');

  function set(node, text) {
    if (node && node.textContent !== text) {
      node.textContent = text;
    }
  }

  function apply(summary) {
    set(root.querySelector('[data-figure="acknowledgedNetworks"]'), String(summary.acknowledgedNetworks));
    set(root.querySelector('[data-figure="respondedNetworks"]'), String(summary.respondedNetworks));
    summary.networks.forEach(function (network) {
      var row = root.querySelector('[data-network="' + network.networkId + '"]');
      if (!row) {
        return;
      }
      set(row.querySelector('[data-cell="acknowledged"]'), network.acknowledged ? 'Yes (' + network.acknowledgements + ')' : 'No');
      set(row.querySelector('[data-cell="responded"]'), network.responded ? 'Yes' : 'No');
      set(row.querySelector('[data-cell="responses"]'), network.suppressed ? 'Hidden: fewer than 5 responses' : String(network.responses));
    });
    summary.levels.forEach(function (level) {
      set(root.querySelector('[data-level="' + level.depth + '"][data-level-cell="acknowledged"]'), String(level.acknowledged));
      set(root.querySelector('[data-level="' + level.depth + '"][data-level-cell="responded"]'), String(level.responded));
    });
    root.setAttribute('data-summary-version', String(Date.now()));
  }

  function refresh() {
    fetch('/api/broadcasts/' + broadcastId + '/summary', { credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (summary) {
        if (summary) {
          apply(summary);
        }
      })
      .catch(function () { /* loaded again on the next notice or reconnect */ });
  }

  window.hubLive.subscribe('hub.client.broadcast.' + broadcastId, function (event) {
    if (event.type === 'broadcast.version') {
      window.location.reload();
      return;
    }
    refresh();
  }, refresh);
})();
