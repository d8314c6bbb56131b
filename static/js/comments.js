/* Comments: "Reageren" opens a reply box right under the comment (without JavaScript the link
   reloads the page with that box), and a form is sent only once however often it is clicked. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList.contains("js-comment-form")) { return; }
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
    form.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = true; });
  });

  var mainForm = document.querySelector("section .js-comment-form");
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".js-reply");
    if (!link || !mainForm) { return; }
    event.preventDefault();
    var article = link.closest("article");
    var existing = article.querySelector(".js-reply-box");
    if (existing) { existing.querySelector("textarea").focus(); return; }
    var box = document.createElement("div");
    box.className = "js-reply-box mt-2";
    var form = mainForm.cloneNode(true);
    var parent = form.querySelector("input[name=parent]") || document.createElement("input");
    parent.type = "hidden"; parent.name = "parent"; parent.value = link.dataset.comment;
    form.appendChild(parent);
    var key = form.querySelector("input[name=submission_key]");
    if (key && window.crypto && crypto.randomUUID) { key.value = crypto.randomUUID(); }
    form.querySelectorAll(".invalid-feedback, .alert").forEach(function (node) { node.remove(); });
    var textarea = form.querySelector("textarea");
    textarea.id = "id_body_reply_" + link.dataset.comment;
    textarea.classList.remove("is-invalid");
    var label = form.querySelector("label");
    if (label) { label.setAttribute("for", textarea.id); label.textContent = link.closest(".comment-thread").dataset.replyLabel + " " + link.dataset.name; }
    textarea.value = "@" + link.dataset.username + ", ";
    box.appendChild(form);
    article.appendChild(box);
    textarea.focus();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
  });
})();
