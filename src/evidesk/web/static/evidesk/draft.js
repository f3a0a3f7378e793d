// The drafting form's completeness check, refreshed as the user types. Without script the page
// still works: the check is shown when the page loads and in the document itself.
(function () {
  "use strict";
  var form = document.getElementById("draft-form");
  var target = document.getElementById("findings");
  if (!form || !target) { return; }
  var timer = null;
  var asked = 0; // checks asked for so far
  var shown = ""; // the check the script last put on the page
  function refresh() {
    clearTimeout(timer);
    var number = ++asked;
    var body = new FormData(form);
    fetch(form.dataset.checkUrl, {
      method: "POST",
      body: body,
      headers: { "X-CSRFToken": body.get("csrfmiddlewaretoken") },
      credentials: "same-origin",
    })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        // An older answer arriving late must not replace a newer one, and the same check again
        // leaves the page alone, so a list of sources the reader has opened stays open.
        if (html === null || number !== asked || html === shown) { return; }
        shown = html;
        target.innerHTML = html;
      })
      .catch(function () { /* offline or signed out: keep the last check */ });
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
  form.addEventListener("change", refresh);
}());
