/* @mention suggestions: typing @ in a comment box lists matching colleagues, by username and name,
   from /people/suggest/, with the vendored <text-expander> element (keyboard and screen-reader
   ready). The post editor has its own list (static/js/editor.js) from the same address. */
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

  // The element puts a space after the name, ready for the next word. When the next thing typed
  // is punctuation ("@josien," or "@josien?"), it takes that space's place: no "@josien ,".
  var spaced = null;  // {input, at}: the box and the position right after that space
  document.addEventListener("text-expander-committed", function (event) {
    var input = event.detail.input;
    spaced = input.value.charAt(input.selectionStart - 1) === " " ? { input: input, at: input.selectionStart } : null;
  }, true);
  document.addEventListener("beforeinput", function (event) {
    var added = spaced;
    spaced = null;
    var input = event.target;
    if (!added || added.input !== input || event.inputType !== "insertText" || !/^[,.;:!?)]/.test(event.data || "")) { return; }
    if (input.selectionStart !== added.at || input.selectionEnd !== added.at || input.value.charAt(added.at - 1) !== " ") { return; }
    event.preventDefault();
    input.setRangeText(event.data, added.at - 1, added.at, "end");
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }, true);
})();
