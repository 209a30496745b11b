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

  window.hubLive = {
    subscribe: function (address, onMessage, onReady) {
      var subscription = { address: address, onMessage: onMessage, onReady: onReady };
      subscriptions.push(subscription);
      if (bus && bus.state === EventBus.OPEN) {
        register(subscription);
      }
    }
  };

  window.hubLive.subscribe('hub.client.user.' + userId, function (body) {
    if (body && body.type === 'signed-out') {
      window.location.assign('/sign-in?signedOut=1');
    }
  });

  connect();
})();
