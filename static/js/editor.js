/* The post editor: EasyMDE over the plain textarea, which works on its own without JavaScript.
   Nothing is loaded from the internet: icons come from the vendored Font Awesome, spelling is
   left to the browser (which knows Dutch), the preview comes from Blognet's own pipeline. */
(function () {
  "use strict";
  var form = document.getElementById("post-form");
  var textarea = form && form.querySelector("textarea.js-markdown-editor");
  if (!form || !textarea || typeof EasyMDE === "undefined") { return; }

  var csrfToken = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function post(url, body, accept) {
    return fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken, "Accept": accept || "application/json" }
    });
  }

  var editor;
  var previewTimer;
  var PREVIEW_PAUSE_MS = 1000;
  function uploadImage(file, onSuccess, onError) {
    var alt = window.prompt(form.dataset.altPrompt, "");
    if (!alt || !alt.trim()) { onError(form.dataset.altRequired); return; }
    var body = new FormData();
    body.append("image", file);
    body.append("alt_text", alt.trim());
    post(form.dataset.uploadUrl, body).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) { throw new Error(data.error); }
        // EasyMDE inserts its uploadedImage template; put the alt text in it first.
        editor.options.insertTexts.uploadedImage = ["![" + alt.trim().replace(/[\[\]]/g, "") + "](#url#)", ""];
        onSuccess(data.url);
      });
    }).catch(function (error) { onError(error.message || String(error)); });
  }

  editor = new EasyMDE({
    element: textarea,
    forceSync: true,
    autoDownloadFontAwesome: false,
    spellChecker: false,
    nativeSpellcheck: true,
    inputStyle: "contenteditable",
    status: ["upload-image"],
    minHeight: "300px",
    uploadImage: true,
    imageAccept: "image/jpeg, image/png, image/gif, image/webp",
    imageMaxSize: 10 * 1024 * 1024,
    imageUploadFunction: uploadImage,
    imageTexts: { sbInit: "", sbOnDragEnter: "", sbOnDrop: form.dataset.uploading, sbProgress: form.dataset.uploading, sbOnUploaded: "" },
    autosave: { enabled: true, uniqueId: form.dataset.autosaveId, delay: 1000, text: "" },
    toolbar: [
      "bold", "italic", "heading", "|", "quote", "unordered-list", "ordered-list", "|",
      "link", "upload-image", "table", "|", "preview", "side-by-side", "fullscreen"
    ],
    promptURLs: false,
    previewRender: function (markdown, preview) {
      // Side by side, this runs on every keystroke: ask the server once typing pauses (the
      // server limits previews per person, see blogs.views.markdown_preview).
      clearTimeout(previewTimer);
      previewTimer = setTimeout(function () {
        var body = new FormData();
        body.append("body", markdown);
        post(form.dataset.previewUrl, body).then(function (r) { return r.json(); })
          .then(function (data) {
            // The HTML comes from Blognet's own sanitizing pipeline; an error is plain text.
            if (data.error) { preview.textContent = data.error; } else { preview.innerHTML = data.html; }
          });
      }, PREVIEW_PAUSE_MS);
      return preview.innerHTML || form.dataset.previewLoading;
    }
  });
  // Let the textarea's label point at the editor people actually type in.
  var label = document.querySelector("label[for='" + textarea.id + "']");
  var input = editor.codemirror.getInputField();
  if (label && input) { input.setAttribute("aria-label", label.textContent.trim()); }
  if (window.blognetMentions) { window.blognetMentions(editor.codemirror); }
  form.addEventListener("submit", function () { editor.clearAutosavedValue(); });
})();
