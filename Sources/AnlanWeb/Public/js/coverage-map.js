// Information-officer coverage map: each village coloured by its posts (both, one, none) over the township boundaries.
// No internet needed: the villages come from /info-officers/coverage.geojson, the townships from /map/boundaries.geojson.
(function () {
  var element = document.getElementById('coverage-map');
  if (!element || typeof L === 'undefined') return;
  var map = L.map(element, { zoomControl: false, preferCanvas: true, tap: false, attributionControl: false });  // tap: see board.js
  L.control.zoom({ zoomInTitle: '放大', zoomOutTitle: '缩小' }).addTo(map);
  var colours = { complete: '#198754', partial: '#ffc107', none: '#dc3545' };
  function get(url) {
    return fetch(url, { credentials: 'same-origin' }).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
  }
  function escape(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; });
  }
  Promise.all([get('/map/boundaries.geojson?level=township'), get(element.dataset.url)]).then(function (data) {
    var towns = L.geoJSON(data[0], { style: { color: '#0d6efd', weight: 2, fillOpacity: 0 } }).addTo(map);
    var counts = { complete: 0, partial: 0, none: 0, lapsed: 0 };
    var villages = L.geoJSON(data[1], {
      // A village whose officer's training lapsed is outlined thick and dashed, whatever its colour.
      style: function (f) {
        var lapsed = !!f.properties.lapsed;
        return { color: lapsed ? '#6f42c1' : '#495057', weight: lapsed ? 3 : 1, dashArray: lapsed ? '6 4' : null,
          fillColor: colours[f.properties.status], fillOpacity: 0.55 };
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        counts[p.status] = (counts[p.status] || 0) + 1;
        if (p.lapsed) counts.lapsed = (counts.lapsed || 0) + p.lapsed.split('、').length;
        layer.bindPopup('<strong><a href="' + escape(p.url) + '">' + escape(p.name) + '</a></strong><br>' +
          (p.lacking ? '缺 ' + escape(p.lacking) + ' 岗' : 'A、B 岗齐全') + (p.lapsed ? '<br>' + escape(p.lapsed) + ' 岗需复训' : ''));
      }
    }).addTo(map);
    var bounds = towns.getBounds();
    if (!bounds.isValid()) bounds = villages.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [10, 10] });
    Object.keys(counts).forEach(function (k) { element.dataset[k] = String(counts[k]); });
    element.dataset.loaded = 'true';
  }).catch(function () { element.dataset.loaded = 'error'; });
})();
