// The colour theme follows the device's setting (prefers-color-scheme), also when it changes while
// a page is open. Loaded in <head>, before the page is drawn, so a dark page never flashes white;
// Bootstrap 5.3 and static/css/blognet.css read data-bs-theme.
(function () {
  var dark = window.matchMedia("(prefers-color-scheme: dark)");
  function apply() { document.documentElement.setAttribute("data-bs-theme", dark.matches ? "dark" : "light"); }
  apply();
  dark.addEventListener("change", apply);
})();
