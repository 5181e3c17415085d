// 应急一张图: layers read from the map routes and /api/v1/board, kept live by /board/live (WebSocket): each change
// announced there makes the page re-read the layers it concerns. Falls back to reading every 60 s if the socket drops.
(function () {
  var root = document.getElementById('board');
  var element = document.getElementById('board-map');
  if (!root || !element || typeof L === 'undefined') return;
  var side = root.querySelector('[data-role=side]');
  var live = root.querySelector('[data-role=live]');
  // tap: false — Leaflet 1.7's tap emulation turned the touch that opens the folded layer list into a click on its first
  // checkbox (乡镇界线 switched off by opening the list on a phone).
  var map = L.map(element, { zoomControl: false, preferCanvas: true, tap: false, attributionControl: !!element.dataset.tileUrl }).setView([30.64, 119.68], 10);
  L.control.zoom({ zoomInTitle: '放大', zoomOutTitle: '缩小' }).addTo(map);
  if (element.dataset.tileUrl) {
    L.tileLayer(element.dataset.tileUrl, { maxZoom: 18, attribution: element.dataset.tileAttribution || '' }).addTo(map);
  }
  var levelColours = { blue: '#0d6efd', yellow: '#ffc107', orange: '#fd7e14', red: '#dc3545' };
  var riskColours = { major: '#dc3545', high: '#fd7e14', moderate: '#ffc107', low: '#0d6efd' };
  var resourceColours = { team: '#198754', equipment: '#6f42c1', expert: '#20c997', shelter: '#0dcaf0', warehouse: '#795548' };
  var layers = {
    boundaries: L.layerGroup().addTo(map), warnings: L.layerGroup().addTo(map), enterprises: L.layerGroup(),
    hazards: L.layerGroup().addTo(map), sites: L.layerGroup().addTo(map), resources: L.layerGroup().addTo(map),
    incidents: L.layerGroup().addTo(map)
  };
  var siteColours = {
    reservoir: '#0d6efd', riverSection: '#0dcaf0', geologicalHazard: '#8b4513', flashFloodVillage: '#6610f2', forestArea: '#198754',
    floodChannelWork: '#fd7e14', other: '#6c757d'
  };
  var names = {
    boundaries: '乡镇界线', warnings: '预警区域', enterprises: '企业（按风险等级）', hazards: '隐患（逾期红、未销号橙）与重大危险源（紫框）',
    sites: '防汛防火重点部位（水库、隐患点、山洪危险区、林区…）', resources: '队伍、装备、专家、场所和仓库', incidents: '处置中的事件'
  };
  var overlays = {};
  Object.keys(layers).forEach(function (k) { overlays[names[k]] = layers[k]; });
  L.control.layers(null, overlays, { collapsed: window.innerWidth < 700 }).addTo(map);
  var villages = null, townships = null, fitted = false;

  function get(url) {
    return fetch(url, { credentials: 'same-origin' }).then(function (r) { if (!r.ok) throw new Error(url + ' ' + r.status); return r.json(); });
  }
  function text(s) { var d = document.createElement('div'); d.textContent = s == null ? '' : String(s); return d.innerHTML; }

  function drawBoundaries() {
    return Promise.all([get('/map/boundaries.geojson?level=township'), get('/map/boundaries.geojson?level=village')]).then(function (d) {
      townships = d[0]; villages = d[1];
      layers.boundaries.clearLayers();
      var t = L.geoJSON(townships, { style: { color: '#0d6efd', weight: 1.5, fillOpacity: 0.02 }, interactive: false });
      layers.boundaries.addLayer(t);
      if (!fitted && t.getBounds().isValid()) { map.fitBounds(t.getBounds(), { padding: [10, 10] }); fitted = true; }
    });
  }

  function drawResources() {
    return get('/resources/map.geojson').then(function (data) {
      layers.resources.clearLayers();
      data.features.forEach(function (f) {
        var p = f.properties;
        var c = f.geometry.coordinates;
        L.circleMarker([c[1], c[0]], {
          radius: p.layer === 'warehouse' ? 6 : 5, color: '#333', weight: 1, fillOpacity: p.callable ? 0.9 : 0.35,
          fillColor: resourceColours[p.layer] || '#6c757d', dashArray: p.callable ? null : '2'
        }).bindPopup('<a href="' + text(p.url) + '">' + text(p.name) + '</a><br>' + text(p.detail)).addTo(layers.resources);
      });
      root.dataset.resources = String(data.features.length);
    });
  }

  function drawEnterprises() {
    return get('/enterprises/points.geojson').then(function (data) {
      layers.enterprises.clearLayers();
      data.features.forEach(function (f) {
        var c = f.geometry.coordinates;
        L.circleMarker([c[1], c[0]], { radius: 4, color: '#333', weight: 1, fillColor: riskColours[f.properties.risk] || '#6c757d', fillOpacity: 0.8 })
          .bindTooltip(text(f.properties.name)).addTo(layers.enterprises);
      });
    });
  }

  // An enterprise with open hazards is a dot (red when any is overdue, orange otherwise) sized by how many; one with a
  // major hazard installation has a purple ring (an installation alone: a purple dot).
  function drawHazards() {
    return get('/board/hazards.geojson').then(function (data) {
      layers.hazards.clearLayers();
      data.features.forEach(function (f) {
        var p = f.properties, c = f.geometry.coordinates;
        var fill = p.overdueHazards > 0 ? '#dc3545' : (p.openHazards > 0 ? '#fd7e14' : '#6f42c1');
        var lines = [];
        if (p.openHazards > 0) {
          lines.push('<a href="' + text(p.hazardsUrl) + '">未销号隐患 ' + p.openHazards + ' 项</a>' +
            (p.overdueHazards > 0 ? '，逾期 ' + p.overdueHazards + ' 项' : '') + (p.majorHazards > 0 ? '，重大隐患 ' + p.majorHazards + ' 项' : ''));
        }
        if (p.majorInstallations > 0) lines.push('重大危险源 ' + p.majorInstallations + ' 处（最高' + text(p.topGrade || '—') + '）');
        L.circleMarker([c[1], c[0]], {
          radius: Math.min(4 + p.openHazards, 11), fillColor: fill, fillOpacity: 0.85,
          color: p.majorInstallations > 0 ? '#6f42c1' : '#333', weight: p.majorInstallations > 0 ? 3 : 1
        }).bindPopup('<a href="' + text(p.url) + '">' + text(p.name) + '</a><br>' + lines.join('<br>')).addTo(layers.hazards);
      });
      root.dataset.hazards = String(data.features.length);
    });
  }

  // A site is a square-ish marker in its kind's colour; its popup names the people to call.
  function drawSites() {
    return get('/sites/map.geojson').then(function (data) {
      layers.sites.clearLayers();
      data.features.forEach(function (f) {
        var p = f.properties, c = f.geometry.coordinates;
        L.circleMarker([c[1], c[0]], { radius: 5, color: '#fff', weight: 2, fillColor: siteColours[p.kind] || '#6c757d', fillOpacity: 0.95 })
          .bindPopup('<a href="' + text(p.url) + '">' + text(p.name) + '</a><br>' + text(p.kindLabel) + '，威胁 ' + text(p.threatenedPeople) + ' 人<br>' +
            text(p.keepers)).addTo(layers.sites);
      });
      root.dataset.sites = String(data.features.length);
    });
  }

  function drawBoard() {
    return get('/api/v1/board').then(function (b) {
      layers.incidents.clearLayers();
      b.incidents.forEach(function (i) {
        if (i.latitude == null) return;
        L.marker([i.latitude, i.longitude], { title: i.title })
          .bindPopup('<a href="/incidents/' + i.id + '">' + text(i.number + ' ' + i.title) + '</a><br>' + text(i.state + (i.level ? ' · ' + i.level : '')) +
            (i.activeOrders.length ? '<br>' + i.activeOrders.map(text).join('<br>') : ''))
          .addTo(layers.incidents);
      });
      layers.warnings.clearLayers();
      b.warnings.forEach(function (w) {
        var colour = levelColours[w.level] || '#dc3545';
        var style = { color: colour, weight: 2, fillColor: colour, fillOpacity: 0.25 };
        [townships, villages].forEach(function (set) {
          if (!set) return;
          var hit = set.features.filter(function (f) { return w.divisionCodes.indexOf(f.properties.code) >= 0; });
          if (hit.length) L.geoJSON({ type: 'FeatureCollection', features: hit }, { style: style }).bindTooltip(text(w.title)).addTo(layers.warnings);
        });
        if (w.polygon) L.polygon(w.polygon, style).bindTooltip(text(w.title)).addTo(layers.warnings);
      });
      var f = b.figures;
      var rows = [
        ['处置中的事件', f.openIncidents, '/incidents?open=true'], ['在执行的调度指令', f.activeOrders, null],
        ['生效中的预警', f.warningsInForce, '/warnings?inForce=true'], ['上级预警', f.upstreamWarningsInForce, '/warnings/upstream?scope=in-force'],
        ['可调用队伍', f.teamsCallable, '/directory?kind=team&callable=true'], ['执行任务的队伍', f.teamsOnTask, null],
        ['避难场所已安置 / 容量', f.shelterOccupied + ' / ' + f.shelterPlaces, null],
        ['未销号隐患', f.openHazards, '/hazards?open=true'], ['逾期未整改隐患', f.overdueHazards, '/hazards?overdue=true'],
        ['有重大危险源的企业', f.majorHazardEnterprises, '/enterprises?majorHazard=true']
      ];
      var html = '<table class="table table-sm board-figures" data-testid="board-figures">' + rows.map(function (r) {
        var v = r[2] ? '<a href="' + r[2] + '">' + text(r[1]) + '</a>' : text(r[1]);
        return '<tr><th class="fw-normal">' + r[0] + '</th><td class="text-end fw-bold" data-figure="' + r[0] + '">' + v + '</td></tr>';
      }).join('') + '</table>';
      html += '<h2 class="h6">事件动态</h2><ul class="list-unstyled small board-feed" data-testid="board-incidents">' + b.incidents.map(function (i) {
        return '<li class="mb-2"><a href="/incidents/' + i.id + '">' + text(i.number + ' ' + i.title) + '</a> <span class="text-muted">' +
          text(i.state + (i.level ? ' · ' + i.level : '')) + '</span>' + (i.latest ? '<div>' + text(i.latest) + '</div>' : '') + '</li>';
      }).join('') + '</ul>';
      side.innerHTML = html;
      root.dataset.updatedAt = b.at;
      root.dataset.version = String((parseInt(root.dataset.version || '0', 10) || 0) + 1);
    });
  }

  function refresh(kinds) {
    var all = !kinds;
    var jobs = [drawBoard()];
    if (all || kinds.some(function (k) { return ['resource', 'warehouse', 'dispatch_order', 'incident'].indexOf(k) >= 0; })) jobs.push(drawResources());
    if ((all || kinds.indexOf('site') >= 0) && map.hasLayer(layers.sites)) jobs.push(drawSites());
    if (all || kinds.some(function (k) { return ['enterprise', 'hazard', 'hazard_installation', 'inspection'].indexOf(k) >= 0; })) {
      if (map.hasLayer(layers.enterprises)) jobs.push(drawEnterprises());
      if (map.hasLayer(layers.hazards)) jobs.push(drawHazards());
    }
    return Promise.all(jobs).catch(function () { live.textContent = '数据读取失败，稍后重试'; });
  }

  map.on('overlayadd', function (e) {
    if (e.layer === layers.enterprises) drawEnterprises();
    if (e.layer === layers.hazards) drawHazards();
    if (e.layer === layers.sites) drawSites();
  });
  drawBoundaries().then(function () { return refresh(null); });

  var timer = null;
  function connect() {
    var socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/board/live');
    socket.onopen = function () { live.textContent = '● 实时'; live.className = 'small text-success'; root.dataset.live = 'open'; };
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (message.changed) {
        root.dataset.lastChange = message.changed.join(',');
        refresh(message.changed).then(function () {
          live.textContent = '● 实时 · 更新于 ' + new Date().toLocaleTimeString('zh-CN', { hour12: false });
        });
      }
    };
    socket.onclose = function () {
      live.textContent = '○ 连接中断，正在重连'; live.className = 'small text-danger'; root.dataset.live = 'closed';
      setTimeout(connect, 3000);
    };
  }
  connect();
  timer = setInterval(function () { refresh(null); }, 60000);

  root.querySelector('[data-role=full]').addEventListener('click', function () {
    document.body.classList.toggle('board-fullscreen');
    if (document.body.classList.contains('board-fullscreen') && document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(function () {});
    } else if (document.fullscreenElement && document.exitFullscreen) { document.exitFullscreen(); }
    setTimeout(function () { map.invalidateSize(); }, 200);
  });
})();
