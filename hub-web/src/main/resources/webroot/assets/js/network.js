// Network page: applies the network's live events (members joining and leaving, role changes, requests) to
// the page rendered by the server. The page carries the number of the last event it reflects; after every
// (re)subscription it fetches the events it may have missed and applies each number once, in order.
(function () {
  'use strict';
  var root = document.querySelector('[data-network-id]');
  if (!root || !window.hubLive) {
    return;
  }
  var networkId = root.getAttribute('data-network-id');
  var lastSeq = Number(root.getAttribute('data-latest-seq'));
  var count = document.querySelector('[data-member-count]');
  var feed = document.querySelector('[data-live-feed]');
  var items = document.querySelector('[data-live-items]');

  function full(role) {
    return role && role !== 'guest';
  }

  function adjustCount(delta) {
    if (count && delta !== 0) {
      count.textContent = String(Number(count.textContent) + delta);
    }
  }

  function describe(event) {
    switch (event.type) {
      case 'member.joined': return event.displayName + ' joined the network';
      case 'member.left': return event.displayName + ' left the network';
      case 'member.removed': return event.displayName + ' is no longer a member';
      case 'member.changed': return event.displayName + ' is now ' + event.role + (event.roleTitle ? ' (' + event.roleTitle + ')' : '');
      case 'join-request.pending': return 'Someone has asked to join (' + event.pendingCount + ' waiting)';
      default: return null;
    }
  }

  function applyOne(event) {
    if (event.type === 'member.joined' && full(event.role)) {
      adjustCount(1);
    } else if ((event.type === 'member.left' || event.type === 'member.removed') && full(event.role)) {
      adjustCount(-1);
    } else if (event.type === 'member.changed') {
      adjustCount((full(event.role) ? 1 : 0) - (full(event.previousRole) ? 1 : 0));
    }
    var text = describe(event);
    if (text && items) {
      var item = document.createElement('li');
      item.textContent = text;
      items.insertBefore(item, items.firstChild);
      feed.hidden = false;
    }
    document.dispatchEvent(new CustomEvent('hub:network-event', { detail: event }));
  }

  root.setAttribute('data-applied-seq', String(lastSeq));
  window.hubLive.networkEvents(networkId, lastSeq, function (event, applied) {
    root.setAttribute('data-applied-seq', String(applied));
    applyOne(event);
  });
})();
