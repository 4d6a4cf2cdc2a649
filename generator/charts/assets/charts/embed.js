/* The embed page's palette and size. Runs first in <body>: the palette is the host's prefers-color-scheme (and
 * follows it), unless the address says ?theme=light or ?theme=dark; the page's height goes to the parent window
 * by postMessage whenever it changes, for the snippet's script to size the iframe. */
(function () {
  "use strict";
  var body = document.body;
  var asked = new URLSearchParams(location.search).get("theme");
  var dark = window.matchMedia("(prefers-color-scheme: dark)");

  function applyPalette() {
    var slate = asked ? asked === "dark" : dark.matches;
    body.setAttribute("data-md-color-scheme", slate ? "slate" : "default");
  }

  function postHeight() {
    if (window.parent === window) { return; }
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    window.parent.postMessage({ type: body.getAttribute("data-message"), chart: body.getAttribute("data-chart"),
                                height: height }, "*");
  }

  applyPalette();
  if (!asked && dark.addEventListener) { dark.addEventListener("change", applyPalette); }
  window.addEventListener("load", postHeight);
  document.addEventListener("DOMContentLoaded", function () {
    if ("ResizeObserver" in window) { new ResizeObserver(postHeight).observe(document.documentElement); }
    postHeight();
  });
})();
