// Shows how far a large upload has gone. Without script the form still posts normally.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  var bar = document.getElementById("upload-progress");
  var status = document.getElementById("upload-status");
  if (!form || !bar || !window.XMLHttpRequest) { return; }
  // The words come from the page, in the reader's language; the limit is the server's.
  var say = form.dataset;
  var limit = Number(say.limitBytes || 0);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var total = 0;
    Array.prototype.forEach.call(form.querySelectorAll("input[type=file]"), function (input) {
      Array.prototype.forEach.call(input.files, function (file) { total += file.size; });
    });
    if (limit && total > limit) {  // refused here rather than after hours of sending
      status.textContent = say.tooLarge;
      return;
    }
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
      status.textContent = say.storing;
    });
    request.addEventListener("load", function () {
      if (request.status === 413) {  // the server (or its proxy) refused the size
        status.textContent = say.tooLarge;
        return;
      }
      document.open();
      document.write(request.responseText);
      document.close();
      if (request.responseURL) { window.history.replaceState(null, "", request.responseURL); }
    });
    request.addEventListener("error", function () {
      status.textContent = say.failed;
    });
    request.send(new FormData(form));
  });
}());
