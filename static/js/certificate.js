// Progressive enhancement for the certificate page: shows the print button
// and binds it to the browser's print dialogue. Without JavaScript the button
// stays hidden and the page says to use the browser's Print command.
(function () {
  'use strict';
  var button = document.getElementById('print-certificate');
  if (!button || typeof window.print !== 'function') return;
  button.hidden = false;
  var hint = document.getElementById('print-hint');
  if (hint) hint.hidden = true;
  button.addEventListener('click', function () { window.print(); });
})();
