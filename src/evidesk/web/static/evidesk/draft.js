// The drafting form's completeness check, refreshed as the user types. Without script the page
// still works: the check is shown when the page loads and in the document itself.
(function () {
  "use strict";
  var form = document.getElementById("draft-form");
  var target = document.getElementById("findings");
  if (!form || !target) { return; }
  var timer = null;
  function refresh() {
    var body = new FormData(form);
    fetch(form.dataset.checkUrl, {
      method: "POST",
      body: body,
      headers: { "X-CSRFToken": body.get("csrfmiddlewaretoken") },
      credentials: "same-origin",
    })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) { target.innerHTML = html; } })
      .catch(function () { /* offline or signed out: keep the last check */ });
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
  form.addEventListener("change", refresh);
}());
