/* Reactions (👍 eens, ❤️ mooi, 💡 goed idee, 🙏 bedankt) without a page reload: the bar's form is
   sent with fetch and replaced by the bar the server sends back. Without JavaScript the same form
   posts and the page comes back at the item. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList.contains("js-reactions") || form.dataset.plain || !window.fetch) { return; }
    var button = event.submitter;
    if (!button || form.dataset.busy) { event.preventDefault(); return; }
    event.preventDefault();
    form.dataset.busy = "1";
    var data = new FormData(form);
    data.append(button.name, button.value);
    var wanted = button.value;
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: {
        "Accept": "application/json",
        "X-CSRFToken": form.querySelector("input[name=csrfmiddlewaretoken]").value
      }
    }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    }).then(function (answer) {
      var holder = document.createElement("div");
      holder.innerHTML = answer.html;
      var bar = holder.firstElementChild;
      var open = form.querySelector("details[open]");
      if (open && bar.querySelector("details")) { bar.querySelector("details").open = true; }
      form.replaceWith(bar);
      var again = bar.querySelector("button[value='" + wanted + "']");
      if (again) { again.focus(); }
    }).catch(function () {
      // The page way, as without JavaScript: the server answers with the item again (or says why not).
      form.dataset.plain = "1";
      if (form.requestSubmit) { form.requestSubmit(button); } else { form.submit(); }
    });
  });
})();
