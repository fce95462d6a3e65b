// Live preview for the web editor (docs/authoring.md). Progressive
// enhancement only: without this script the Preview button does the same
// with a full page load. A second after typing stops, the form is posted
// with action=preview and the page's preview section is replaced by the
// one in the answer.
(function () {
  "use strict";
  var form = document.querySelector("form[data-preview]");
  var preview = document.getElementById("preview");
  if (!form || !preview || !window.fetch || !window.DOMParser) return;
  var text = form.querySelector("textarea[name=text]");
  var timer = null;
  var running = null;
  function refresh() {
    var body = new URLSearchParams(new FormData(form));
    body.set("action", "preview");
    if (running) running.abort();
    running = new AbortController();
    fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      signal: running.signal
    }).then(function (res) {
      return res.text();
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var fresh = doc.getElementById("preview");
      if (fresh) preview.innerHTML = fresh.innerHTML;
    }).catch(function () { /* a failed live preview leaves the button working */ });
  }
  text.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 1000);
  });
})();
