// Library page: lets a file be dropped onto the upload form (the plain file input works without this), and
// tells the reader of documents added or updated since the page was rendered. The page carries the number of
// the last network event it reflects, so an event is announced once even across reconnections.
(function () {
  'use strict';
  var zone = document.querySelector('[data-drop-zone]');
  var input = zone && zone.querySelector('input[type=file]');
  if (zone && input && window.DataTransfer) {
    var hint = document.createElement('p');
    hint.className = 'nhsuk-body-s';
    hint.textContent = 'Or drag a file here.';
    zone.insertBefore(hint, input);
    ['dragenter', 'dragover'].forEach(function (name) {
      zone.addEventListener(name, function (e) {
        e.preventDefault();
        zone.classList.add('hub-drop-zone--active');
      });
    });
    zone.addEventListener('dragleave', function () {
      zone.classList.remove('hub-drop-zone--active');
    });
    zone.addEventListener('drop', function (e) {
      e.preventDefault();
      zone.classList.remove('hub-drop-zone--active');
      if (!e.dataTransfer || !e.dataTransfer.files.length) {
        return;
      }
      var files = new DataTransfer();
      files.items.add(e.dataTransfer.files[0]);
      input.files = files.files;
      var title = document.getElementById('title');
      if (title && !title.value) {
        title.value = e.dataTransfer.files[0].name.replace(/\.[^.]+$/, '');
      }
      hint.textContent = 'Selected ' + e.dataTransfer.files[0].name + '.';
    });
  }

  var root = document.querySelector('[data-library-live]');
  if (!root || !window.hubLive) {
    return;
  }
  var news = document.querySelector('[data-library-news]');
  var folderId = root.getAttribute('data-folder-id');
  window.hubLive.networkEvents(root.getAttribute('data-network-id'), Number(root.getAttribute('data-latest-seq')),
    function (event, applied) {
      root.setAttribute('data-applied-seq', String(applied));
      var doc = event.document;
      if (!doc || (event.type !== 'document.created' && event.type !== 'document.version')) {
        return;
      }
      if (folderId && doc.folderId !== folderId) {
        return;
      }
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = '/documents/' + doc.id;
      link.textContent = doc.title;
      item.appendChild(link);
      item.appendChild(document.createTextNode(event.type === 'document.created'
        ? ' was added by ' + (doc.uploadedBy ? doc.uploadedBy.displayName : 'someone')
        : ' has a new version (version ' + doc.version + ')'));
      news.querySelector('ul').appendChild(item);
      news.hidden = false;
    });
})();
