// Regie: the little script the pages need. Every state-changing htmx request carries the CSRF
// token from the page's <meta name="csrf-token">.
document.addEventListener("htmx:configRequest", function (e) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) { e.detail.headers["X-CSRF-Token"] = meta.content; }
});
// Buttons marked data-print print the page (no inline script under our CSP).
document.addEventListener("click", function (e) {
  if (e.target.closest("[data-print]")) { window.print(); }
});
