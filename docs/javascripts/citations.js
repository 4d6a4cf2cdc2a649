/* Citation popovers: each numbered citation ([1]) opens its source's entry from the page's Sources list (publisher,
 * title, date, archive link, the excerpt that states the claim and its English rendering) next to the number.
 *
 * Opens on pointer hover, on keyboard focus and on a tap (a second tap follows the link to the Sources list);
 * Escape, a tap elsewhere or moving away closes it. The content is a clone of the list entry's nodes, never
 * HTML built from text, so excerpts stay inert. Listeners sit on the document, so pages reached by Material's
 * instant navigation work without running this again. Without JavaScript the link jumps to the list entry.
 */
(function () {
  "use strict";

  if (window.factsCitations) return;
  window.factsCitations = true;

  // Material's instant navigation rewrites '#source-1' into the page's full address: match the fragment.
  // A chart's own sources are '#chart-<id>-source-1'.
  var SELECTOR = 'sup.cite a[href*="#source-"], sup.cite a[href*="-source-"]';
  var pop = null;
  var current = null;
  var hideTimer = 0;
  var lastPointer = "mouse";
  var quiet = null; // the link focus returns to after Escape: it stays closed until the reader moves on
  var openBeforeTap = false; // a tap focuses the link (which opens it) before its click: remember the state before

  function citationOf(node) {
    return node && node.closest ? node.closest(SELECTOR) : null;
  }

  function entryFor(link) {
    return document.getElementById(decodeURIComponent(link.hash.slice(1)));
  }

  function popover() {
    if (!pop) {
      pop = document.createElement("div");
      pop.className = "cite-pop";
      pop.id = "cite-pop";
      pop.setAttribute("role", "tooltip");
      pop.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
      pop.addEventListener("mouseleave", function () { hideSoon(); });
    }
    return pop;
  }

  function fill(box, link, entry) {
    box.textContent = "";
    var heading = document.createElement("p");
    heading.className = "cite-pop__number";
    heading.textContent = "Source " + (link.hash.match(/(\d+)$/) || ["", ""])[1];
    box.appendChild(heading);
    Array.prototype.forEach.call(entry.childNodes, function (node) {
      var copy = node.cloneNode(true);
      if (copy.removeAttribute) copy.removeAttribute("id");
      box.appendChild(copy);
    });
  }

  function show(link) {
    var entry = entryFor(link);
    if (!entry) return;
    clearTimeout(hideTimer);
    var box = popover();
    if (current !== link) {
      hide();
      fill(box, link, entry);
      // Right after the citation in the document, so Tab moves from the number into the popover's links.
      link.closest("sup").insertAdjacentElement("afterend", box);
      current = link;
      link.setAttribute("aria-describedby", box.id);
      link.setAttribute("aria-expanded", "true");
    }
    box.hidden = false;
    place(box, link);
  }

  function place(box, link) {
    var rect = link.getBoundingClientRect();
    var width = Math.min(box.offsetWidth || 320, window.innerWidth - 16);
    var left = Math.max(8, Math.min(rect.left, window.innerWidth - width - 8));
    var below = rect.bottom + 6;
    var height = box.offsetHeight;
    var top = below + height > window.innerHeight && rect.top - height - 6 > 0 ? rect.top - height - 6 : below;
    box.style.left = left + "px";
    box.style.top = top + "px";
  }

  function hide() {
    clearTimeout(hideTimer);
    if (!current) return;
    current.removeAttribute("aria-describedby");
    current.setAttribute("aria-expanded", "false");
    if (pop) {
      pop.hidden = true;
      if (pop.parentNode) pop.parentNode.removeChild(pop);
    }
    current = null;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 300);
  }

  function inside(node) {
    return node && ((pop && pop.contains(node)) || (current && current.contains(node)));
  }

  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType || "mouse";
    openBeforeTap = !!current && current === citationOf(event.target);
    if (current && !inside(event.target) && !citationOf(event.target)) hide();
  });

  document.addEventListener("mouseover", function (event) {
    var link = citationOf(event.target);
    if (link && lastPointer === "mouse") show(link);
  });

  document.addEventListener("mouseout", function (event) {
    var link = citationOf(event.target);
    if (link && link === current && !inside(event.relatedTarget)) hideSoon();
  });

  document.addEventListener("focusin", function (event) {
    var link = citationOf(event.target);
    if (link && link === quiet) return;
    quiet = null;
    if (link) show(link);
    else if (current && !inside(event.target)) hide();
  });

  document.addEventListener("click", function (event) {
    var link = citationOf(event.target);
    // A tap opens the popover first; a second tap on the same number follows the link to the Sources list.
    if (link && lastPointer !== "mouse" && !openBeforeTap) {
      event.preventDefault();
      show(link);
    } else if (link && lastPointer !== "mouse") {
      hide();
    }
    openBeforeTap = false;
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && current) {
      var link = current;
      var inPopover = pop && pop.contains(document.activeElement);
      hide();
      quiet = link;
      if (inPopover) link.focus({ preventScroll: true });
    }
  });

  window.addEventListener("scroll", function () { if (current && pop) place(pop, current); }, { passive: true });
  window.addEventListener("resize", function () { if (current && pop) place(pop, current); });
})();
