/* The post editor: a visual editor (TipTap, from static/vendor/blognet-editor/) over the plain
   Markdown textarea, which works on its own without JavaScript and is what the form sends. The editor
   only reads and writes Markdown; Blognet's server pipeline is the one way to HTML. Autosave and the
   leave warning are static/js/autosave.js. Every text people see comes from the template. */
(function () {
  "use strict";
  var form = document.getElementById("post-form");
  var textarea = form && form.querySelector("textarea[name=body]");
  if (!form || !textarea) { return; }
  var text = form.dataset;
  var csrfToken = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var IMAGE_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"];

  var Kit = window.BlognetEditor;
  if (!Kit || !window.blognetAutosave) {
    if (window.blognetAutosave) { window.blognetAutosave(form, textarea, {}); }
    return;
  }

  /* ---------- the visual editor ---------- */
  var template = document.getElementById("editor-template").content;
  var shell = template.querySelector(".visual-editor").cloneNode(true);
  var imageDialog = template.querySelector("#editor-image-dialog").cloneNode(true);
  var linkDialog = template.querySelector("#editor-link-dialog").cloneNode(true);
  document.body.appendChild(imageDialog);   // outside the post form: a dialog has a form of its own
  document.body.appendChild(linkDialog);
  textarea.insertAdjacentElement("afterend", shell);
  textarea.hidden = true;
  form.querySelectorAll(".js-no-editor").forEach(function (node) { node.hidden = true; });

  var toolbar = shell.querySelector(".editor-toolbar");
  var status = shell.querySelector(".editor-status");
  var fileInput = shell.querySelector("[data-image-input]");
  var label = document.querySelector("label[for='" + textarea.id + "']");
  var help = document.getElementById(textarea.id + "_helptext");
  var markdownHelp = help ? help.innerHTML : "";
  if (label) { label.id = label.id || textarea.id + "_label"; }

  function say(message) { status.textContent = message || ""; }

  // Mentions: "@username" in Markdown, as the server links them (TipTap's own form is a shortcode).
  var Mention = Kit.Mention.extend({
    renderMarkdown: function (node) { return "@" + node.attrs.id; }
  }).configure({
    HTMLAttributes: { "class": "mention" },
    renderText: function (props) { return "@" + props.node.attrs.id; },
    renderHTML: function (props) { return ["span", { "class": "mention", "data-type": "mention" }, "@" + props.node.attrs.id]; },
    suggestion: {
      char: "@",
      items: function (props) { return colleagues(props.query); },
      render: function () { return suggestionList(); }
    }
  });

  var latestQuery = "";
  function colleagues(query) {
    latestQuery = query;
    return fetch(text.suggestUrl + "?q=" + encodeURIComponent(query), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { return query === latestQuery ? data.results : []; })
      .catch(function () { return []; });
  }

  // The list of colleagues under the caret: a listbox the editor points at with aria-activedescendant.
  function suggestionList() {
    var list, props, active = 0;
    function items() { return props.items || []; }
    function draw() {
      if (!list) {
        list = document.createElement("ul");
        list.id = "editor-mentions";
        list.setAttribute("role", "listbox");
        list.className = "mention-suggestions list-group shadow";
        document.body.appendChild(list);
        list.addEventListener("mousedown", function (event) {
          var item = event.target.closest("[role=option]");
          if (item) { event.preventDefault(); choose(Number(item.dataset.index)); }
        });
      }
      list.textContent = "";
      items().forEach(function (person, i) {
        var item = document.createElement("li");
        item.id = "editor-mention-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", i === active ? "true" : "false");
        item.className = "list-group-item list-group-item-action" + (i === active ? " active" : "");
        item.dataset.index = i;
        item.textContent = person.name + " (@" + person.username + ")";
        list.appendChild(item);
      });
      list.hidden = !items().length;
      var rect = props.clientRect && props.clientRect();
      if (rect) {
        list.style.left = Math.max(4, Math.min(rect.left + window.scrollX, window.innerWidth - list.offsetWidth - 4)) + "px";
        list.style.top = (rect.bottom + window.scrollY + 4) + "px";
      }
      var dom = editor.view.dom;
      if (items().length) {
        dom.setAttribute("aria-controls", list.id);
        dom.setAttribute("aria-activedescendant", "editor-mention-" + active);
      } else {
        dom.removeAttribute("aria-activedescendant");
      }
    }
    function choose(index) {
      var person = items()[index];
      if (person) { props.command({ id: person.username, label: person.username }); }
    }
    return {
      onStart: function (p) { props = p; active = 0; draw(); },
      onUpdate: function (p) { props = p; active = 0; draw(); },
      onKeyDown: function (p) {
        var count = items().length;
        if (!count) { return false; }
        if (p.event.key === "ArrowDown") { active = (active + 1) % count; draw(); return true; }
        if (p.event.key === "ArrowUp") { active = (active - 1 + count) % count; draw(); return true; }
        if (p.event.key === "Enter" || p.event.key === "Tab") { choose(active); return true; }
        if (p.event.key === "Escape") { list.hidden = true; return true; }
        return false;
      },
      onExit: function () {
        if (list) { list.remove(); list = null; }
        editor.view.dom.removeAttribute("aria-activedescendant");
        editor.view.dom.removeAttribute("aria-controls");
      }
    };
  }

  var Shortcuts = Kit.Extension.create({
    name: "blognetShortcuts",
    addKeyboardShortcuts: function () {
      return { "Mod-k": function () { openLinkDialog(); return true; } };
    }
  });

  var visualChanged = false;   // the Markdown is rewritten only after an edit in the visual editor
  var editor = new Kit.Editor({
    element: shell.querySelector(".editor-surface"),
    extensions: [
      Kit.StarterKit.configure({
        heading: { levels: [1, 2, 3] },
        underline: false,   // the server's Markdown has no underline or strike-through
        strike: false,
        link: { openOnClick: false, autolink: true, protocols: ["mailto"], defaultProtocol: "https", HTMLAttributes: { rel: null, target: null } }
      }),
      Kit.Markdown.configure({ markedOptions: { gfm: true, breaks: true } }),
      Kit.Image.configure({ allowBase64: false }),
      Kit.TableKit.configure({ table: { resizable: false } }),
      Kit.Placeholder.configure({ placeholder: text.placeholder }),
      Mention,
      Shortcuts
    ],
    content: textarea.value,
    contentType: "markdown",
    editorProps: {
      attributes: {
        "class": "editor-content post-body",
        "role": "textbox",
        "aria-multiline": "true",
        "aria-label": text.editorLabel,
        "spellcheck": "true",
        "lang": document.documentElement.lang || "nl"
      },
      transformPastedHTML: cleanPastedHTML,
      handlePaste: function (view, event) {
        var files = imageFiles(event.clipboardData);
        if (!files.length) { return false; }
        event.preventDefault();
        addImage(files[0]);
        return true;
      },
      handleDrop: function (view, event) {
        var files = imageFiles(event.dataTransfer);
        if (!files.length) { return false; }
        event.preventDefault();
        var spot = view.posAtCoords({ left: event.clientX, top: event.clientY });
        if (spot) { editor.commands.setTextSelection(spot.pos); }
        addImage(files[0]);
        return true;
      }
    },
    onUpdate: function () {
      visualChanged = true;
      autosave.changed();
      if (status.textContent === text.uploaded) { say(""); }   // told once; writing on clears it
    },
    onTransaction: updateToolbar,
    onSelectionUpdate: updateToolbar
  });

  // TipTap leaves two blank lines around a table; one is enough (but code blocks keep theirs).
  // It also writes "&" as "&amp;": the server escapes a lone "&" itself, so "Boeken & koffie" can
  // stay readable in the Markdown (not where it would spell an entity, and never inside code).
  var LONE_AMP = /&amp;(?![a-zA-Z][a-zA-Z0-9]*;|#[0-9]+;|#x[0-9a-fA-F]+;)/g;
  function tidy(source) {
    var inCode = false, blank = 0, lines = [];
    source.split("\n").forEach(function (line) {
      if (/^\s*(```|~~~)/.test(line)) { inCode = !inCode; lines.push(line); blank = 0; return; }
      if (inCode) { lines.push(line); return; }
      blank = line.trim() ? 0 : blank + 1;
      if (blank > 1) { return; }
      lines.push(line.split("`").map(function (part, i) { return i % 2 ? part : part.replace(LONE_AMP, "&"); }).join("`"));
    });
    return lines.join("\n").replace(/\s+$/, "");
  }
  function markdown() {
    // An @handle typed without choosing from the list is text, and text escapes "_": the server
    // would not see "@jan\_smit" as a mention.
    return tidy(editor.getMarkdown()).replace(/(^|[^\w.@/\\])@([A-Za-z0-9](?:[A-Za-z0-9.-]|\\_)*)/g, function (all, before, handle) {
      return before + "@" + handle.replace(/\\_/g, "_");
    });
  }
  var inMarkdown = false;
  function syncBody() {
    if (!inMarkdown && visualChanged) { textarea.value = markdown(); }
  }
  var autosave = window.blognetAutosave(form, textarea, {
    sync: syncBody,
    setBody: function (body) {
      textarea.value = body;
      if (!inMarkdown) { editor.commands.setContent(body, { contentType: "markdown", emitUpdate: false }); visualChanged = false; }
    }
  });

  editor.view.dom.id = textarea.id + "_editor";
  toolbar.setAttribute("aria-controls", editor.view.dom.id);
  // The textarea's label names the visual editor, and clicking it goes there.
  if (label) {
    editor.view.dom.removeAttribute("aria-label");
    editor.view.dom.setAttribute("aria-labelledby", label.id);
    label.addEventListener("click", function (event) { if (!inMarkdown) { event.preventDefault(); editor.commands.focus(); } });
  }
  if (help) {
    help.innerHTML = "";
    help.textContent = text.visualHelp;
    editor.view.dom.setAttribute("aria-describedby", help.id);
  }

  /* ---------- the toolbar ---------- */
  var buttons = Array.prototype.slice.call(toolbar.querySelectorAll("button"));
  var COMMANDS = {
    heading1: function (c) { return c.toggleHeading({ level: 1 }); },
    heading2: function (c) { return c.toggleHeading({ level: 2 }); },
    bold: function (c) { return c.toggleBold(); },
    italic: function (c) { return c.toggleItalic(); },
    bulletList: function (c) { return c.toggleBulletList(); },
    orderedList: function (c) { return c.toggleOrderedList(); },
    blockquote: function (c) { return c.toggleBlockquote(); },
    table: function (c) { return c.insertTable({ rows: 3, cols: 3, withHeaderRow: true }); },
    addRow: function (c) { return c.addRowAfter(); },
    addColumn: function (c) { return c.addColumnAfter(); },
    deleteTable: function (c) { return c.deleteTable(); },
    undo: function (c) { return c.undo(); },
    redo: function (c) { return c.redo(); }
  };
  var ACTIVE = {
    heading1: ["heading", { level: 1 }], heading2: ["heading", { level: 2 }], bold: ["bold"], italic: ["italic"],
    link: ["link"], bulletList: ["bulletList"], orderedList: ["orderedList"], blockquote: ["blockquote"]
  };
  toolbar.addEventListener("mousedown", function (event) {
    // Keep the caret (and the selection) in the text while a button is clicked.
    if (event.target.closest("button") && !inMarkdown) { event.preventDefault(); }
  });
  toolbar.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    var name = button.dataset.command;
    if (name === "markdown") { toggleMarkdown(); return; }
    if (name === "link") { openLinkDialog(); return; }
    if (name === "image") { fileInput.click(); return; }
    COMMANDS[name](editor.chain().focus()).run();
  });
  function updateToolbar() {
    if (!editor || inMarkdown) { return; }
    buttons.forEach(function (button) {
      var active = ACTIVE[button.dataset.command];
      if (active) { button.setAttribute("aria-pressed", editor.isActive.apply(editor, active) ? "true" : "false"); }
    });
    toolbar.querySelector("[data-table-only]").hidden = !editor.isActive("table");
  }
  // One stop in the Tab order; the arrow keys move along the buttons (WAI-ARIA toolbar pattern).
  function visibleButtons() { return buttons.filter(function (b) { return b.offsetParent !== null; }); }
  function rove(to) {
    buttons.forEach(function (b) { b.tabIndex = -1; });
    to.tabIndex = 0;
  }
  rove(buttons[0]);
  toolbar.addEventListener("focusin", function (event) { if (event.target.matches("button")) { rove(event.target); } });
  toolbar.addEventListener("keydown", function (event) {
    var list = visibleButtons();
    var index = list.indexOf(document.activeElement);
    var next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: list.length - 1 }[event.key];
    if (index < 0 || next === undefined) { return; }
    event.preventDefault();
    var target = list[(next + list.length) % list.length];
    rove(target);
    target.focus();
  });

  /* ---------- Markdown view ---------- */
  var switchButton = toolbar.querySelector("[data-command=markdown]");
  var surface = shell.querySelector(".editor-surface");
  function toggleMarkdown() {
    if (!inMarkdown) {
      syncBody();
      inMarkdown = true;
      textarea.hidden = false;
      surface.hidden = true;
      shell.insertBefore(textarea, surface);
      if (help) { help.innerHTML = markdownHelp; }
      textarea.focus();
    } else {
      inMarkdown = false;
      editor.commands.setContent(textarea.value, { contentType: "markdown", emitUpdate: false });
      visualChanged = false;
      textarea.hidden = true;
      surface.hidden = false;
      if (help) { help.textContent = text.visualHelp; }
      editor.commands.focus();
    }
    switchButton.setAttribute("aria-pressed", inMarkdown ? "true" : "false");
    toolbar.setAttribute("aria-controls", inMarkdown ? textarea.id : editor.view.dom.id);
    toolbar.querySelectorAll("[data-visual-only]").forEach(function (group) { group.classList.toggle("d-none", inMarkdown); });
    if (!inMarkdown) { updateToolbar(); }
  }

  /* ---------- links ---------- */
  function openLinkDialog() {
    if (inMarkdown) { return; }
    var dialogForm = linkDialog.querySelector("form");
    var href = linkDialog.querySelector("[name=href]");
    var linkText = linkDialog.querySelector("[name=text]");
    var empty = editor.state.selection.empty && !editor.isActive("link");
    linkDialog.querySelector("[data-link-text-field]").hidden = !empty;
    linkDialog.querySelector("[data-unlink]").hidden = !editor.isActive("link");
    linkDialog.querySelector("[data-error]").textContent = "";
    href.value = editor.getAttributes("link").href || "";
    linkText.value = "";
    linkDialog.showModal();
    (empty ? linkText : href).focus();
    dialogForm.onsubmit = function (event) {
      event.preventDefault();
      var url = href.value.trim();
      if (/^www\./i.test(url)) { url = "https://" + url; }
      if (!/^(https?:\/\/[^\s]+|mailto:[^\s]+)$/i.test(url)) {
        linkDialog.querySelector("[data-error]").textContent = text.linkInvalid;
        href.focus();
        return;
      }
      linkDialog.close();
      var chain = editor.chain().focus();
      if (empty) {
        var words = linkText.value.trim() || url;
        chain.insertContent({ type: "text", text: words, marks: [{ type: "link", attrs: { href: url } }] }).unsetMark("link").insertContent(" ").run();
      } else {
        chain.extendMarkRange("link").setLink({ href: url }).run();
      }
    };
    linkDialog.querySelector("[data-unlink]").onclick = function () {
      linkDialog.close();
      editor.chain().focus().extendMarkRange("link").unsetLink().run();
    };
  }
  [linkDialog, imageDialog].forEach(function (dialog) {
    dialog.querySelector("[data-close]").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () { if (!inMarkdown) { editor.commands.focus(); } });
  });

  /* ---------- images: button, drag-and-drop, paste; always with a description ---------- */
  function imageFiles(transfer) {
    if (!transfer || !transfer.files) { return []; }
    return Array.prototype.filter.call(transfer.files, function (file) { return /^image\//.test(file.type); });
  }
  fileInput.addEventListener("change", function () {
    if (fileInput.files.length) { addImage(fileInput.files[0]); }
    fileInput.value = "";
  });

  function addImage(file) {
    if (IMAGE_TYPES.indexOf(file.type) === -1) { say(text.notAnImage); return; }
    var at = editor.state.selection.from;
    var preview = imageDialog.querySelector("[data-preview]");
    var alt = imageDialog.querySelector("[name=alt]");
    var error = imageDialog.querySelector("[data-error]");
    var blobUrl = URL.createObjectURL(file);
    preview.src = blobUrl;
    alt.value = "";
    error.textContent = "";
    imageDialog.showModal();
    alt.focus();
    imageDialog.querySelector("form").onsubmit = function (event) {
      event.preventDefault();
      var description = alt.value.trim();
      if (!description) { error.textContent = text.altRequired; alt.focus(); return; }
      imageDialog.close();
      upload(file, description, at, blobUrl);
    };
    imageDialog.addEventListener("close", function () {
      preview.removeAttribute("src");
    }, { once: true });
  }

  function upload(file, description, at, blobUrl) {
    say(text.uploading);
    var body = new FormData();
    body.append("image", file);
    body.append("alt_text", description);
    fetch(text.uploadUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken, "Accept": "application/json" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok || !data.url) { throw new Error(data.error || text.uploadFailed); }
        var position = Math.min(at, editor.state.doc.content.size);
        editor.chain().focus().insertContentAt(position, { type: "image", attrs: { src: data.url, alt: description } }).run();
        say(text.uploaded);
      });
    }).catch(function (failure) {
      say(failure && failure.message && failure.message !== "Failed to fetch" ? failure.message : text.uploadFailed);
    }).then(function () { URL.revokeObjectURL(blobUrl); });
  }

  /* ---------- pasting from Word and web pages ---------- */
  // The editor's schema already keeps only what it knows (headings, lists, links, emphasis, quotes,
  // tables, images) and drops styles, classes, scripts and event handlers. Word writes its lists as
  // paragraphs with a typed bullet in front: make those real lists first.
  function cleanPastedHTML(html) {
    if (!/mso-|urn:schemas-microsoft-com/i.test(html)) { return html; }
    var doc = new DOMParser().parseFromString(html, "text/html");
    doc.querySelectorAll("[style*='mso-list:Ignore'], [style*='mso-list: Ignore']").forEach(function (marker) {
      var li = marker.closest("p");
      if (li) { li.dataset.ordered = /^\s*\(?[0-9a-z]{1,3}[.)]/i.test(marker.textContent) ? "1" : "0"; }
      marker.remove();
    });
    doc.querySelectorAll("p[data-ordered]").forEach(function (paragraph) {
      var previous = paragraph.previousElementSibling;
      var tag = paragraph.dataset.ordered === "1" ? "OL" : "UL";
      var list = previous && previous.tagName === tag && previous.dataset.fromWord ? previous : null;
      if (!list) {
        list = doc.createElement(tag);
        list.dataset.fromWord = "1";
        paragraph.before(list);
      }
      var item = doc.createElement("li");
      while (paragraph.firstChild) { item.appendChild(paragraph.firstChild); }
      list.appendChild(item);
      paragraph.remove();
    });
    doc.querySelectorAll("o\\:p, style, script, meta, link, xml").forEach(function (node) { node.remove(); });
    return doc.body.innerHTML;
  }
})();
