// The signed-in home: when something arrives for the person or their networks, the "what needs you" list is
// fetched again and redrawn. Events are only a prompt to re-read, so a missed or repeated one does no harm;
// each (re)subscription re-reads too, covering whatever arrived between render and subscribe.
(function () {
  'use strict';
  var home = document.querySelector('[data-hub-home]');
  var list = document.querySelector('[data-hub-needs]');
  var empty = document.querySelector('[data-hub-needs-empty]');
  var userId = document.body.getAttribute('data-user-id');
  if (!home || !list || !window.hubLive || !userId) {
    return;
  }
  var timer = null;

  function card(item) {
    var li = document.createElement('li');
    var cardBox = document.createElement('div');
    cardBox.className = 'nhsuk-card nhsuk-card--clickable';
    var content = document.createElement('div');
    content.className = 'nhsuk-card__content';
    var heading = document.createElement('h3');
    heading.className = 'nhsuk-card__heading nhsuk-heading-s';
    var link = document.createElement('a');
    link.className = 'nhsuk-card__link';
    link.href = item.href;
    link.textContent = item.ask + ' ' + item.title;
    heading.appendChild(link);
    var description = document.createElement('p');
    description.className = 'nhsuk-card__description';
    var words = item.network ? item.network.name : '';
    if (item.dueText) {
      words += (words ? '. ' : '') + 'By ' + item.dueText;
    }
    description.textContent = words;
    content.appendChild(heading);
    content.appendChild(description);
    cardBox.appendChild(content);
    li.appendChild(cardBox);
    return li;
  }

  function refresh() {
    fetch('/api/me/home', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (!body) {
          return;
        }
        list.replaceChildren.apply(list, body.needsYou.map(card));
        empty.hidden = body.needsYou.length > 0;
        home.setAttribute('data-hub-refreshed', String(Date.now()));
      })
      .catch(function () {});
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  }

  window.hubLive.subscribe('hub.client.user.' + userId, soon, soon);
  (home.getAttribute('data-networks') || '').split(' ').filter(Boolean).forEach(function (networkId) {
    window.hubLive.subscribe('hub.client.network.' + networkId, soon);
  });
}());
