// Progressive enhancement for the quiz form (the form works without it):
// - before sending with unanswered questions, a warning in the page lists them
//   ("Quay lại làm tiếp" / "Vẫn nộp bài"); the server asks again on its own
//   page when this script does not run.
(function () {
  'use strict';
  var form = document.getElementById('questions');
  if (!form) return;

  // --- Unanswered questions ---------------------------------------------
  function answered(fieldset) {
    var inputs = fieldset.querySelectorAll('input, select');
    for (var i = 0; i < inputs.length; i++) {
      var el = inputs[i];
      if (el.type === 'radio' || el.type === 'checkbox') {
        if (el.checked) return true;
      } else if (el.value.trim() !== '') {
        return true;
      }
    }
    return false;
  }

  function unanswered() {
    var out = [];
    var questions = form.querySelectorAll('fieldset.question');
    for (var i = 0; i < questions.length; i++) {
      if (!answered(questions[i])) out.push({ number: i + 1, fieldset: questions[i] });
    }
    return out;
  }

  var warning = document.getElementById('quiz-warning');
  var confirmed = false;
  function showWarning(missing) {
    var list = warning.querySelector('.quiz-unanswered');
    var label = list.getAttribute('data-label');
    list.textContent = '';
    missing.forEach(function (m) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = '#' + m.fieldset.id;
      a.textContent = label + ' ' + m.number;
      li.appendChild(a);
      list.appendChild(li);
    });
    warning.hidden = false;
    warning.focus();
  }

  form.addEventListener('submit', function (e) {
    if (confirmed || !warning) return;
    var missing = unanswered();
    if (missing.length === 0) return;
    e.preventDefault();
    showWarning(missing);
  });

  if (warning) {
    warning.querySelector('[data-quiz="back"]').addEventListener('click', function () {
      warning.hidden = true;
      var missing = unanswered();
      var target = missing.length ? missing[0].fieldset.querySelector('input, select') : null;
      if (target) target.focus();
    });
    warning.querySelector('[data-quiz="send"]').addEventListener('click', function () {
      confirmed = true;
      var field = document.createElement('input');
      field.type = 'hidden';
      field.name = 'confirm';
      field.value = '1';
      form.appendChild(field);
      form.submit();
    });
  }

})();
