// Timeline of deaths by victim group: monthly stacked bars drawn as SVG from /api/tallies.
// Only DOM/SVG element creation and textContent: nothing from the server is parsed as HTML.
(function () {
  "use strict";
  var box = document.getElementById("timeline");
  if (!box) { return; }
  var query = box.getAttribute("data-query") || "";
  var SVGNS = "http://www.w3.org/2000/svg";
  // Disjoint groups (children, women... are parts of civilians and would double count).
  var GROUPS = [["civilians", "#d6604d"], ["security_forces", "#4393c3"], ["militants", "#762a83"],
                ["unknown", "#999999"], ["unspecified", "#cccccc"]];

  function svg(name, attrs, text) {
    var e = document.createElementNS(SVGNS, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  fetch("/api/tallies?by=month&split_group=true" + (query ? "&" + query : ""), { headers: { "Accept": "application/json" } })
    .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
    .then(function (data) {
      box.textContent = "";
      var b = data.buckets;
      if (!b.length) { var p = document.createElement("p"); p.className = "note"; p.textContent = "No dated incidents."; box.appendChild(p); return; }
      var rows = b.map(function (x) {
        var g = x.killed_by_group || {}, parts = {}, known = 0;
        GROUPS.forEach(function (gc) {
          if (gc[0] === "unspecified") { return; }
          var v = (g[gc[0]] && g[gc[0]].best) || 0; parts[gc[0]] = v; known += v;
        });
        parts.unspecified = Math.max(0, (x.killed.best || 0) - known);
        return { key: x.key, parts: parts, total: Math.max(known, x.killed.best || 0) };
      });
      var W = 640, H = 240, L = 44, R = 8, T = 10, B = 34;
      var vmax = Math.max.apply(null, rows.map(function (r) { return r.total; }).concat([1]));
      var bw = (W - L - R) / rows.length;
      var s = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "Deaths per month by group" });
      s.appendChild(svg("line", { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: "#888" }));
      [0, Math.round(vmax / 2), vmax].forEach(function (t) {
        var y = H - B - t / vmax * (H - T - B);
        s.appendChild(svg("text", { x: L - 4, y: y + 3, "text-anchor": "end", "class": "tick" }, String(t)));
      });
      rows.forEach(function (r, i) {
        var y = H - B;
        GROUPS.forEach(function (gc) {
          var v = r.parts[gc[0]];
          if (!v) { return; }
          var h = v / vmax * (H - T - B);
          y -= h;
          var rect = svg("rect", { x: L + i * bw + 0.5, y: y, width: Math.max(1, bw - 1), height: h, fill: gc[1], "class": "bar" });
          rect.appendChild(svg("title", {}, r.key + " · " + gc[0].replace("_", " ") + ": " + v));
          s.appendChild(rect);
        });
      });
      var step = Math.max(1, Math.ceil(rows.length / 6));
      rows.forEach(function (r, i) {
        if (i % step) { return; }
        s.appendChild(svg("text", { x: L + i * bw + bw / 2, y: H - B + 14, "text-anchor": "middle", "class": "tick" }, r.key));
      });
      box.appendChild(s);
      var legend = document.createElement("p");
      GROUPS.forEach(function (gc) {
        var k = document.createElement("span"); k.className = "key";
        var sw = document.createElement("span"); sw.className = "swatch"; sw.style.background = gc[1];
        k.appendChild(sw); k.appendChild(document.createTextNode(gc[0].replace("_", " ")));
        legend.appendChild(k);
      });
      box.appendChild(legend);
      box.setAttribute("data-buckets", String(rows.length));
    })
    .catch(function (e) { box.textContent = "Could not load the timeline (" + e.message + ")."; });
})();
