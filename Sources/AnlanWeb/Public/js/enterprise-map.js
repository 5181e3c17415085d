// Enterprises of the filtered list on the map, coloured by risk level. Points closer than a grid cell
// at the current zoom are drawn as one numbered cluster; zooming in splits them.
(function () {
  var element = document.getElementById('map');
  if (!element || typeof L === 'undefined') return;
  var colours = { major: '#dc3545', high: '#fd7e14', moderate: '#ffc107', low: '#0d6efd' };
  var rank = { major: 0, high: 1, moderate: 2, low: 3 };
  var map = L.map(element, { zoomControl: false, preferCanvas: true }).setView([30.64, 119.68], 10);
  L.control.zoom({ zoomInTitle: '放大', zoomOutTitle: '缩小' }).addTo(map);
  if (element.dataset.tileUrl) L.tileLayer(element.dataset.tileUrl, { maxZoom: 18 }).addTo(map);
  var layer = L.layerGroup().addTo(map);
  var features = [];
  var cellPixels = 48;

  function draw() {
    layer.clearLayers();
    var cells = {};
    features.forEach(function (f) {
      var latlng = L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]);
      var p = map.project(latlng, map.getZoom());
      var key = Math.floor(p.x / cellPixels) + ':' + Math.floor(p.y / cellPixels);
      (cells[key] = cells[key] || []).push({ feature: f, latlng: latlng });
    });
    var clusters = 0;
    Object.keys(cells).forEach(function (key) {
      var members = cells[key];
      if (members.length === 1 || map.getZoom() >= 16) {
        members.forEach(function (m) {
          var risk = m.feature.properties.risk;
          L.circleMarker(m.latlng, { radius: 6, color: '#333', weight: 1, fillColor: colours[risk] || '#6c757d', fillOpacity: 0.9 })
            .bindTooltip(m.feature.properties.name)
            .on('click', function () { window.location = '/enterprises/' + m.feature.properties.id; })
            .addTo(layer);
        });
        return;
      }
      clusters++;
      var lat = 0, lng = 0, worst = 'low';
      members.forEach(function (m) {
        lat += m.latlng.lat; lng += m.latlng.lng;
        if (rank[m.feature.properties.risk] < rank[worst]) worst = m.feature.properties.risk;
      });
      var size = Math.min(48, 24 + Math.round(Math.log(members.length) * 5));
      L.marker([lat / members.length, lng / members.length], {
        icon: L.divIcon({
          className: '', iconSize: [size, size],
          html: '<div class="cluster-icon" style="width:' + size + 'px;height:' + size + 'px;line-height:' + size +
            'px;border:3px solid ' + colours[worst] + '">' + members.length + '</div>'
        })
      }).on('click', function (e) { map.setView(e.latlng, map.getZoom() + 2); }).addTo(layer);
    });
    element.dataset.clusters = String(clusters);
  }

  fetch(element.dataset.points, { credentials: 'same-origin' })
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(function (data) {
      features = data.features;
      element.dataset.count = String(features.length);
      if (features.length) {
        map.fitBounds(L.geoJSON(data).getBounds(), { padding: [20, 20], maxZoom: 15 });
      }
      draw();
      map.on('zoomend', draw);
      element.dataset.loaded = 'true';
    })
    .catch(function () { element.dataset.loaded = 'error'; });
})();
