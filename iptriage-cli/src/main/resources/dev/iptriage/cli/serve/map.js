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
    this.loading = true; // the outlines are on their way: the view is not complete before they are drawn
    this.ready = fetch('/world.geojson', { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : null))
      .then((world) => {
        if (world) this.outline(world);
      })
      .catch(() => {})
      .finally(() => {
        this.loading = false;
      });
  }

  outline(world) {
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

  /**
   * The server's country names (lower case) to ISO codes, from /api/config: the mapping the report uses too, for
   * rows with a country name and no country_iso.
   */
  setCountryCodes(codes) {
    this.nameToIso = new Map(Object.entries(codes || {}));
    if (this.pending) this.draw(...this.pending);
  }

  isoOf(f) {
    const p = f.properties || {};
    return p.iso || this.nameToIso.get(String(p.name || '').trim().toLowerCase()) || '';
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
    this.markers = new Map();
    this.aggOf = null;
    this.busy = false;
    this.byIso = new Map();
    this.max = 0;
    if (this.countries) this.countries.setStyle((f) => this.style(f));
    if (this.legendBox) this.legendBox.replaceChildren();
  }

  /**
   * Redraws the view from its aggregates: the choropleth, and (when {@code final}, or every few seconds while rows
   * stream in) the points, one marker per location sized by its count.
   */
  draw(agg, measure, columns, final) {
    if (!this.map) return;
    this.pending = [agg, measure, columns, final];
    const key = measure === 'sightings' ? 's' : 'a';
    this.measure = measure;
    this.hasIso = columns.includes('country_iso');
    this.isoToName = new Map();
    const byIso = new Map();
    for (const e of agg.countries.values()) {
      const iso = e.iso || this.nameToIso.get(e.name.trim().toLowerCase()) || '';
      if (!iso) continue;
      byIso.set(iso, (byIso.get(iso) || 0) + e[key]);
      if (e.name && !this.isoToName.has(iso)) this.isoToName.set(iso, e.name);
    }
    this.byIso = byIso;
    this.max = 0;
    for (const v of byIso.values()) this.max = Math.max(this.max, v);
    if (this.countries) this.countries.setStyle((f) => this.style(f));
    const now = performance.now();
    if (final || ((!this.pointsAt || now - this.pointsAt > 1500) && !this.busy)) {
      this.pointsAt = now;
      this.drawPoints(agg, key);
    }
    this.drawLegend();
  }

  /**
   * Adds the markers of the locations new since the last call (one per location, sized by its count) and updates
   * the counts of the others; a new view (another aggregate, another measure) starts again from none.
   */
  drawPoints(agg, key) {
    const clustered = typeof L.markerClusterGroup === 'function';
    if (!this.clusters) {
      this.clusters = clustered
        ? L.markerClusterGroup({
            showCoverageOnHover: false,
            maxClusterRadius: 40,
            chunkedLoading: true,
            chunkInterval: 40, // ms of work per slice: the page stays responsive while 100k points go in
            chunkDelay: 10,
            chunkProgress: (done, total) => {
              this.busy = done < total;
            },
            iconCreateFunction: (c) => {
              let sum = 0;
              for (const m of c.getAllChildMarkers()) sum += m.options.count || 0;
              const size = sum < 10 ? 'small' : sum < 1000 ? 'medium' : 'large';
              const div = el('div');
              div.append(el('span', null, fmt.format(sum)));
              return L.divIcon({ html: div, className: 'marker-cluster marker-cluster-' + size, iconSize: L.point(36, 36) });
            },
          })
        : L.featureGroup();
      this.clusters.addTo(this.map);
      // a marker's tooltip is made when the pointer first reaches it, not for every marker up front
      this.clusters.on('mouseover', (e) => {
        const m = e.propagatedFrom || e.layer;
        if (!m || !m.options.place || m.getTooltip()) return;
        m.bindTooltip(() => {
          const r = m.options.place.row;
          const place = [r.city, r.country].filter((x) => !empty(x)).map(cell).join(', ');
          return el('span', null, (place || m.options.place.lat + ', ' + m.options.place.lon) + ': ' + fmt.format(m.options.count) + ' ' + this.measure);
        });
        m.openTooltip();
      });
    }
    if (this.aggOf !== agg || this.keyOf !== key) {
      this.clusters.clearLayers();
      this.markers = new Map();
      this.aggOf = agg;
      this.keyOf = key;
    }
    const radius = (c) => Math.min(12, 4 + Math.log2(c + 1));
    const fresh = [];
    let changed = false;
    for (const [k, p] of agg.places) {
      const c = p[key];
      const m = this.markers.get(k);
      if (!m) {
        const n = L.circleMarker([p.lat, p.lon], {
          radius: radius(c),
          color: '#5a1f00',
          weight: 1,
          fillColor: '#f28c28',
          fillOpacity: 0.85,
          count: c,
          place: p,
        });
        this.markers.set(k, n);
        fresh.push(n);
      } else if (m.options.count !== c) {
        m.options.count = c;
        m.setRadius(radius(c));
        changed = true;
      }
    }
    this.points = this.markers.size;
    if (fresh.length) {
      if (clustered) {
        this.busy = true;
        this.clusters.addLayers(fresh);
      } else {
        fresh.forEach((m) => this.clusters.addLayer(m));
      }
    }
    if (changed && clustered) this.clusters.refreshClusters();
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
