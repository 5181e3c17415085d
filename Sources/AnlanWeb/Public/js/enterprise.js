// The enterprise's location on the file page: its village's boundary and its point in its risk colour.
(function () {
  var element = document.getElementById('enterprise-map');
  if (!element || typeof L === 'undefined') return;
  var colours = { major: '#dc3545', high: '#fd7e14', moderate: '#ffc107', low: '#0d6efd' };
  var lat = parseFloat(element.dataset.latitude), lon = parseFloat(element.dataset.longitude);
  var map = L.map(element, { zoomControl: false, preferCanvas: true }).setView([lat, lon], 13);
  L.control.zoom({ zoomInTitle: '放大', zoomOutTitle: '缩小' }).addTo(map);
  if (element.dataset.tileUrl) L.tileLayer(element.dataset.tileUrl, { maxZoom: 18 }).addTo(map);
  L.circleMarker([lat, lon], { radius: 8, color: '#333', weight: 1, fillColor: colours[element.dataset.risk] || '#6c757d', fillOpacity: 0.9 })
    .bindTooltip(element.dataset.name).addTo(map);
  fetch('/map/boundaries.geojson?level=village', { credentials: 'same-origin' })
    .then(function (r) { return r.ok ? r.json() : { features: [] }; })
    .then(function (data) {
      var own = data.features.filter(function (f) { return f.properties.code === element.dataset.division; });
      if (own.length) {
        var layer = L.geoJSON(own, { style: { color: '#0d6efd', weight: 2, fillOpacity: 0.05 } }).addTo(map);
        map.fitBounds(layer.getBounds(), { padding: [10, 10] });
      }
      element.dataset.loaded = 'true';
    });
})();
