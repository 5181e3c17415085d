// Resource map: teams, experts, equipment, shelters and warehouses as layers over the township boundaries. No internet
// needed: the points come from /resources/map.geojson, the boundaries from /map/boundaries.geojson.
(function () {
  var element = document.getElementById('resource-map');
  if (!element || typeof L === 'undefined') return;
  var map = L.map(element, { zoomControl: false, preferCanvas: true, tap: false, attributionControl: false });  // tap: see board.js
  L.control.zoom({ zoomInTitle: '放大', zoomOutTitle: '缩小' }).addTo(map);
  var colours = { team: '#dc3545', expert: '#6f42c1', equipment: '#fd7e14', shelter: '#198754', warehouse: '#0d6efd' };
  var names = { team: 'labelTeam', expert: 'labelExpert', equipment: 'labelEquipment', shelter: 'labelShelter', warehouse: 'labelWarehouse' };
  function get(url) {
    return fetch(url, { credentials: 'same-origin' }).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
  }
  function escape(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; });
  }
  Promise.all([get('/map/boundaries.geojson?level=township'), get('/resources/map.geojson')]).then(function (data) {
    var boundaries = L.geoJSON(data[0], { style: { color: '#0d6efd', weight: 1, fillOpacity: 0.03 } }).addTo(map);
    var groups = {};
    Object.keys(colours).forEach(function (k) { groups[k] = L.layerGroup().addTo(map); });
    var counts = {};
    data[1].features.forEach(function (f) {
      var p = f.properties, c = f.geometry.coordinates;
      if (!groups[p.layer]) return;
      if (p.area) {  // a shelter's drawn site boundary: an area in the layer's colour, not counted as a point
        L.geoJSON(f, { style: { color: colours[p.layer], weight: 2, fillOpacity: 0.15 } })
          .bindPopup('<strong><a href="' + escape(p.url) + '">' + escape(p.name) + '</a></strong>').addTo(groups[p.layer]);
        element.dataset.areas = String(Number(element.dataset.areas || 0) + 1);
        return;
      }
      counts[p.layer] = (counts[p.layer] || 0) + 1;
      L.circleMarker([c[1], c[0]], {
        radius: 7, color: colours[p.layer], weight: 2, fillColor: p.callable ? colours[p.layer] : '#adb5bd', fillOpacity: 0.8
      }).bindPopup('<strong><a href="' + escape(p.url) + '">' + escape(p.name) + '</a></strong><br>' + escape(p.detail)).addTo(groups[p.layer]);
    });
    var overlays = {};
    Object.keys(groups).forEach(function (k) {
      // The layer list is the legend: each name with its colour.
      var label = escape((element.dataset[names[k]] || k) + '（' + (counts[k] || 0) + '）');
      overlays['<span class="legend-dot" style="background:' + colours[k] + '"></span>' + label] = groups[k];
      element.dataset['count' + k.charAt(0).toUpperCase() + k.slice(1)] = String(counts[k] || 0);
    });
    L.control.layers(null, overlays, { collapsed: window.innerWidth < 600 }).addTo(map);
    var bounds = boundaries.getBounds();
    // ?focus=<id> (a shelter's "在资源地图上查看"): zoom to that record's area or point instead of the whole county.
    var focus = new URLSearchParams(window.location.search).get('focus');
    var target = focus && data[1].features.filter(function (f) { return f.properties.id === focus; });
    if (target && target.length) {
      var area = L.geoJSON({ type: 'FeatureCollection', features: target }).getBounds();
      map.fitBounds(area, { padding: [40, 40], maxZoom: 17 });
      element.dataset.focused = focus;
    } else if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [10, 10] });
    }
    element.dataset.loaded = 'true';
  }).catch(function () { element.dataset.loaded = 'error'; });
})();
