// Suggestions while writing a mention: typing "@" and the start of a name or role title in a composer lists the
// network's matching members and role titles (GET /api/networks/{id}/mentionables). The list is a listbox the
// box points at with aria-activedescendant, as the ARIA combobox pattern does: Up and Down move through it,
// Enter or Tab chooses, Escape closes; a status line tells screen reader users how many there are. Without
// JavaScript, typing "@Priya Shah" in full mentions just the same.
(function () {
  'use strict';
  var MAX_TYPED = 40;

  document.querySelectorAll('form[data-mentions]').forEach(function (form, index) {
    var text = form.querySelector('textarea[name="body"]');
    if (!text) {
      return;
    }
    var url = form.getAttribute('data-mentions');
    var listId = 'mention-suggestions-' + index;
    var list = document.createElement('ul');
    list.id = listId;
    list.className = 'hub-mentions';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', 'People and roles to mention');
    list.hidden = true;
    var status = document.createElement('p');
    status.className = 'nhsuk-u-visually-hidden';
    status.setAttribute('role', 'status');
    text.parentNode.insertBefore(list, text.nextSibling);
    text.parentNode.insertBefore(status, list.nextSibling);
    text.setAttribute('aria-controls', listId);

    var options = [];
    var active = -1;
    var typed = null;
    var asked = 0;
    var timer = null;

    // The mention being typed: an "@" at the start or after a space, and what follows it up to the caret.
    function typing() {
      var end = text.selectionStart;
      if (end !== text.selectionEnd) {
        return null;
      }
      var before = text.value.slice(Math.max(0, end - MAX_TYPED - 1), end);
      var at = before.lastIndexOf('@');
      if (at < 0) {
        return null;
      }
      var start = end - before.length + at;
      var q = before.slice(at + 1);
      var previous = start === 0 ? ' ' : text.value.charAt(start - 1);
      if (!/[\s(]/.test(previous) || /[\n@\[\]]/.test(q) || /^\s/.test(q) || q.length === 0 || q.split(' ').length > 4) {
        return null;
      }
      return { start: start, end: end, q: q };
    }

    function close() {
      list.hidden = true;
      list.textContent = '';
      options = [];
      active = -1;
      typed = null;
      text.removeAttribute('aria-activedescendant');
    }

    function highlight(i) {
      active = i;
      options.forEach(function (option, n) {
        option.setAttribute('aria-selected', n === i ? 'true' : 'false');
      });
      if (i >= 0) {
        text.setAttribute('aria-activedescendant', options[i].id);
      } else {
        text.removeAttribute('aria-activedescendant');
      }
    }

    function choose(i) {
      var label = options[i].getAttribute('data-label');
      var value = text.value;
      var inserted = '@' + label + ' ';
      text.value = value.slice(0, typed.start) + inserted + value.slice(typed.end);
      var caret = typed.start + inserted.length;
      text.setSelectionRange(caret, caret);
      close();
      status.textContent = label + ' will be mentioned';
      text.dispatchEvent(new Event('input', { bubbles: true }));
    }

    function show(found, mention) {
      list.textContent = '';
      options = [];
      typed = mention;
      found.forEach(function (item, n) {
        var option = document.createElement('li');
        option.id = listId + '-' + n;
        option.className = 'hub-mentions__option';
        option.setAttribute('role', 'option');
        option.setAttribute('data-label', item.label);
        option.textContent = item.label;
        if (item.detail) {
          var detail = document.createElement('span');
          detail.className = 'hub-mentions__detail';
          detail.textContent = ' (' + (item.kind === 'role' ? 'role, ' : '') + item.detail + ')';
          option.appendChild(detail);
        }
        option.addEventListener('mousedown', function (event) {
          event.preventDefault(); // keeps the caret in the box
          choose(n);
        });
        list.appendChild(option);
        options.push(option);
      });
      list.hidden = options.length === 0;
      highlight(options.length ? 0 : -1);
      status.textContent = options.length === 0 ? ''
        : options.length + (options.length === 1 ? ' person or role' : ' people and roles')
          + ' to mention: Up and Down to move, Enter to choose';
    }

    function lookUp() {
      var mention = typing();
      if (!mention) {
        close();
        return;
      }
      var ticket = ++asked;
      fetch(url + '?q=' + encodeURIComponent(mention.q), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (response) {
          return response.ok ? response.json() : { mentionables: [] };
        })
        .then(function (body) {
          if (ticket === asked) {
            show(body.mentionables || [], mention);
          }
        })
        .catch(close);
    }

    text.addEventListener('input', function (event) {
      if (event.isTrusted === false && !typed) {
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(lookUp, 150);
    });
    text.addEventListener('keydown', function (event) {
      if (list.hidden || options.length === 0) {
        return;
      }
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        var step = event.key === 'ArrowDown' ? 1 : -1;
        highlight((active + step + options.length) % options.length);
      } else if ((event.key === 'Enter' || event.key === 'Tab') && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === 'Escape') {
        event.preventDefault();
        close();
      }
    });
    text.addEventListener('blur', function () {
      setTimeout(close, 100);
    });
  });
})();
