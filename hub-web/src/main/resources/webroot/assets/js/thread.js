// Thread page: applies the network's live events that concern this thread (new, edited and deleted posts,
// reactions, pins and locks) to the page the server rendered, in the network's sequence and exactly once
// (hubLive.networkEvents), and never adds a post already on the page. It also shows who else is reading.
(function () {
  'use strict';
  var root = document.querySelector('[data-thread-id]');
  if (!root || !window.hubLive) {
    return;
  }
  var threadId = root.getAttribute('data-thread-id');
  var networkId = root.getAttribute('data-network-id');
  var userId = root.getAttribute('data-user-id');
  var hasMore = root.hasAttribute('data-has-more');
  var renderedSeq = Number(root.getAttribute('data-latest-seq'));
  var list = root.querySelector('[data-posts]');

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)hub_csrf=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : '';
  }

  function post(path, body, keepalive) {
    return fetch(path, {
      method: 'POST', credentials: 'same-origin', keepalive: !!keepalive,
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken() },
      body: JSON.stringify(body)
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function hidden(text) {
    return element('span', 'nhsuk-u-visually-hidden', text);
  }

  // The reaction buttons as the server renders them for a new post, from the page's template.
  function reactionButtons(p, name) {
    var template = root.querySelector('template[data-reactions-template]');
    if (!template) {
      return null;
    }
    var reactions = template.content.firstElementChild.cloneNode(true);
    // a reader who may react gets the post's one form of buttons; anyone else, its counts
    if (reactions.tagName === 'FORM') {
      reactions.setAttribute('action', '/posts/' + p.id + '/react');
    }
    reactions.querySelectorAll('.nhsuk-u-visually-hidden').forEach(function (span) {
      span.textContent = ' on the post by ' + name;
    });
    return reactions;
  }

  function csrfField() {
    var input = element('input');
    var any = document.querySelector('input[name="csrf"]');
    input.setAttribute('type', 'hidden');
    input.setAttribute('name', 'csrf');
    input.setAttribute('value', any ? any.value : csrfToken());
    return input;
  }

  // A post's papers as thread.ftlh lists them; null when it has none (or they are withheld from this reader)
  function papers(list) {
    if (!list || !list.length) {
      return null;
    }
    var ul = element('ul', 'nhsuk-list nhsuk-body-s hub-post__papers');
    ul.setAttribute('data-post-papers', '');
    ul.setAttribute('aria-label', 'Papers');
    list.forEach(function (paper) {
      var li = element('li');
      var link = element('a', null, paper.title);
      link.href = paper.href;
      link.setAttribute('download', '');
      li.appendChild(link);
      li.appendChild(document.createTextNode(' (' + paper.filename + ', ' + Math.ceil(paper.size / 1024) + ' KB)'));
      ul.appendChild(li);
    });
    return ul;
  }

  // puts the post's papers just after its body, replacing any listed before
  function showPapers(article, list) {
    var old = article.querySelector('[data-post-papers]');
    if (old) {
      old.parentNode.removeChild(old);
    }
    var body = article.querySelector('[data-post-body]');
    var listed = papers(list);
    if (body && listed) {
      body.parentNode.insertBefore(listed, body.nextSibling);
    }
  }

  // A post written while this page is open, built as the server renders it (thread.ftlh), so that it looks the
  // same before and after a reload; its time comes formatted with the event.
  function render(p) {
    var name = p.author && p.author.displayName ? p.author.displayName : 'A former member';
    var by = p.author && p.author.displayName ? p.author.displayName : 'a former member';
    var mine = p.author && p.author.id === userId;
    var article = element('article', 'hub-post hub-post--depth-' + p.depth + ' hub-post--new');
    article.id = 'post-' + p.id;
    article.setAttribute('data-post-id', p.id);
    article.setAttribute('data-path', p.path);
    article.setAttribute('data-position', String(p.position));
    if (p.author && p.author.id) {
      article.setAttribute('data-author-id', p.author.id);
    }
    article.setAttribute('aria-labelledby', 'post-' + p.id + '-by');
    var heading = element('h2', 'nhsuk-heading-xs nhsuk-u-margin-bottom-1', name + ' ');
    heading.id = 'post-' + p.id + '-by';
    heading.appendChild(element('span', 'nhsuk-body-s hub-post__when', p.when || ''));
    article.appendChild(heading);
    if (p.replyingTo) {
      var replying = element('p', 'nhsuk-body-s nhsuk-u-margin-bottom-1', 'Replying to ');
      var link = element('a', null, p.replyingTo.authorName || 'a former member');
      link.href = '#post-' + p.replyingTo.postId;
      replying.appendChild(link);
      article.appendChild(replying);
    }
    var body = element('div', 'hub-post__body');
    body.setAttribute('data-post-body', '');
    body.innerHTML = p.bodyHtml; // sanitised by the server (commonmark, then the OWASP policy)
    article.appendChild(body);
    var listed = papers(p.attachments);
    if (listed) {
      article.appendChild(listed);
    }
    var reactions = reactionButtons(p, by);
    if (reactions) {
      article.appendChild(reactions);
    }
    var actions = element('ul', 'hub-post__actions nhsuk-list nhsuk-body-s');
    actions.setAttribute('data-post-actions', '');
    if (root.hasAttribute('data-may-reply')) {
      var reply = element('li');
      var replyLink = element('a', null, 'Reply');
      replyLink.href = '/threads/' + threadId + '?post=' + (root.getAttribute('data-first-post-id') || p.id)
        + '&replyTo=' + p.id + '#composer';
      replyLink.appendChild(hidden(' to ' + by));
      reply.appendChild(replyLink);
      actions.appendChild(reply);
    }
    if (mine && !root.hasAttribute('data-locked')) {
      var edit = element('li');
      var editLink = element('a', null, 'Edit');
      editLink.href = '/posts/' + p.id + '/edit';
      editLink.appendChild(hidden(' your post'));
      edit.appendChild(editLink);
      actions.appendChild(edit);
    }
    if (!mine) {
      var report = element('li');
      var reportLink = element('a', null, 'Report');
      reportLink.href = '/posts/' + p.id + '/report';
      reportLink.appendChild(hidden(' the post by ' + by));
      report.appendChild(reportLink);
      actions.appendChild(report);
    }
    if (mine || root.hasAttribute('data-may-moderate')) {
      var remove = element('li');
      var form = element('form', 'hub-inline-form');
      form.setAttribute('action', '/posts/' + p.id + '/delete');
      form.setAttribute('method', 'post');
      form.setAttribute('novalidate', '');
      form.appendChild(csrfField());
      var button = element('button', 'hub-link-button', 'Delete');
      button.setAttribute('type', 'submit');
      button.appendChild(hidden(' the post by ' + by));
      form.appendChild(button);
      remove.appendChild(form);
      actions.appendChild(remove);
    }
    article.appendChild(actions);
    return article;
  }

  function insert(p) {
    if (document.getElementById('post-' + p.id)) {
      return;
    }
    var posts = list.querySelectorAll('[data-post-id]');
    var last = posts.length ? posts[posts.length - 1].getAttribute('data-path') : '';
    if (hasMore && p.path > last) {
      return; // it belongs on a later page, which is fetched fresh
    }
    var before = null;
    for (var i = 0; i < posts.length; i++) {
      if (posts[i].getAttribute('data-path') > p.path) {
        before = posts[i];
        break;
      }
    }
    list.insertBefore(render(p), before);
    markRead(p.id);
  }

  var readTimer = null;
  var readUpTo = null;
  function markRead(postId) {
    readUpTo = postId;
    clearTimeout(readTimer);
    readTimer = setTimeout(function () {
      if (document.visibilityState === 'visible' && readUpTo) {
        post('/api/threads/' + threadId + '/read', { upToPostId: readUpTo }).catch(function () {});
      }
    }, 1000);
  }

  function edited(p) {
    var article = document.getElementById('post-' + p.id);
    var body = article && article.querySelector('[data-post-body]');
    if (!body) {
      return;
    }
    body.innerHTML = p.bodyHtml; // sanitised by the server
    showPapers(article, p.attachments);
    var stamp = article.querySelector('.hub-post__when');
    if (stamp && !stamp.querySelector('a')) {
      var link = element('a', null, 'edited');
      link.href = '/posts/' + p.id + '/history';
      stamp.appendChild(document.createTextNode(' ('));
      stamp.appendChild(link);
      stamp.appendChild(document.createTextNode(')'));
    }
  }

  function deleted(postId) {
    var article = document.getElementById('post-' + postId);
    if (!article) {
      return;
    }
    var body = article.querySelector('[data-post-body]');
    var replacement = element('p', 'hub-post__body hub-post__deleted', 'This post has been deleted.');
    replacement.setAttribute('data-post-body', '');
    if (body) {
      body.parentNode.replaceChild(replacement, body);
    }
    ['[data-reactions]', '[data-post-actions]', '.hub-post__actions', '[data-post-papers]'].forEach(function (selector) {
      var node = article.querySelector(selector);
      if (node) {
        node.parentNode.removeChild(node);
      }
    });
  }

  // a hidden post keeps its text only on its author's page, with a notice; everyone else's loses it at once
  function postHidden(postId) {
    var article = document.getElementById('post-' + postId);
    var body = article && article.querySelector('[data-post-body]');
    if (!body) {
      return;
    }
    var own = article.getAttribute('data-author-id') === root.getAttribute('data-user-id');
    if (own) {
      if (!article.querySelector('[data-hidden-notice]')) {
        var notice = element('p', 'nhsuk-body-s hub-post__deleted',
          'Only you can see this post: it has been hidden while organisers review it.');
        notice.setAttribute('data-hidden-notice', '');
        body.parentNode.insertBefore(notice, body);
      }
      return;
    }
    var replacement = element('p', 'hub-post__body hub-post__deleted', 'This post has been hidden while organisers review it.');
    replacement.setAttribute('data-post-body', '');
    body.parentNode.replaceChild(replacement, body);
    showPapers(article, null);
  }

  function postRestored(postId, bodyHtml, attachments) {
    var article = document.getElementById('post-' + postId);
    var body = article && article.querySelector('[data-post-body]');
    if (!body || bodyHtml == null) {
      return;
    }
    var notice = article.querySelector('[data-hidden-notice]');
    if (notice) {
      notice.parentNode.removeChild(notice);
    }
    var shown = element('div', 'hub-post__body', '');
    shown.setAttribute('data-post-body', '');
    shown.innerHTML = bodyHtml; // sanitised by the server
    body.parentNode.replaceChild(shown, body);
    showPapers(article, attachments);
    offerReport(article, postId);
  }

  // a hidden post is rendered without "Report", so a page that saw it hidden offers it again once it is shown
  function offerReport(article, postId) {
    var actions = article.querySelector('[data-post-actions]');
    var own = article.getAttribute('data-author-id') === root.getAttribute('data-user-id');
    if (!actions || own || actions.querySelector('a[href$="/report"]')) {
      return;
    }
    var heading = document.getElementById('post-' + postId + '-by');
    var by = heading && heading.firstChild ? heading.firstChild.textContent.trim() : 'a member';
    var report = element('li');
    var reportLink = element('a', null, 'Report');
    reportLink.href = '/posts/' + postId + '/report';
    reportLink.appendChild(hidden(' the post by ' + by));
    report.appendChild(reportLink);
    var removal = actions.querySelector('form');
    actions.insertBefore(report, removal ? removal.closest('li') : null);
  }

  function reacted(postId, counts) {
    var article = document.getElementById('post-' + postId);
    if (!article) {
      return;
    }
    article.querySelectorAll('[data-reaction-count]').forEach(function (cell) {
      var count = counts[cell.getAttribute('data-reaction-count')] || 0;
      cell.textContent = String(count);
      // a reader who may not react sees only the reactions someone has given, as the server renders them
      var shown = cell.parentElement;
      if (shown.tagName === 'SPAN') {
        shown.hidden = count === 0;
      }
    });
  }

  function threadChanged(thread) {
    root.toggleAttribute('data-locked', !!thread.locked);
    var tags = root.querySelector('[data-thread-tags]');
    if (!tags) {
      return;
    }
    tags.textContent = '';
    if (thread.pinned) {
      tags.appendChild(element('strong', 'nhsuk-tag nhsuk-tag--blue', 'Pinned'));
    }
    if (thread.locked) {
      tags.appendChild(document.createTextNode(' '));
      tags.appendChild(element('strong', 'nhsuk-tag nhsuk-tag--grey', 'Locked'));
    }
  }

  function applyOne(event, applied) {
    var mine = event.threadId === threadId || (event.thread && event.thread.id === threadId);
    if (mine) {
      switch (event.type) {
        case 'post.created': insert(event.post); break;
        case 'post.edited': edited(event.post); break;
        case 'post.deleted': deleted(event.postId); break;
        case 'post.hidden': postHidden(event.postId); break;
        case 'post.restored': postRestored(event.postId, event.bodyHtml, event.attachments); break;
        case 'reaction.changed': reacted(event.postId, event.reactions); break;
        case 'thread.updated': threadChanged(event.thread); break;
        default: break;
      }
    }
    root.setAttribute('data-applied-seq', String(applied));
  }

  // Who else is reading: each open page says "here" every 20 seconds and "left" when it goes.
  var viewers = {};
  var presenceLine = root.querySelector('[data-presence]');
  function presence(event) {
    if (event.threadId !== threadId || event.userId === userId) {
      return;
    }
    var isNew = !viewers[event.userId];
    if (event.state === 'left') {
      delete viewers[event.userId];
    } else {
      viewers[event.userId] = { name: event.displayName, seen: Date.now() };
      if (isNew) {
        sayHere(); // so the newcomer learns about this reader at once
      }
    }
    showViewers();
  }

  function showViewers() {
    var now = Date.now();
    var names = [];
    Object.keys(viewers).forEach(function (id) {
      if (now - viewers[id].seen > 50000) {
        delete viewers[id];
      } else {
        names.push(viewers[id].name);
      }
    });
    presenceLine.hidden = names.length === 0;
    presenceLine.textContent = names.length ? 'Also reading now: ' + names.sort().join(', ') : '';
  }

  var lastSaid = 0;
  function sayHere() {
    if (Date.now() - lastSaid < 2000) {
      return;
    }
    lastSaid = Date.now();
    post('/api/threads/' + threadId + '/presence', { state: 'here' }).catch(function () {});
  }

  window.hubLive.networkEvents(networkId, renderedSeq, applyOne, presence, sayHere);
  setInterval(function () {
    sayHere();
    showViewers();
  }, 20000);
  window.addEventListener('pagehide', function () {
    post('/api/threads/' + threadId + '/presence', { state: 'left' }, true).catch(function () {});
  });
})();
