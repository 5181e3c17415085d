// Division map: boundaries from the server, an optional tile layer from configuration. No internet needed.
(function () {
  var element = document.getElementById('map');
  if (!element || typeof L === 'undefined') return;
  var map = L.map(element, { zoomControl: false, preferCanvas: true, tap: false, attributionControl: !!element.dataset.tileUrl });  // tap: see board.js
  L.control.zoom({ zoomInTitle: '放大', zoomOutTitle: '缩小' }).addTo(map);
  if (element.dataset.tileUrl) {
    L.tileLayer(element.dataset.tileUrl, { maxZoom: 18, attribution: element.dataset.tileAttribution || '' }).addTo(map);
  }
  var styles = {
    township: { color: '#0d6efd', weight: 2, fillOpacity: 0.06 },
    village: { color: '#6c757d', weight: 1, fillOpacity: 0.02, dashArray: '3' }
  };
  var layers = {};
  function load(level, addToMap) {
    return fetch('/map/boundaries.geojson?level=' + level, { credentials: 'same-origin' })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          style: styles[level],
          onEachFeature: function (feature, l) {
            l.bindPopup('<strong>' + feature.properties.name + '</strong><br>' + feature.properties.code);
            if (level === 'township') {
              l.bindTooltip(feature.properties.name, { permanent: true, direction: 'center', className: 'division-label' });
            }
          }
        });
        layers[level] = layer;
        if (addToMap) layer.addTo(map);
        element.dataset[level + 'Count'] = String(data.features.length);
        return layer;
      });
  }
  Promise.all([load('township', true), load('village', false)]).then(function (loaded) {
    var bounds = loaded[0].getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [10, 10] });
    var overlays = {};
    overlays[element.dataset.townshipLabel] = loaded[0];
    overlays[element.dataset.villageLabel] = loaded[1];
    L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    element.dataset.loaded = 'true';
  }).catch(function () { element.dataset.loaded = 'error'; });
})();
