/* @mention suggestions: typing @ in a comment box (or the post editor) lists matching colleagues,
   by username and name, from /people/suggest/. Textareas use the vendored <text-expander>
   element (keyboard and screen-reader ready); the post editor's CodeMirror gets the same list. */
(function () {
  "use strict";
  var script = document.getElementById("mentions-script");
  if (!script) { return; }
  var suggestUrl = script.dataset.suggestUrl;

  function fetchColleagues(text) {
    return fetch(suggestUrl + "?q=" + encodeURIComponent(text), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) { return data.results; });
  }

  // Answers can arrive out of order while someone types: keep only colleagues who still
  // match what has been typed by now, as the server matches them.
  var latest = "";
  function stillMatching(results) {
    var typed = latest.toLowerCase();
    return results.filter(function (person) {
      var name = person.name.toLowerCase();
      return person.username.indexOf(typed) === 0 || name.indexOf(typed) === 0 || name.indexOf(" " + typed) !== -1;
    });
  }

  function listbox(results) {
    var list = document.createElement("ul");
    list.setAttribute("role", "listbox");
    list.className = "mention-suggestions list-group shadow";
    results.forEach(function (person) {
      var item = document.createElement("li");
      item.setAttribute("role", "option");
      item.className = "list-group-item list-group-item-action";
      item.dataset.value = person.username;
      item.textContent = person.name + " (@" + person.username + ")";
      list.appendChild(item);
    });
    return list;
  }

  // The element's events do not bubble: listen in the capture phase, which also covers the
  // reply boxes that comments.js adds later.
  // The element closes its list when an answer for an older keystroke comes in last, so answers
  // are handed over in the order the keystrokes came (the requests still run side by side).
  var inOrder = Promise.resolve();
  document.addEventListener("text-expander-change", function (event) {
    var provide = event.detail.provide;
    latest = event.detail.text;
    var answer = Promise.all([inOrder, fetchColleagues(event.detail.text)]).then(function (both) { return both[1]; });
    inOrder = answer.catch(function () {});
    provide(answer.then(function (results) {
      results = stillMatching(results);
      return results.length ? { matched: true, fragment: listbox(results) } : { matched: false };
    }));
  }, true);
  document.addEventListener("text-expander-value", function (event) {
    event.detail.value = "@" + event.detail.item.dataset.value;
  }, true);

  /* The post editor: CodeMirror is no textarea, so it gets a small list of its own. */
  window.blognetMentions = function (cm) {
    var list = null, items = [], active = 0, start = null;
    function close() { if (list) { list.remove(); list = null; } items = []; start = null; cm.removeKeyMap(keys); }
    function choose(index) {
      var cursor = cm.getCursor();
      cm.replaceRange("@" + items[index].dataset.value + " ", start, cursor);
      close();
      cm.focus();
    }
    function highlight(index) {
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === index ? "true" : "false"); item.classList.toggle("active", i === index); });
      active = index;
      cm.getInputField().setAttribute("aria-activedescendant", items[index].id);
    }
    var keys = {
      Down: function () { highlight((active + 1) % items.length); },
      Up: function () { highlight((active - 1 + items.length) % items.length); },
      Enter: function () { choose(active); },
      Tab: function () { choose(active); },
      Esc: function () { close(); }
    };
    function typedHandle() {
      var cursor = cm.getCursor();
      var match = /(^|[^\w.@])@([\w.-]*)$/.exec(cm.getLine(cursor.line).slice(0, cursor.ch));
      return match && { text: match[2], from: { line: cursor.line, ch: cursor.ch - match[2].length - 1 } };
    }
    cm.on("inputRead", function () {
      var typed = typedHandle();
      if (!typed) { close(); return; }
      var from = typed.from;
      fetchColleagues(typed.text).then(function (results) {
        var now = typedHandle();
        if (!now || now.text !== typed.text) { return; }  // an answer to an older keystroke
        close();
        if (!results.length) { return; }
        start = from;
        list = listbox(results);
        list.id = "editor-mentions";
        items = Array.prototype.slice.call(list.children);
        items.forEach(function (item, i) {
          item.id = "editor-mention-" + i;
          item.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
        });
        var coords = cm.cursorCoords(true, "page");
        list.style.position = "absolute";
        list.style.left = coords.left + "px";
        list.style.top = coords.bottom + "px";
        list.style.zIndex = 1050;
        document.body.appendChild(list);
        cm.getInputField().setAttribute("aria-controls", list.id);
        cm.addKeyMap(keys);
        highlight(0);
      });
    });
    cm.on("blur", close);
  };
})();
