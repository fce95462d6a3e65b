// Progressive enhancement for courses with `lesson_done: end`: when the
// lesson's done form (at the end of the lesson) comes into view, post it in
// the background, as if the learner had pressed the button. Without
// JavaScript, or where IntersectionObserver is missing, the button remains.
(function () {
  'use strict';
  var form = document.getElementById('lesson-done-form');
  if (!form || !form.hasAttribute('data-auto') || !('IntersectionObserver' in window) || !window.fetch) return;
  var sent = false;
  var observer = new IntersectionObserver(function (entries) {
    if (sent || !entries.some(function (e) { return e.isIntersecting; })) return;
    sent = true;
    observer.disconnect();
    var body = new URLSearchParams(new FormData(form));
    body.delete('next');  // stay on the page; the pager goes on
    fetch(form.action, { method: 'POST', body: body, credentials: 'same-origin', redirect: 'manual' })
      .then(function (res) {
        if (res.type !== 'opaqueredirect' && !res.ok) return;
        form.hidden = true;
        var done = document.getElementById('lesson-done-auto');
        if (done) done.hidden = false;
      })
      .catch(function () { sent = false; });
  }, { threshold: 1.0 });
  observer.observe(form);
})();
