// The report's map and table. All text from the data goes through textContent, never innerHTML.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var world = JSON.parse(document.getElementById('world-data').textContent);

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function classOf(bands, n) {
    for (var i = 0; i < bands.length; i++) {
      if (n <= bands[i][1]) { return i; }
    }
    return bands.length - 1;
  }

  function fmt(n) { return Number(n).toLocaleString('en-US'); }

  function popup(p) {
    var dl = el('dl', 'popup');
    [['Address', p[5]], ['Place', p[4]], ['ASN', p[6]], ['Organization', p[7]],
     ['Sightings here', fmt(p[2])], ['Addresses here', fmt(p[3])]].forEach(function (kv) {
      dl.appendChild(el('dt', null, kv[0]));
      dl.appendChild(el('dd', null, kv[1] || '-'));
    });
    return dl;
  }

  function legend(title, bands) {
    var c = L.control({ position: 'bottomright' });
    c.onAdd = function () {
      var div = el('div', 'legend');
      div.appendChild(el('strong', null, title));
      bands.forEach(function (b) {
        var row = el('div');
        var swatch = el('i');
        swatch.style.background = b[2];
        row.appendChild(swatch);
        row.appendChild(document.createTextNode(b[0] === b[1] ? fmt(b[0]) : fmt(b[0]) + ' - ' + fmt(b[1])));
        div.appendChild(row);
      });
      return div;
    };
    return c;
  }

  function drawMap() {
    var map = L.map('map', { minZoom: 1, maxZoom: 12, worldCopyJump: false, preferCanvas: false })
      .setView([25, 0], 2);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution('Outlines: Natural Earth');
    var overlays = {};
    if (data.tiles) {
      overlays['Online tiles'] = L.tileLayer(data.tiles, { maxZoom: 12 }).addTo(map);
    }
    L.geoJSON(world, { interactive: false,
      style: { color: '#888', weight: 0.6, fillColor: '#f2efe9', fillOpacity: 1 } }).addTo(map);
    var choropleth = L.geoJSON(world, {
      style: function (f) {
        var n = data.countries[f.properties.iso] || 0;
        return { color: '#666', weight: 0.6, fillOpacity: n ? 0.75 : 0,
          fillColor: n ? data.countryLegend[classOf(data.countryLegend, n)][2] : '#fff' };
      },
      onEachFeature: function (f, layer) {
        var n = data.countries[f.properties.iso] || 0;
        layer.bindPopup(function () {
          return el('div', null, f.properties.name + ': ' + fmt(n) + ' sightings');
        });
      }
    });
    overlays['Countries (sightings)'] = choropleth;
    var clusters = L.markerClusterGroup({
      maxClusterRadius: 50,
      iconCreateFunction: function (cluster) {
        var sum = 0;
        cluster.getAllChildMarkers().forEach(function (m) { sum += m.options.sightings; });
        var cls = 'cluster c' + classOf(data.legend, sum);
        // only digits and commas reach this string: a number formatted here
        return L.divIcon({ html: '<div>' + fmt(sum) + '</div>', className: cls, iconSize: L.point(40, 40) });
      }
    });
    data.points.forEach(function (p) {
      var c = classOf(data.legend, p[2]);
      var m = L.circleMarker([p[0], p[1]], { radius: 5 + c, color: '#333', weight: 1,
        fillColor: data.legend[c][2], fillOpacity: 0.9, sightings: p[2] });
      m.bindPopup(function () { return popup(p); });
      clusters.addLayer(m);
    });
    clusters.addTo(map);
    overlays['Markers'] = clusters;
    L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    legend('Sightings per location', data.legend).addTo(map);
    var countryLegend = legend('Sightings per country', data.countryLegend);
    map.on('overlayadd', function (e) { if (e.layer === choropleth) { countryLegend.addTo(map); } });
    map.on('overlayremove', function (e) { if (e.layer === choropleth) { countryLegend.remove(); } });
    window.iptriageMap = { map: map, clusters: clusters };
  }

  // the order of `--sort` (Order.java), from order.js (inlined before this script; serve's page uses it too)
  var rowOrder = window.iptriageOrder.rowOrder;

  function drawTable() {
    var table = document.getElementById('rows-table');
    var head = table.tHead;
    var body = table.tBodies[0];
    var rows = data.rows.slice();
    var numeric = data.columns.map(function (c, i) {
      return rows.length > 0 && rows.every(function (r) { return r[i] === '' || !isNaN(Number(r[i])); });
    });
    var tr = el('tr');
    var sortCol = -1;
    var asc = true;
    data.columns.forEach(function (c, i) {
      var th = el('th', null, c);
      th.addEventListener('click', function () {
        asc = sortCol === i ? !asc : true;
        sortCol = i;
        Array.prototype.forEach.call(tr.children, function (h) { h.className = ''; });
        th.className = asc ? 'asc' : 'desc';
        rows = rowOrder(data.columns, rows, i, asc);
        fill();
      });
      tr.appendChild(th);
    });
    head.appendChild(tr);
    var filter = document.getElementById('filter');
    function fill() {
      var q = filter.value.toLowerCase();
      var frag = document.createDocumentFragment();
      rows.forEach(function (r) {
        if (q && !r.some(function (c) { return c.toLowerCase().indexOf(q) >= 0; })) { return; }
        var row = el('tr');
        r.forEach(function (c, i) { row.appendChild(el('td', numeric[i] ? 'n' : null, c)); });
        frag.appendChild(row);
      });
      body.replaceChildren(frag);
    }
    filter.addEventListener('input', fill);
    fill();
  }

  drawTable();
  drawMap();
}());
