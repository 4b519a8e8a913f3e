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

  // ---- the order of `--sort` (Order.java): the page's click-to-sort gives the rows the CLI would ----------------

  function v4Hex(s) {
    var p = s.split('.');
    if (p.length !== 4) { return null; }
    var out = '';
    for (var i = 0; i < 4; i++) {
      if (!/^(0|[1-9][0-9]{0,2})$/.test(p[i]) || Number(p[i]) > 255) { return null; }
      out += ('0' + Number(p[i]).toString(16)).slice(-2);
    }
    return out;
  }

  function v6Hex(s) {
    if (!/^[0-9a-fA-F:.]+$/.test(s) || s.indexOf(':') < 0) { return null; }
    var tail = [];
    var last = s.lastIndexOf(':');
    if (s.indexOf('.', last) > last) {
      var four = v4Hex(s.slice(last + 1));
      if (four === null) { return null; }
      tail = [four.slice(0, 4), four.slice(4)];
      s = s.slice(0, last + 1) + '0';
    }
    var halves = s.split('::');
    if (halves.length > 2) { return null; }
    var part = function (h) { return h === '' ? [] : h.split(':'); };
    var head = part(halves[0]);
    var rest = halves.length === 2 ? part(halves[1]) : [];
    if (tail.length) { (halves.length === 2 ? rest : head).pop(); }
    var groups = head.length + rest.length + tail.length;
    if (groups > 8 || (halves.length === 1 && groups !== 8) || (halves.length === 2 && groups === 8)) { return null; }
    var all = head.concat(new Array(8 - groups).fill('0'), rest, tail);
    var out = '';
    for (var i = 0; i < all.length; i++) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(all[i])) { return null; }
      out += ('000' + all[i].toLowerCase()).slice(-4);
    }
    return out;
  }

  /** An address or network cell as [family and hex digits, prefix length or -1, zone or null]; null if none. */
  function addressKey(s) {
    var zone = null;
    var prefix = -1;
    var slash = s.indexOf('/');
    if (slash >= 0) {
      if (!/^[0-9]{1,3}$/.test(s.slice(slash + 1))) { return null; }
      prefix = Number(s.slice(slash + 1));
      s = s.slice(0, slash);
    }
    var pct = s.indexOf('%');
    if (pct >= 0) {
      zone = s.slice(pct + 1);
      s = s.slice(0, pct);
    }
    var four = zone === null ? v4Hex(s) : null;
    if (four !== null) { return prefix <= 32 ? ['4' + four, prefix, null] : null; }
    var six = v6Hex(s);
    return six !== null && prefix <= 128 ? ['6' + six, prefix, zone] : null;
  }

  function compareText(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  /** IPv4 before IPv6, numerically; an address before the networks starting at it; no zone before a zone. */
  function compareAddresses(x, y) {
    return compareText(x[0], y[0]) || (x[1] - y[1]) ||
      (x[2] === y[2] ? 0 : x[2] === null ? -1 : y[2] === null ? 1 : compareText(x[2], y[2]));
  }

  var collator = new Intl.Collator('und', { usage: 'sort' });

  /** A time cell as [milliseconds, nanosecond digits] (Instant text), or null. */
  function timeKey(s) {
    var m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(s);
    if (!m) { return null; }
    var ms = Date.parse(m[1] + m[3]);
    return isNaN(ms) ? null : [ms, ((m[2] || '') + '000000000').slice(0, 9)];
  }

  /**
   * The rows' order by column i, as `--sort` orders them (Order.java): rows that are no address last, whatever
   * the direction; rows without a value for the key after those with one, whatever the direction; then the
   * key (numbers numerically, times by time, addresses by address, text in a locale-neutral collation), turned
   * for descending; ties by the address, ascending in both directions.
   */
  function rowOrder(columns, rows, i, asc) {
    var ipAt = columns.indexOf('ip');
    var name = columns[i];
    var address = name === 'ip' || name === 'network';
    var time = name === 'first_seen' || name === 'last_seen';
    var numeric = !address && !time && rows.every(function (r) {
      return r[i] === '' || /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(r[i]);
    });
    var keyed = rows.map(function (r, n) {
      var ip = ipAt < 0 ? null : addressKey(r[ipAt]);
      var c = r[i];
      var v = c === '' ? null : address ? addressKey(c) : time ? timeKey(c) : numeric ? Number(c) : c;
      return { row: r, n: n, ip: ip, text: ipAt < 0 ? '' : r[ipAt], v: v };
    });
    function values(x, y) {
      if (address) { return compareAddresses(x, y); }
      if (time) { return (x[0] - y[0]) || compareText(x[1], y[1]); }
      if (numeric) { return x - y; }
      return collator.compare(x, y) || compareText(x, y);
    }
    keyed.sort(function (a, b) {
      var na = a.ip === null;
      var nb = b.ip === null;
      if (na !== nb) { return na ? 1 : -1; } // not an address: last, whatever the direction
      var ipKey = i === ipAt;
      if (!ipKey && (a.v === null) !== (b.v === null)) { return a.v === null ? 1 : -1; }
      var c = ipKey || a.v === null ? 0 : values(a.v, b.v);
      if (c !== 0) { return asc ? c : -c; }
      if (ipKey && !asc && !na) { return -compareAddresses(a.ip, b.ip); }
      return (na ? compareText(a.text, b.text) : compareAddresses(a.ip, b.ip)) || (a.n - b.n);
    });
    return keyed.map(function (k) { return k.row; });
  }

  window.iptriageRowOrder = rowOrder;

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
