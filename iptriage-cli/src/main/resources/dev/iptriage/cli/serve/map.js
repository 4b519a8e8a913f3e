// iptriage serve: the map of the current view. Leaflet over the bundled country outlines (no tiles, nothing
// fetched from elsewhere): countries shaded by their count, and the rows' locations as clustered points.
import { cell, empty } from './data.js';

const WORLD = [
  [-56, -168],
  [78, 180],
];
const fmt = new Intl.NumberFormat('en-US');
const dark = () => window.matchMedia('(prefers-color-scheme: dark)').matches;
const SHADES = ['#dbe9f6', '#b3d1ec', '#7fb0dc', '#4a8cc8', '#2264a8', '#0d3f78'];

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export class MapView {
  /** @param onFilter called with {column, value, label} when a country is clicked */
  constructor(box, onFilter) {
    this.box = box;
    this.onFilter = onFilter;
    this.map = null;
    this.countries = null;
    this.clusters = null;
    this.byIso = new Map(); // iso -> count in the view
    this.nameToIso = new Map();
    this.isoToName = new Map();
    this.hasIso = false;
    this.max = 0;
    this.measure = 'addresses';
    this.pending = null;
    if (typeof window.L === 'undefined') {
      box.append(el('p', 'muted map-missing', 'The map is not available (Leaflet was not served).'));
      return;
    }
    this.map = L.map(box, { minZoom: 1, maxZoom: 12, worldCopyJump: false, zoomSnap: 0.25, attributionControl: true })
      .fitBounds(WORLD);
    new ResizeObserver(() => {
      this.map.invalidateSize();
      if (!this.moved) this.map.fitBounds(WORLD);
    }).observe(box);
    // the whole world fits the box until the user pans or zooms
    this.map.on('dragstart', () => (this.moved = true));
    box.addEventListener('wheel', () => (this.moved = true), { passive: true });
    box.addEventListener('click', (e) => {
      if (e.target.closest('.leaflet-control-zoom')) this.moved = true;
    });
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution('Outlines: Natural Earth');
    window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
      if (this.countries) this.countries.setStyle((f) => this.style(f));
    });
    this.legend = L.control({ position: 'bottomleft' });
    this.legend.onAdd = () => {
      this.legendBox = el('div', 'legend');
      return this.legendBox;
    };
    this.legend.addTo(this.map);
    this.ready = fetch('/world.geojson', { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : null))
      .then((world) => {
        if (world) this.outline(world);
      })
      .catch(() => {});
  }

  outline(world) {
    for (const f of world.features || []) {
      const p = f.properties || {};
      if (p.iso && p.name) this.nameToIso.set(String(p.name).toLowerCase(), p.iso);
    }
    this.countries = L.geoJSON(world, {
      style: (f) => this.style(f),
      onEachFeature: (f, layer) => {
        layer.on('click', () => this.clicked(f));
        layer.on('mouseover', () => layer.setStyle({ weight: 1.5 }));
        layer.on('mouseout', () => layer.setStyle({ weight: 0.6 }));
        layer.bindTooltip(() => this.tooltip(f), { sticky: true });
      },
    }).addTo(this.map);
    if (this.clusters) this.clusters.bringToFront && this.clusters.bringToFront();
    if (this.pending) this.draw(...this.pending);
  }

  isoOf(f) {
    const p = f.properties || {};
    return p.iso || this.nameToIso.get(String(p.name || '').toLowerCase()) || '';
  }

  style(f) {
    const c = this.byIso.get(this.isoOf(f)) || 0;
    let fill = dark() ? '#2b3138' : '#eef0f2';
    if (c > 0) {
      const k = this.max <= 1 ? SHADES.length - 1 : Math.min(SHADES.length - 1, Math.floor((Math.log(c) / Math.log(this.max + 1)) * SHADES.length));
      fill = SHADES[k];
    }
    // the class names the country for tests and styles (set when the path is made; later calls change colours only)
    const iso = this.isoOf(f);
    return { color: dark() ? '#59636e' : '#8a94a0', weight: 0.6, fillColor: fill, fillOpacity: c > 0 ? 0.85 : 1, className: 'country iso-' + (/^[A-Z]{2}$/.test(iso) ? iso : 'none') };
  }

  tooltip(f) {
    const p = f.properties || {};
    const c = this.byIso.get(this.isoOf(f)) || 0;
    return el('span', null, String(p.name || '') + ': ' + fmt.format(c) + ' ' + this.measure);
  }

  clicked(f) {
    const p = f.properties || {};
    const iso = this.isoOf(f);
    if (this.hasIso && iso) {
      this.onFilter({ column: 'country_iso', value: iso, label: 'country = ' + String(p.name || iso) });
    } else if (this.isoToName.has(iso)) {
      const name = this.isoToName.get(iso);
      this.onFilter({ column: 'country', value: name, label: 'country = ' + name });
    }
  }

  reset() {
    if (this.clusters) this.clusters.clearLayers();
    this.byIso = new Map();
    this.max = 0;
    if (this.countries) this.countries.setStyle((f) => this.style(f));
    if (this.legendBox) this.legendBox.replaceChildren();
  }

  /** Redraws the view: the choropleth and the points (one marker per location, its size its count). */
  draw(model, view, agg) {
    if (!this.map) return;
    this.pending = [model, view, agg];
    const sightings = view.measure === 'sightings';
    this.measure = view.measure;
    this.hasIso = model.columns.includes('country_iso');
    this.isoToName = new Map();
    const byIso = new Map();
    const places = new Map();
    for (const i of view.rows) {
      const r = model.rows[i];
      const s = sightings ? (typeof r.count === 'number' && r.count > 0 ? r.count : 1) : 1;
      let iso = empty(r.country_iso) ? '' : cell(r.country_iso);
      if (!iso && !empty(r.country)) iso = this.nameToIso.get(cell(r.country).toLowerCase()) || '';
      if (iso) {
        byIso.set(iso, (byIso.get(iso) || 0) + s);
        if (!empty(r.country) && !this.isoToName.has(iso)) this.isoToName.set(iso, cell(r.country));
      }
      if (typeof r.latitude === 'number' && typeof r.longitude === 'number') {
        const k = r.latitude + ',' + r.longitude;
        let p = places.get(k);
        if (!p) {
          p = { lat: r.latitude, lon: r.longitude, n: 0, first: r };
          places.set(k, p);
        }
        p.n += s;
      }
    }
    this.byIso = byIso;
    this.max = Math.max(0, ...byIso.values());
    if (this.countries) this.countries.setStyle((f) => this.style(f));
    this.drawPoints(places);
    this.drawLegend();
  }

  drawPoints(places) {
    const clustered = typeof L.markerClusterGroup === 'function';
    if (!this.clusters) {
      this.clusters = clustered
        ? L.markerClusterGroup({
            showCoverageOnHover: false,
            maxClusterRadius: 40,
            chunkedLoading: true,
            iconCreateFunction: (c) => {
              let sum = 0;
              for (const m of c.getAllChildMarkers()) sum += m.options.count || 0;
              const size = sum < 10 ? 'small' : sum < 1000 ? 'medium' : 'large';
              const div = el('div');
              div.append(el('span', null, fmt.format(sum)));
              return L.divIcon({ html: div, className: 'marker-cluster marker-cluster-' + size, iconSize: L.point(36, 36) });
            },
          })
        : L.layerGroup();
      this.clusters.addTo(this.map);
    }
    this.clusters.clearLayers();
    const markers = [];
    for (const p of places.values()) {
      const m = L.circleMarker([p.lat, p.lon], {
        radius: Math.min(12, 4 + Math.log2(p.n + 1)),
        color: '#5a1f00',
        weight: 1,
        fillColor: '#f28c28',
        fillOpacity: 0.85,
        count: p.n,
      });
      const place = [p.first.city, p.first.country].filter((x) => !empty(x)).map(cell).join(', ');
      m.bindTooltip(el('span', null, (place || p.lat + ', ' + p.lon) + ': ' + fmt.format(p.n) + ' ' + this.measure));
      markers.push(m);
    }
    if (clustered) this.clusters.addLayers(markers);
    else markers.forEach((m) => this.clusters.addLayer(m));
  }

  drawLegend() {
    if (!this.legendBox) return;
    this.legendBox.replaceChildren();
    if (!this.max) return;
    this.legendBox.append(el('strong', null, 'Countries by ' + this.measure));
    const row = el('div', 'scale');
    for (const s of SHADES) {
      const i = el('i');
      i.style.background = s;
      row.append(i);
    }
    this.legendBox.append(row, el('div', 'ends', '1 \u2013 ' + fmt.format(this.max)));
  }
}
