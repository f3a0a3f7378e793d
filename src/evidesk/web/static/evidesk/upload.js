// Shows how far a large upload has gone. Without script the form still posts normally. Its
// words come translated from the page (data-stored, data-failed), in the reader's language.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  var bar = document.getElementById("upload-progress");
  var status = document.getElementById("upload-status");
  if (!form || !bar || !window.XMLHttpRequest) { return; }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var request = new XMLHttpRequest();
    request.open("POST", window.location.href);
    bar.hidden = false;
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        bar.value = Math.round((100 * e.loaded) / e.total);
        status.textContent = bar.value + "%";
      }
    });
    request.upload.addEventListener("load", function () {
      status.textContent = status.dataset.stored;
    });
    request.addEventListener("load", function () {
      document.open();
      document.write(request.responseText);
      document.close();
      if (request.responseURL) { window.history.replaceState(null, "", request.responseURL); }
    });
    request.addEventListener("error", function () {
      status.textContent = status.dataset.failed;
    });
    request.send(new FormData(form));
  });
}());
