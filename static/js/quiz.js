// Progressive enhancement for the quiz form (the form works without it):
// - before sending with unanswered questions, a warning in the page lists them
//   ("Quay lại làm tiếp" / "Vẫn nộp bài"); the server asks again on its own
//   page when this script does not run;
// - a timed attempt shows a live countdown; screen readers hear the minutes
//   left at most once a minute (the seconds are not announced);
// - an open attempt's answers are saved as a draft on every change, so that a
//   dropped connection loses nothing.
(function () {
  'use strict';
  var form = document.getElementById('questions');
  if (!form) return;

  // --- Unanswered questions ---------------------------------------------
  function answered(fieldset) {
    var inputs = fieldset.querySelectorAll('input, select, textarea');
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
    var submitter = e.submitter;
    if (submitter && submitter.hasAttribute('formaction')) return;  // "Lưu bài làm"
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
      var target = missing.length ? missing[0].fieldset.querySelector('input, select, textarea') : null;
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

  // --- Countdown ------------------------------------------------------
  var timer = form.querySelector('.quiz-timer');
  if (timer) {
    var end = Date.now() + Number(timer.getAttribute('data-seconds-left')) * 1000;
    var clock = timer.querySelector('.quiz-clock');
    var live = timer.querySelector('.quiz-time-left');
    var template = timer.getAttribute('data-template');
    var lastMinutes = null;
    clock.hidden = false;
    var two = function (n) { return (n < 10 ? '0' : '') + n; };
    var tick = function () {
      var left = Math.max(0, Math.floor((end - Date.now()) / 1000));
      clock.textContent = two(Math.floor(left / 60)) + ':' + two(left % 60);
      var minutes = Math.floor(left / 60);
      if (left === 0) {
        if (lastMinutes !== -1) live.textContent = timer.getAttribute('data-over');
        lastMinutes = -1;
        return;
      }
      if (minutes !== lastMinutes) {  // the live region changes once a minute
        live.textContent = template.replace('{minutes}', String(minutes));
        lastMinutes = minutes;
      }
      window.setTimeout(tick, 500);
    };
    lastMinutes = Math.floor(Math.max(0, end - Date.now()) / 60000);  // the page says it already
    tick();
  }

  // --- Drafts ---------------------------------------------------------
  if (!form.querySelector('input[name="attempt_id"]') || !window.fetch) return;
  var status = form.querySelector('.quiz-draft-status');
  var pending = null;
  var busy = false;
  var again = false;
  function save() {
    pending = null;
    if (busy) { again = true; return; }
    busy = true;
    var body = new URLSearchParams(new FormData(form));
    fetch(form.getAttribute('action') + '/draft', {
      method: 'POST',
      body: body,
      credentials: 'same-origin',
      headers: { 'Accept': 'application/json' }
    }).then(function (res) {
      if (!res.ok) {  // refused (the attempt was submitted or is over): no retry
        if (status) status.textContent = status.getAttribute('data-failed');
        return;
      }
      var now = new Date();
      var time = (now.getHours() < 10 ? '0' : '') + now.getHours() + ':' +
        (now.getMinutes() < 10 ? '0' : '') + now.getMinutes();
      var said = status ? status.getAttribute('data-saved').replace('{time}', time) : '';
      if (status && status.textContent !== said) status.textContent = said;  // said once a minute at most
      form.setAttribute('data-draft-saved', String(Date.now()));
    }).catch(function () {
      if (status && status.textContent !== status.getAttribute('data-failed')) {
        status.textContent = status.getAttribute('data-failed');
      }
      again = true;
    }).then(function () {
      busy = false;
      if (again && navigator.onLine !== false) { again = false; schedule(2000); }
    });
  }
  function schedule(ms) {
    if (pending) window.clearTimeout(pending);
    pending = window.setTimeout(save, ms);
  }
  form.addEventListener('change', function () { schedule(300); });
  form.addEventListener('input', function () { schedule(1000); });
  window.addEventListener('online', function () { schedule(100); });
})();
