// Network directory: without JavaScript the tree is a plain nested list, every network showing. With it, the
// networks inside each network fold away behind a toggle button, so the top of the tree fits on a screen; the
// button says how many networks it shows and whether they are showing (aria-expanded).
(function () {
  'use strict';
  var tree = document.querySelector('[data-tree]');
  if (!tree) {
    return;
  }
  tree.querySelectorAll('[data-inside]').forEach(function (inside) {
    var item = inside.parentElement;
    var link = item.querySelector('a');
    var count = inside.children.length;
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'hub-link-button hub-tree__toggle';
    button.setAttribute('aria-controls', inside.id);
    function label(open) {
      button.setAttribute('aria-expanded', open ? 'true' : 'false');
      button.textContent = (open ? 'Hide the ' : 'Show the ') + count + (count === 1 ? ' network' : ' networks')
        + ' in ' + link.textContent;
      inside.hidden = !open;
    }
    button.addEventListener('click', function () {
      label(inside.hidden);
    });
    label(false);
    inside.parentElement.insertBefore(button, inside);
  });
  tree.classList.add('hub-tree--folding');
})();
