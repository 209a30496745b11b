// Opens the event-bus bridge for a signed-in page and keeps it open. Other scripts use window.hubLive:
//   hubLive.subscribe(address, onMessage, onReady) registers now and again after every reconnect
//   (onReady runs after each registration, so a page can fetch what it missed in between).
(function () {
  'use strict';
  var userId = document.body.getAttribute('data-user-id');
  if (!userId || typeof EventBus === 'undefined') {
    return;
  }
  var status = document.querySelector('[data-hub-live-status]');
  var subscriptions = [];
  var bus = null;

  function show(text, state) {
    document.body.setAttribute('data-hub-live', state);
    if (status) {
      status.textContent = text;
    }
  }

  function register(subscription) {
    bus.registerHandler(subscription.address, {}, function (err, message) {
      if (err) {
        return;
      }
      subscription.onMessage(message.body);
    });
    if (subscription.onReady) {
      subscription.onReady();
    }
  }

  function connect() {
    bus = new EventBus('/eventbus');
    bus.enableReconnect(false);
    bus.onopen = function () {
      show('Live updates are on.', 'open');
      subscriptions.forEach(register);
    };
    bus.onclose = function () {
      show('Live updates are paused. Reconnecting…', 'closed');
      setTimeout(connect, 2000);
    };
  }

  function subscribe(address, onMessage, onReady) {
    var subscription = { address: address, onMessage: onMessage, onReady: onReady };
    subscriptions.push(subscription);
    if (bus && bus.state === EventBus.OPEN) {
      register(subscription);
    }
  }

  // A network's numbered events, each applied exactly once and in order. The page says which number it was
  // rendered at; an event that arrives early waits for those before it; after every (re)subscription, and when
  // a gap does not fill within 1.5 seconds, the events after the last applied one are fetched from the log.
  // Events without a number (presence) are passed to onUnnumbered as they come.
  function networkEvents(networkId, renderedSeq, onEvent, onUnnumbered, onReady) {
    var lastSeq = renderedSeq;
    var pending = {};
    var gapTimer = null;
    var fetching = false;

    function apply(event) {
      if (typeof event.seq !== 'number') {
        if (onUnnumbered) {
          onUnnumbered(event);
        }
        return;
      }
      if (event.seq <= lastSeq) {
        return;
      }
      pending[event.seq] = event;
      while (pending[lastSeq + 1]) {
        var next = pending[lastSeq + 1];
        delete pending[lastSeq + 1];
        lastSeq = next.seq;
        onEvent(next, lastSeq);
      }
      clearTimeout(gapTimer);
      if (Object.keys(pending).length) {
        gapTimer = setTimeout(catchUp, 1500);
      }
    }

    function catchUp() {
      if (fetching) {
        return;
      }
      fetching = true;
      fetch('/api/networks/' + networkId + '/events?after=' + lastSeq + '&limit=200', { credentials: 'same-origin' })
        .then(function (response) { return response.ok ? response.json() : { events: [] }; })
        .then(function (body) {
          fetching = false;
          body.events.forEach(apply);
          if (body.events.length === 200) {
            catchUp();
          }
        })
        .catch(function () { fetching = false; });
    }

    subscribe('hub.client.network.' + networkId, apply, function () {
      catchUp();
      if (onReady) {
        onReady();
      }
    });
  }

  window.hubLive = { subscribe: subscribe, networkEvents: networkEvents };

  // An in-page notice (a reminder, or a place freed from the waiting list), in the NHS.UK notification
  // banner, placed at the top of the main content.
  function notify(body, label, before, after) {
    var main = document.getElementById('maincontent');
    if (!main) {
      return;
    }
    var banner = document.createElement('div');
    banner.className = 'nhsuk-notification-banner';
    banner.setAttribute('role', 'region');
    banner.setAttribute('aria-label', label);
    var content = document.createElement('div');
    content.className = 'nhsuk-notification-banner__content';
    var text = document.createElement('p');
    text.className = 'nhsuk-notification-banner__heading';
    var link = document.createElement('a');
    link.className = 'nhsuk-notification-banner__link';
    link.href = body.href;
    link.textContent = body.title;
    text.appendChild(document.createTextNode(before));
    text.appendChild(link);
    text.appendChild(document.createTextNode(after));
    content.appendChild(text);
    banner.appendChild(content);
    main.insertBefore(banner, main.firstChild);
  }

  window.hubLive.subscribe('hub.client.user.' + userId, function (body) {
    if (body && body.type === 'signed-out') {
      window.location.assign('/sign-in?signedOut=1');
    } else if (body && body.type === 'account.erased') {
      window.location.assign('/account/deleted');
    } else if (body && body.type === 'meeting.reminder') {
      notify(body, 'Reminder', 'Reminder: ', ' is on ' + body.when + '.');
    } else if (body && body.type === 'broadcast.notice') {
      notify(body, 'Broadcast', '', '.');
    } else if (body && body.type === 'discussion.mention') {
      notify(body, 'You were mentioned', body.by + ' mentioned you in ', '.');
    } else if (body && body.type === 'meeting.promoted') {
      notify(body, 'A place for you', 'A place has come free and it is yours: ', ' on ' + body.when
        + '. You are no longer on the waiting list.');
    }
  });

  connect();
})();
