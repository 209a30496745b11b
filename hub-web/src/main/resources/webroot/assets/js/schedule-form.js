// The scheduling form with JavaScript: the repeat choices show only when "Repeats" is chosen, and of the "on"
// choices only those that fit the chosen unit (weekdays for weeks, a day or weekday of the month for months).
// Without it every choice shows and the server ignores those that do not apply, so the form works either way.
// The radios are not NHS.UK conditional radios because their script sets aria-expanded on a radio, which ARIA
// does not allow there.
(function () {
  var frequency = document.getElementById('frequency');
  var choices = document.getElementById('repeat-choices');
  var repeats = document.getElementById('repeats-yes');
  if (!frequency || !choices || !repeats) {
    return;
  }
  var groups = choices.querySelectorAll('[data-repeat-for]');
  function show() {
    choices.hidden = !repeats.checked;
    groups.forEach(function (group) {
      group.hidden = group.getAttribute('data-repeat-for') !== frequency.value;
    });
  }
  frequency.addEventListener('change', show);
  document.querySelectorAll('input[name="repeats"]').forEach(function (radio) {
    radio.addEventListener('change', show);
  });
  show();
})();
