// Asks before a button with data-confirm submits its form. A file of its own rather than an
// onclick attribute: the admin's Content-Security-Policy runs no inline script.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});
