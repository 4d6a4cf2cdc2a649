/* Draws every chart on the page with Plotly, from the figure JSON in its data-figure attribute.
 *
 * Only pages with a chart load this file (the build adds it inside the page content, so Material's instant
 * navigation runs it too). A chart with a build-time picture (SVG) shows it until the reader reaches for the chart
 * (pointer over it, a touch, a click, keyboard focus): only then is plotly.js fetched (once) and the interactive
 * chart swapped in. A chart without one (the build had no Chromium) is drawn when it comes near the screen.
 * Charts redraw after instant navigation (document$), follow the light/dark switch at once, and resize with
 * their container (tabs, phones).
 */
(function () {
  "use strict";

  if (window.factsCharts) {
    // Run again by instant navigation: the document$ subscription below draws the new page's charts.
    window.factsCharts.scan();
    return;
  }

  var PLOTLY_URL = new URL("plotly-basic.min.js", document.currentScript.src).href;
  var CONFIG = {
    responsive: true,
    displayModeBar: false,
    displaylogo: false,
    scrollZoom: false,
    doubleClick: false,
    showTips: false
  };
  var drawn = [];
  var loading = null;
  var resizer = "ResizeObserver" in window ? new ResizeObserver(onResize) : null;

  function afterFirstPaint(callback) {
    // A frame callback runs just before a paint; a task queued from it runs after that paint.
    if (document.visibilityState === "hidden") {
      setTimeout(callback, 0);
    } else {
      requestAnimationFrame(function () { setTimeout(callback, 0); });
    }
  }

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        afterFirstPaint(function () {
          var script = document.createElement("script");
          script.src = PLOTLY_URL;
          script.async = true;
          // Drawing waits for a task of its own: evaluating plotly.js is already a long one.
          script.onload = function () { setTimeout(function () { resolve(window.Plotly); }, 0); };
          script.onerror = function () {
            loading = null;
            reject(new Error("charts: could not load " + PLOTLY_URL));
          };
          document.head.appendChild(script);
        });
      });
    }
    return loading;
  }

  function colours() {
    // A probe without transitions reads the palette's final colours, not a frame of Material's fade.
    var probe = document.createElement("div");
    probe.style.cssText = "position:absolute;visibility:hidden;transition:none;" +
      "color:var(--md-default-fg-color);background-color:var(--md-default-bg-color);" +
      "border:1px solid var(--md-default-fg-color--lightest)";
    document.body.appendChild(probe);
    var style = getComputedStyle(probe);
    var result = {
      ink: style.color,
      paper: style.backgroundColor,
      grid: style.borderTopColor,
      font: getComputedStyle(document.body).fontFamily
    };
    probe.remove();
    return result;
  }

  function themed(layout, c) {
    var copy = JSON.parse(JSON.stringify(layout));
    copy.paper_bgcolor = c.paper;
    copy.plot_bgcolor = c.paper;
    copy.font = Object.assign({}, copy.font, { color: c.ink, family: c.font });
    Object.keys(copy).forEach(function (key) {
      if (/^[xy]axis\d*$/.test(key)) {
        Object.assign(copy[key], { gridcolor: c.grid, zerolinecolor: c.grid, linecolor: c.grid });
      }
    });
    (copy.annotations || []).forEach(function (note) { note.arrowcolor = c.ink; });
    return copy;
  }

  function prepare(el) {
    var figure = JSON.parse(el.getAttribute("data-figure"));
    el.factsFigure = figure;
    // The stylesheet reserves each chart's height; this covers a chart it does not know yet.
    el.style.minHeight = (figure.layout.height || 360) + "px";
    if (resizer) resizer.observe(el);
  }

  function draw(Plotly, el) {
    if (!el.isConnected || el.clientWidth === 0 || el.factsDrawn) return;
    // Hidden (e.g. in an inactive tab): drawn by onResize when it gets a width.
    var figure = el.factsFigure;
    Array.prototype.forEach.call(el.querySelectorAll(".chart__placeholder, .chart__static"), function (node) {
      node.remove();
    });
    el.factsDrawn = true;
    drawn.push(el);
    Plotly.newPlot(el, figure.data, themed(figure.layout, colours()), CONFIG);
  }

  function whenNear(el, callback) {
    // plotly.js is fetched only once a chart comes near the screen: a reader who never scrolls to the
    // charts of a long page never downloads it.
    if (!("IntersectionObserver" in window)) return callback();
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        observer.disconnect();
        callback();
      }
    }, { rootMargin: "400px 0px" });
    observer.observe(el);
  }

  function whenReached(el, callback) {
    // The picture is the chart until the reader reaches for it: plotly.js (about 400 KB gzip, most of a second
    // of a phone's main thread) is fetched for readers who want to hover, not for every visit.
    // pointermove too: a pointer already resting on the chart when this runs (instant navigation) fires no enter.
    var events = ["pointerenter", "pointermove", "touchstart", "click", "focusin"];
    function reached() {
      events.forEach(function (name) { el.removeEventListener(name, reached); });
      callback();
    }
    events.forEach(function (name) { el.addEventListener(name, reached, { passive: true }); });
    if (el.contains(document.activeElement) || el.matches(":hover")) reached();
  }

  function upgrade(el) {
    el.factsWanted = true;  // from now on a resize that gives it a width draws it
    loadPlotly().then(function (Plotly) {
      // A task per chart, apart from the long one that evaluates plotly.js.
      setTimeout(function () { draw(Plotly, el); }, 0);
    }, function (error) {
      console.warn(error.message + "; the data tables below the charts still hold every value");
    });
  }

  function onResize(entries) {
    entries.forEach(function (entry) {
      var el = entry.target;
      if (!el.factsWanted || entry.contentRect.width === 0 || !window.Plotly) return;
      if (el.factsDrawn) {
        window.Plotly.Plots.resize(el);
      } else {
        draw(window.Plotly, el);
      }
    });
  }

  function recolour() {
    if (!window.Plotly) return;
    var c = colours();
    drawn.forEach(function (el) {
      window.Plotly.react(el, el.data, themed(el.factsFigure.layout, c), CONFIG);
    });
  }

  function forgetDetached() {
    drawn = drawn.filter(function (el) {
      if (el.isConnected) return true;
      if (resizer) resizer.unobserve(el);
      if (window.Plotly) window.Plotly.purge(el);
      return false;
    });
  }

  // "Cite this chart": today's date as the access date, and a button that copies the citation.
  function prepareCitations() {
    var accessed = document.querySelectorAll(".chart-cite__accessed");
    if (accessed.length) {  // the first date formatting loads the browser's locale data: only where it is shown
      var today = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
      accessed.forEach(function (el) { el.textContent = today; });
    }
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      if (button.factsCopy) { return; }
      button.factsCopy = true;
      button.addEventListener("click", function () {
        var text = document.getElementById(button.getAttribute("data-copy")).textContent.trim();
        copyText(text).then(function () { button.textContent = "Copied"; }, function () {});
      });
    });
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Without the asynchronous clipboard (plain http), copy from a hidden text box.
    var box = document.createElement("textarea");
    box.value = text;
    box.setAttribute("readonly", "");
    box.style.cssText = "position:fixed;opacity:0";
    document.body.appendChild(box);
    box.select();
    var copied = document.execCommand("copy");
    box.remove();
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function scan() {
    prepareCitations();
    forgetDetached();
    var fresh = Array.prototype.filter.call(document.querySelectorAll("[data-figure]"), function (el) {
      return !el.factsSeen;
    });
    fresh.forEach(function (el) {
      el.factsSeen = true;
      if (el.querySelector(".chart__static")) {
        // Its picture holds its place: the figure is read when the reader reaches for the chart, so a page
        // with several charts does no chart work while it loads.
        whenReached(el, function () { prepare(el); upgrade(el); });
      } else {
        prepare(el);
        whenNear(el, function () { upgrade(el); });
      }
    });
  }

  window.factsCharts = { scan: scan };
  new MutationObserver(recolour).observe(document.body, {
    attributes: true,
    attributeFilter: ["data-md-color-scheme", "data-md-color-primary"]
  });
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(scan);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", scan);
  } else {
    scan();
  }
})();
