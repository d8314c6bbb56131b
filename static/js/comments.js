/* Comments: "Reageren" opens a reply box right under the comment (without JavaScript the link
   reloads the page with that box), a form is sent only once however often it is clicked, and a
   small toolbar types light Markdown (bold, italic, link, list, @) into the box. */
(function () {
  "use strict";
  // The toolbar sits right above the textarea, under its label; reply boxes copy it with the form.
  document.querySelectorAll(".js-comment-form .comment-toolbar").forEach(function (toolbar) {
    var textarea = toolbar.closest("form").querySelector("textarea");
    if (!textarea) { return; }
    textarea.parentNode.insertBefore(toolbar, textarea);
    toolbar.hidden = false;
  });

  function insert(textarea, before, after, placeholder) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    var chosen = textarea.value.slice(start, end) || placeholder || "";
    textarea.setRangeText(before + chosen + after, start, end, "end");
    if (chosen === placeholder || !after) {
      textarea.setSelectionRange(start + before.length, start + before.length + chosen.length);
    }
    textarea.focus();
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }
  var FORMATS = {
    bold: function (t) { insert(t, "**", "**"); },
    italic: function (t) { insert(t, "*", "*"); },
    link: function (t, button) {
      var start = t.selectionStart, chosen = t.value.slice(start, t.selectionEnd) || button.dataset.placeholder;
      t.setRangeText("[" + chosen + "](https://)", start, t.selectionEnd, "end");
      t.setSelectionRange(start + chosen.length + 3, start + chosen.length + 11);   // "https://" selected
      t.focus();
    },
    list: function (t) {
      // Markdown starts a list only after a blank line (or right after another item).
      var before = t.value.slice(0, t.selectionStart);
      var lines = before.split("\n");
      var current = lines[lines.length - 1], previous = lines[lines.length - 2];
      var prefix;
      if (!before.trim()) { prefix = ""; }
      else if (/^\s*[-*] /.test(current)) { prefix = "\n"; }
      else if (current === "" && (previous === "" || /^\s*[-*] /.test(previous || ""))) { prefix = ""; }
      else { prefix = current === "" ? "\n" : "\n\n"; }
      insert(t, prefix + "- ", "");
    },
    mention: function (t) {
      var before = t.value.slice(0, t.selectionStart);
      insert(t, before && !/\s$/.test(before) ? " @" : "@", "");
    }
  };
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".comment-toolbar button");
    if (!button) { return; }
    FORMATS[button.dataset.format](button.closest("form").querySelector("textarea"), button);
  });
  document.addEventListener("keydown", function (event) {
    var textarea = event.target;
    if (!(event.ctrlKey || event.metaKey) || !textarea.matches || !textarea.matches(".js-comment-form textarea")) { return; }
    var format = { b: "bold", i: "italic" }[event.key.toLowerCase()];
    if (format) { event.preventDefault(); FORMATS[format](textarea); }
  });

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
    // A copy of a box sent back with an error: the error stays with that box.
    textarea.removeAttribute("aria-invalid");
    textarea.removeAttribute("autofocus");
    var described = (textarea.getAttribute("aria-describedby") || "").split(" ").filter(function (id) { return id && id !== "id_body_error"; });
    textarea.setAttribute("aria-describedby", described.join(" "));
    var label = form.querySelector("label");
    if (label) { label.setAttribute("for", textarea.id); label.textContent = link.closest(".comment-thread").dataset.replyLabel + " " + link.dataset.name; }
    // The box starts empty: the label says whom it answers, and the thread shows it after (indented,
    // or "in reactie op" deeper down). An "@naam, " written in advance put a mention in people's
    // mouths that they had not typed.
    textarea.value = "";
    box.appendChild(form);
    article.appendChild(box);
    textarea.focus();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
  });
})();
