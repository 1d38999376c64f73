// Text areas marked "fit-text" grow with their text (the server already sizes them for it; this
// keeps them fitting on narrow screens and while typing). A file of its own: the admin's
// Content-Security-Policy runs no inline script.
(function () {
  function fit(area) {
    area.style.height = "auto";
    area.style.height = area.scrollHeight + 4 + "px";
  }
  function fitAll() {
    document.querySelectorAll("textarea.fit-text").forEach(fit);
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("textarea.fit-text")) {
      fit(event.target);
    }
  });
  window.addEventListener("resize", fitAll);
  document.addEventListener("DOMContentLoaded", fitAll);
})();
