/* Autosave and the leave warning for the post form, with or without the visual editor.
   The title, text, tags and publication time are kept in this browser per post (localStorage, by
   the form's data-autosave-id) while writing; opening the form again offers them back in a notice
   ("Herstellen" / "Weggooien"). Leaving with unsaved changes asks first; sending the form does not. */
(function () {
  "use strict";
  /* `editing.sync()` writes the editor's current text into `textarea`; `editing.setBody(text)`
     shows a restored text. Returns { changed() } for edits the form's input events do not see. */
  window.blognetAutosave = function (form, textarea, editing) {
    var text = form.dataset;
    var setBody = editing.setBody || function (body) { textarea.value = body; };
    var FIELDS = ["title", "tag_names", "published_at"];
    var storageKey = "blognet-autosave:" + text.autosaveId;
    var submitting = false;
    var syncBody = editing.sync || function () {};

    function field(name) { return form.elements.namedItem(name); }
    function snapshot() {
      syncBody();
      var values = { body: textarea.value };
      FIELDS.forEach(function (name) { if (field(name)) { values[name] = field(name).value; } });
      return values;
    }
    function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
    function stored() {
      try { return JSON.parse(window.localStorage.getItem(storageKey) || "null"); } catch (e) { return null; }
    }
    function forget() { try { window.localStorage.removeItem(storageKey); } catch (e) { /* private mode */ } }

    var initial = null;   // what the page was opened with
    var saveTimer = null;
    function saveNow() {
      clearTimeout(saveTimer);
      if (submitting || initial === null) { return; }
      var values = snapshot();
      try {
        if (same(values, initial)) { window.localStorage.removeItem(storageKey); return; }
        values.saved_at = Date.now();
        window.localStorage.setItem(storageKey, JSON.stringify(values));
      } catch (e) { /* storage full or disabled: the form still works */ }
    }
    function saveSoon() {
      clearTimeout(saveTimer);
      saveTimer = setTimeout(saveNow, 600);
    }
    form.addEventListener("input", saveSoon);
    form.addEventListener("change", saveSoon);
    window.addEventListener("pagehide", saveNow);   // also what was typed in the last moment

    // A page shown again after a refused submit holds unsaved text from the start.
    var refused = form.querySelector(".is-invalid, .invalid-feedback, .alert-danger") !== null;
    window.addEventListener("beforeunload", function (event) {
      if (submitting || (!refused && same(snapshot(), initial))) { return; }
      event.preventDefault();
      event.returnValue = "";   // older browsers ask only when this is set
    });
    form.addEventListener("submit", function () {
      syncBody();
      submitting = true;
      clearTimeout(saveTimer);
      forget();
    });

    function offerRestore() {
      var saved = stored();
      var notice = document.getElementById("autosave-notice");
      if (!saved || !notice) { return; }
      var current = snapshot();
      delete saved.saved_at;
      var savedAt = stored().saved_at;
      if (same(Object.assign({}, current, saved), current)) { forget(); return; }
      var when = notice.querySelector("[data-autosave-time]");
      when.textContent = new Date(savedAt).toLocaleString(document.documentElement.lang || "nl", {
        weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit"
      });
      notice.hidden = false;
      notice.addEventListener("click", function (event) {
        var action = event.target.dataset && event.target.dataset.autosave;
        if (!action) { return; }
        if (action === "restore") {
          FIELDS.forEach(function (name) { if (field(name) && name in saved) { field(name).value = saved[name]; } });
          setBody(saved.body || "");
          saveSoon();
        } else {
          forget();
        }
        notice.hidden = true;
        (field("title") || textarea).focus();
      });
    }

    initial = snapshot();
    offerRestore();
    return { changed: saveSoon };
  };
})();
