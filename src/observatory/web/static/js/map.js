// Incident map: vendored Leaflet, no tile server. Country borders come from the vendored
// world-atlas (Natural Earth) TopoJSON; incidents from /api/incidents. Data is untrusted:
// only textContent and DOM nodes, never innerHTML with data.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L) { return; }
  var status = document.getElementById("map-status");
  var query = el.getAttribute("data-query") || "";
  var map = L.map(el, { worldCopyJump: true, minZoom: 1, maxZoom: 12, preferCanvas: false }).setView([30, 30], 3);
  window.observatoryMap = map;
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Borders: Natural Earth");

  fetch("/static/vendor/world-atlas/countries-50m.json")
    .then(function (r) { return r.json(); })
    .then(function (topo) {
      var countries = topojson.feature(topo, topo.objects.countries);
      L.geoJSON(countries, {
        interactive: false,
        style: { color: "#8a8a80", weight: 0.8, fillColor: "#f4f1e8", fillOpacity: 1 }
      }).addTo(map).bringToBack();
    })
    .catch(function () { /* borders are decoration: the markers still work without them */ });

  function radius(killed) { return 4 + 2.2 * Math.sqrt(Math.max(0, killed || 0)); }

  function tooltip(item) {
    var box = document.createElement("div");
    var t = document.createElement("strong");
    t.textContent = item.title || item.id;
    box.appendChild(t);
    var line = document.createElement("div");
    var k = item.killed && item.killed.best;
    line.textContent = (k === null || k === undefined ? "unknown" : k) + " killed · " + (item.event.date_start || "date unknown");
    box.appendChild(line);
    return box;
  }

  var url = "/api/incidents?limit=500&sort=-killed" + (query ? "&" + query : "");
  fetch(url, { headers: { "Accept": "application/json" } })
    .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
    .then(function (data) {
      var layer = L.featureGroup();
      var n = 0;
      data.items.slice().reverse().forEach(function (item) {   // biggest drawn last, on top
        var loc = item.location || {};
        if (typeof loc.lat !== "number" || typeof loc.lon !== "number") { return; }
        var m = L.circleMarker([loc.lat, loc.lon], {
          radius: radius(item.killed && item.killed.best),
          color: item.parent_id ? "#2166ac" : "#7f0000", weight: 1,
          fillColor: item.parent_id ? "#4393c3" : "#d6604d", fillOpacity: 0.65,
          className: "incident-marker"
        });
        m.bindTooltip(tooltip(item));
        m.on("click", function () { window.location.href = "/incidents/" + encodeURIComponent(item.id); });
        m.on("add", function () {
          var p = m.getElement();
          if (p) { p.setAttribute("data-id", item.id); p.setAttribute("aria-label", item.title || item.id); }
        });
        layer.addLayer(m);
        n += 1;
      });
      layer.addTo(map);
      if (n) { map.fitBounds(layer.getBounds().pad(0.2), { maxZoom: 8 }); }
      if (status) {
        status.textContent = n + " shown" + (data.total > n ? " of " + data.total : "");
      }
      el.setAttribute("data-markers", String(n));
    })
    .catch(function (e) {
      if (status) { status.textContent = "could not load incidents (" + e.message + ")"; }
      el.setAttribute("data-markers", "error");
    });
})();
