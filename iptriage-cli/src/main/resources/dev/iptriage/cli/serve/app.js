// iptriage serve: the page's code. Every value is written with textContent, never as HTML: names come from
// databases, lists, PTR records and logs, any of which may be hostile. Nothing is put in the URL, the history or
// browser storage; the only requests go to this page's own server.
import { cell, empty, items, sortKey, sortableKeys, rowComparator, csvOf } from './data.js';
import { MapView } from './map.js';

const $ = (id) => document.getElementById(id);
const fmt = new Intl.NumberFormat('en-US');
const n = (x) => fmt.format(x);

/** This tab's id, made once per page load and kept in memory only: the server runs one job per tab. */
const TAB = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

function api(path, options = {}) {
  const headers = Object.assign({ 'X-Iptriage-Tab': TAB }, options.headers || {});
  return fetch(path, Object.assign({}, options, { headers, credentials: 'same-origin', cache: 'no-store' }));
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// ---- the data model --------------------------------------------------------------------------------------------

const ROW_HEIGHT = 22; // px, fixed: the table's virtual scrolling counts on it (app.css .grid td)
const PANEL_N = 10;

/** One job's rows as received: parsed objects and the raw lines (the JSON Lines export sends these back as is). */
const model = {
  columns: [],
  rows: [],
  raws: [],
  hay: [], // lower-case text of a row's cells, made when the text filter first needs it
  keys: new Map(), // column -> sort keys, per row index
  summary: null,
  progress: null,
};

/** The current view: filters, the text filter, the sort, and the row indexes that pass, in order. */
const view = {
  filters: [], // {column, value, label}
  text: '',
  sort: null, // {column, dir}
  rows: [], // indexes into model.rows
  sorted: true, // false while appended rows wait for the next sort
  cursor: -1, // the table's active row (position in view.rows)
  measure: 'addresses',
};

/** The aggregates of the current view, added to row by row. */
let agg = null;

const PANELS = [
  { id: 'country', title: 'Countries', columns: ['country'] },
  { id: 'asn', title: 'ASNs', columns: ['asn'] },
  { id: 'org', title: 'Organisations', columns: ['as_org', 'isp', 'organization'] },
  { id: 'network', title: 'Networks', columns: ['network'] },
  { id: 'tags', title: 'Lists and tags', columns: ['tags', 'dnsbl'] },
];

function newAgg() {
  return {
    rows: 0,
    sightings: 0,
    statuses: new Map(),
    listed: 0,
    scanners: 0,
    missing: [], // per column (position in model.columns): rows without a value
    panels: new Map(PANELS.map((p) => [p.id, new Map()])), // key "col\u0000value" -> {column, value, label, a, s}
    countries: new Map(), // ISO code, else the country's name -> {a, s, name}
    places: new Map(), // "lat,lon" -> {lat, lon, a, s, row}
    placesAdded: 0, // places.size when the map last drew its points
  };
}

function sightingsOf(row) {
  const c = row.count;
  return typeof c === 'number' && c > 0 ? c : 1;
}

function asnLabel(row) {
  const org = row.as_org;
  return 'AS' + cell(row.asn) + (empty(org) ? '' : ' ' + cell(org));
}

function addToAgg(a, row) {
  const s = sightingsOf(row);
  a.rows++;
  a.sightings += s;
  const st = empty(row.status) ? 'unknown' : cell(row.status);
  a.statuses.set(st, (a.statuses.get(st) || 0) + 1);
  if (!empty(row.tags) || !empty(row.dnsbl)) a.listed++;
  if (!empty(row.scanner)) a.scanners++;
  const cols = model.columns;
  const missing = a.missing;
  for (let k = 0; k < cols.length; k++) {
    const v = row[cols[k]];
    if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) missing[k] = (missing[k] || 0) + 1;
  }
  const iso = empty(row.country_iso) ? '' : cell(row.country_iso);
  const country = empty(row.country) ? '' : cell(row.country);
  if (iso || country) {
    const k = iso || '=' + country.toLowerCase();
    let e = a.countries.get(k);
    if (!e) {
      e = { a: 0, s: 0, iso, name: country };
      a.countries.set(k, e);
    }
    e.a++;
    e.s += s;
  }
  if (typeof row.latitude === 'number' && typeof row.longitude === 'number') {
    const k = row.latitude + ',' + row.longitude;
    let e = a.places.get(k);
    if (!e) {
      e = { lat: row.latitude, lon: row.longitude, a: 0, s: 0, row };
      a.places.set(k, e);
    }
    e.a++;
    e.s += s;
  }
  for (const p of PANELS) {
    const m = a.panels.get(p.id);
    for (const c of p.columns) {
      const raw = row[c];
      if (raw === null || raw === undefined || raw === '') continue;
      for (const v of Array.isArray(raw) ? items(raw) : [typeof raw === 'string' ? raw : cell(raw)]) {
        const k = c + '\u0000' + v;
        let e = m.get(k);
        if (!e) {
          const label = c === 'asn' ? asnLabel(row) : v;
          e = { column: c, value: v, label, a: 0, s: 0 };
          m.set(k, e);
        }
        e.a++;
        e.s += s;
      }
      if (p.id === 'org' && !empty(row[c])) break; // as_org, else isp, else organization: one per row
    }
  }
}

/** Whether a row passes the column filters and the text filter. */
function passes(i) {
  const row = model.rows[i];
  for (const f of view.filters) {
    const v = row[f.column];
    if (f.value === null) {
      if (!empty(v)) return false;
    } else if (!items(v).includes(f.value)) {
      return false;
    }
  }
  if (view.text) {
    let h = model.hay[i];
    if (h === undefined) {
      h = model.columns.map((c) => cell(row[c])).join('\u0001').toLowerCase();
      model.hay[i] = h;
    }
    if (!h.includes(view.text)) return false;
  }
  return true;
}

function keysOf(column) {
  let k = model.keys.get(column);
  if (!k) {
    k = [];
    model.keys.set(column, k);
  }
  for (let i = k.length; i < model.rows.length; i++) k.push(sortKey(column, model.rows[i][column]));
  return k;
}

function sortView() {
  if (view.sort) {
    // the order of `--sort KEY [-r]`: keys made once per row (keysOf), ties by the address ascending
    const k = sortableKeys(keysOf(view.sort.column)); // text as ranks: the collation once per distinct text
    const ip = keysOf('ip');
    const rows = model.rows;
    const byIp = view.sort.column === 'ip';
    const asc = view.sort.dir > 0;
    const compare = rowComparator();
    view.rows.sort((a, b) => compare(ip[a], ip[b], rows[a].ip, rows[b].ip, k[a], k[b], byIp, asc) || a - b);
  }
  view.sorted = true;
}

/** Recomputes the view from all rows (after a filter or sort change). */
function rebuildView() {
  const out = [];
  const a = newAgg();
  for (let i = 0; i < model.rows.length; i++) {
    if (passes(i)) {
      out.push(i);
      addToAgg(a, model.rows[i]);
    }
  }
  view.rows = out;
  agg = a;
  if (view.sort) {
    view.rows.sort((x, y) => x - y);
    sortView();
  }
  view.cursor = -1;
  grid().scrollTop = 0; // a new view starts at its top
  dirty.all();
}

/** Rows [from, to) just arrived: those that pass join the view (sorted at the next frame that sorts). */
function appendRows(from, to) {
  for (let i = from; i < to; i++) {
    if (passes(i)) {
      view.rows.push(i);
      addToAgg(agg, model.rows[i]);
      if (view.sort) view.sorted = false;
    }
  }
  dirty.all();
}

// ---- rendering, batched per animation frame -------------------------------------------------------------------

const dirty = {
  table: false,
  counts: false,
  panels: false,
  map: false,
  all() {
    this.table = this.counts = this.panels = this.map = true;
    schedule();
  },
};
let frameAsked = false;
let lastSort = 0;
let lastPanels = 0;
let lastMap = 0;
let complete = false; // the job's summary arrived: the next frame draws everything, then marks complete
let firstRowMarked = false;
let streaming = false; // rows are arriving: the costly parts are redrawn a few times a second

function schedule() {
  if (!frameAsked) {
    frameAsked = true;
    requestAnimationFrame(frame);
  }
}

function frame(now) {
  frameAsked = false;
  const running = streaming;
  // one costly part per frame when the last one took long: the page stays responsive at the end of a big job
  const start = performance.now();
  const spent = () => performance.now() - start > 50;
  // while rows stream in, the costly parts are redrawn a few times a second, not every frame
  if (!view.sorted && (!running || now - lastSort > 700)) {
    sortView();
    lastSort = now;
    dirty.table = true;
  }
  if (dirty.table) {
    renderTable();
    dirty.table = false;
    if (!firstRowMarked && view.rows.length > 0) {
      firstRowMarked = true;
      performance.mark('iptriage:first-row');
    }
  }
  if (dirty.counts) {
    renderCounts();
    dirty.counts = false;
  }
  if (dirty.panels && (!running || now - lastPanels > 250) && !spent()) {
    renderPanels();
    renderMissing();
    dirty.panels = false;
    lastPanels = now;
  }
  if (dirty.map && (!running || now - lastMap > 1000) && !spent()) {
    mapView.draw(agg, view.measure, model.columns, !running);
    dirty.map = false;
    lastMap = now;
  }
  if (!view.sorted || dirty.panels || dirty.map || dirty.table || mapView.busy || mapView.loading) {
    schedule();
  } else if (complete) {
    complete = false;
    performance.mark('iptriage:complete');
    setState('done');
  }
}

function renderCounts() {
  const ul = $('counts');
  ul.replaceChildren();
  const add = (label, value, cls, title) => {
    const li = el('li', cls);
    li.dataset.counter = label;
    li.append(el('span', 'label', label), el('b', null, n(value)));
    if (title) li.title = title;
    ul.append(li);
  };
  const a = agg || newAgg();
  add('sightings', a.sightings, null, 'lines the addresses appeared on (sum of count)');
  add('addresses', a.rows, null, 'distinct addresses (rows)');
  for (const [st, c] of [...a.statuses.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))) {
    add(st, c, 'status status-' + st.replace(/[^a-z_]/g, '_'));
  }
  add('listed', a.listed, null, 'addresses on a list (tags) or a DNS blocklist');
  add('scanners', a.scanners, null, 'addresses of known benign scanners and crawlers');
  if (view.rows.length !== model.rows.length) {
    ul.append(el('li', 'of', 'of ' + n(model.rows.length) + ' rows'));
  }
}

/** The PANEL_N biggest entries of a panel (one pass, no sort of every entry: a panel may have 100k). */
function panelEntries(p) {
  const key = view.measure === 'sightings' ? 's' : 'a';
  const before = (x, y) => x[key] > y[key] || (x[key] === y[key] && x.label < y.label);
  const best = [];
  for (const e of agg.panels.get(p.id).values()) {
    if (best.length === PANEL_N && !before(e, best[PANEL_N - 1])) continue;
    let k = best.length === PANEL_N ? PANEL_N - 1 : best.length;
    while (k > 0 && before(e, best[k - 1])) {
      best[k] = best[k - 1];
      k--;
    }
    best[k] = e;
  }
  return best;
}

function renderPanels() {
  const box = $('panels');
  const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.entry : null;
  box.replaceChildren();
  const key = view.measure === 'sightings' ? 's' : 'a';
  for (const p of PANELS) {
    if (!p.columns.some((c) => model.columns.includes(c))) continue;
    const div = el('div', 'panel');
    div.dataset.panel = p.id;
    const h = el('h2', null, p.title);
    h.append(el('span', 'muted', ' by ' + view.measure));
    div.append(h);
    const ol = el('ol');
    const entries = panelEntries(p);
    const max = entries.length ? entries[0][key] : 1;
    for (const e of entries) {
      const li = el('li');
      const b = el('button', 'entry');
      b.type = 'button';
      b.dataset.entry = p.id + '\u0000' + e.column + '\u0000' + e.value;
      b.dataset.column = e.column;
      b.dataset.value = e.value;
      b.title = 'Filter: ' + e.column + ' = ' + e.value;
      const bar = el('span', 'bar');
      bar.style.width = ((100 * e[key]) / max).toFixed(1) + '%';
      b.append(bar, el('span', 'name', e.label), el('span', 'num', n(e[key])));
      b.addEventListener('click', () =>
        addFilter({ column: e.column, value: e.value, label: e.column + ' = ' + (e.column === 'asn' ? e.label : e.value) }),
      );
      li.append(b);
      ol.append(li);
      if (focused && b.dataset.entry === focused) queueMicrotask(() => b.focus());
    }
    if (!entries.length) ol.append(el('li', 'muted', 'none'));
    div.append(ol);
    box.append(div);
  }
}

function renderMissing() {
  const box = $('missing');
  box.replaceChildren();
  const total = agg.rows;
  for (let k = 0; k < model.columns.length; k++) {
    const c = model.columns[k];
    const m = agg.missing[k] || 0;
    const share = total ? m / total : 0;
    const row = el('button', 'miss');
    row.type = 'button';
    row.dataset.column = c;
    row.disabled = m === 0;
    row.addEventListener('click', () => addFilter({ column: c, value: null, label: c + ' has no value' }));
    const bar = el('span', 'track');
    const fill = el('span', 'fill');
    fill.style.width = (share * 100).toFixed(1) + '%';
    bar.append(fill);
    row.append(el('span', 'name', c), bar, el('span', 'num', total ? Math.round(share * 100) + '%' : '-'));
    row.title = n(m) + ' of ' + n(total) + ' rows have no ' + c + (m ? ' (click: show them)' : '');
    box.append(row);
  }
}

// ---- the table: only the visible rows are in the DOM -----------------------------------------------------------

const grid = () => $('grid');
let headerColumns = null;

function columnWidths() {
  // in characters, from the header and the first rows: fixed once per job so columns do not jump while scrolling
  const sample = model.rows.slice(0, 200);
  return model.columns.map((c) => {
    let w = c.length + 2;
    for (const r of sample) w = Math.max(w, cell(r[c]).length);
    return Math.min(Math.max(w, 3), 40);
  });
}

function renderHeader() {
  const table = $('table');
  const colgroup = table.querySelector('colgroup');
  colgroup.replaceChildren();
  const widths = columnWidths();
  let total = 0;
  widths.forEach((w) => {
    const col = el('col');
    col.style.width = 'calc(' + w + 'ch + 18px)';
    total += w;
    colgroup.append(col);
  });
  table.style.width = 'max(100%, calc(' + total + 'ch + ' + 18 * widths.length + 'px))';
  const tr = el('tr');
  for (const c of model.columns) {
    const th = el('th');
    th.scope = 'col';
    const b = el('button', 'sort', c);
    b.type = 'button';
    b.dataset.column = c;
    b.title = 'Sort by ' + c;
    b.addEventListener('click', () => toggleSort(c));
    th.append(b);
    if (view.sort && view.sort.column === c) {
      th.setAttribute('aria-sort', view.sort.dir > 0 ? 'ascending' : 'descending');
      b.append(el('span', 'arrow', view.sort.dir > 0 ? ' \u25B2' : ' \u25BC'));
    } else {
      th.setAttribute('aria-sort', 'none');
    }
    tr.append(th);
  }
  table.tHead.replaceChildren(tr);
  headerColumns = model.columns;
}

function spacer(height) {
  const tr = el('tr', 'spacer');
  tr.setAttribute('aria-hidden', 'true');
  const td = el('td');
  td.colSpan = Math.max(1, model.columns.length);
  tr.style.height = height + 'px';
  tr.append(td);
  return tr;
}

function renderTable() {
  if (headerColumns !== model.columns) renderHeader();
  const g = grid();
  const tbody = $('table').tBodies[0];
  const total = view.rows.length;
  const headH = $('table').tHead.offsetHeight || ROW_HEIGHT;
  const visible = Math.ceil(g.clientHeight / ROW_HEIGHT) + 1;
  const top = Math.max(0, g.scrollTop - 0);
  let first = Math.max(0, Math.floor(top / ROW_HEIGHT) - 5);
  first = Math.min(first, Math.max(0, total - visible));
  const last = Math.min(total, first + visible + 10);
  const frag = document.createDocumentFragment();
  frag.append(spacer(first * ROW_HEIGHT));
  for (let k = first; k < last; k++) {
    const i = view.rows[k];
    const row = model.rows[i];
    const tr = el('tr');
    tr.dataset.pos = k;
    if (k === view.cursor) tr.className = 'cursor';
    for (const c of model.columns) {
      const v = row[c];
      const td = el('td', typeof v === 'number' ? 'n' : undefined, cell(v));
      tr.append(td);
    }
    frag.append(tr);
  }
  frag.append(spacer((total - last) * ROW_HEIGHT + Math.max(0, 0 * headH)));
  tbody.replaceChildren(frag);
  $('rowinfo').textContent = total
    ? 'Rows ' + n(first + 1) + '\u2013' + n(last) + ' of ' + n(total) + (total !== model.rows.length ? ' (filtered from ' + n(model.rows.length) + ')' : '')
    : model.rows.length
      ? 'No row matches the filters.'
      : '';
}

function toggleSort(column) {
  if (!view.sort || view.sort.column !== column) view.sort = { column, dir: 1 };
  else if (view.sort.dir === 1) view.sort = { column, dir: -1 };
  else view.sort = null;
  headerColumns = null;
  if (view.sort) {
    view.rows.sort((a, b) => a - b);
    sortView();
  } else {
    view.rows.sort((a, b) => a - b);
  }
  view.cursor = -1;
  dirty.table = true;
  schedule();
  requestAnimationFrame(() => {
    const b = $('table').tHead.querySelector('button[data-column="' + CSS.escape(column) + '"]');
    if (b) b.focus({ preventScroll: true });
  });
}

function moveCursor(to) {
  const total = view.rows.length;
  if (!total) return;
  view.cursor = Math.max(0, Math.min(total - 1, to));
  const g = grid();
  const headH = $('table').tHead.offsetHeight;
  const y = view.cursor * ROW_HEIGHT;
  if (y < g.scrollTop) g.scrollTop = y;
  else if (y + ROW_HEIGHT > g.scrollTop + g.clientHeight - headH) g.scrollTop = y + ROW_HEIGHT - g.clientHeight + headH;
  dirty.table = true;
  schedule();
}

// ---- filters ---------------------------------------------------------------------------------------------------

function addFilter(f) {
  if (!view.filters.some((x) => x.column === f.column && x.value === f.value)) view.filters.push(f);
  renderChips();
  rebuildView();
}

function removeFilter(k) {
  view.filters.splice(k, 1);
  renderChips();
  rebuildView();
}

function clearFilters() {
  view.filters = [];
  view.text = '';
  $('filter').value = '';
  renderChips();
  rebuildView();
}

function renderChips() {
  const ul = $('chips');
  ul.replaceChildren();
  view.filters.forEach((f, k) => {
    const li = el('li', 'chip');
    const b = el('button', null);
    b.type = 'button';
    b.title = 'Remove this filter';
    b.append(el('span', null, f.label), el('span', 'x', ' \u00D7'));
    b.addEventListener('click', () => {
      removeFilter(k);
      const next = ul.querySelector('button') || $('filter');
      next.focus();
    });
    li.append(b);
    ul.append(li);
  });
}

// ---- detail ----------------------------------------------------------------------------------------------------

function openDetail(pos) {
  const i = view.rows[pos];
  if (i === undefined) return;
  const row = model.rows[i];
  $('detail-title').textContent = cell(row.ip);
  const dl = $('detail-fields');
  dl.replaceChildren();
  const columns = model.columns.concat(Object.keys(row).filter((k) => !model.columns.includes(k)));
  for (const c of columns) {
    const v = row[c];
    const dd = el('dd');
    if (Array.isArray(v) && v.length) {
      const ul = el('ul');
      for (const x of v) ul.append(el('li', null, x !== null && typeof x === 'object' ? JSON.stringify(x) : cell(x)));
      dd.append(ul);
    } else if (v !== null && typeof v === 'object') {
      dd.append(el('pre', null, JSON.stringify(v, null, 2)));
    } else {
      dd.textContent = empty(v) ? '\u2013' : cell(v);
      if (empty(v)) dd.className = 'muted';
    }
    dl.append(el('dt', null, c), dd);
  }
  const d = $('detail');
  if (!d.open) d.showModal();
}

// ---- a job -----------------------------------------------------------------------------------------------------

let controller = null;

function setState(s) {
  document.body.dataset.state = s;
  $('run').disabled = false;
  $('cancel').disabled = s !== 'running';
  const exportable = s !== 'running' && model.rows.length > 0;
  for (const id of ['export-csv', 'export-jsonl', 'export-geojson', 'export-report']) $(id).disabled = !exportable;
}

function status(text, cls) {
  const p = $('status');
  p.textContent = text;
  p.className = cls || '';
}

function showProgress(p) {
  const bar = $('progress');
  bar.hidden = false;
  if (p) bar.dataset.lines = p.lines;
  else delete bar.dataset.lines;
  if (p && p.total > 0) {
    bar.max = p.total;
    bar.value = Math.min(p.bytes, p.total);
    status('Reading: ' + Math.floor((100 * p.bytes) / p.total) + '% (' + n(p.lines) + ' lines), ' + n(model.rows.length) + ' addresses so far\u2026');
  } else {
    bar.removeAttribute('value');
    status('Reading: ' + n(p ? p.lines : 0) + ' lines, ' + n(model.rows.length) + ' addresses so far\u2026');
  }
}

function resetModel() {
  model.columns = [];
  model.rows = [];
  model.raws = [];
  model.hay = [];
  model.keys = new Map();
  model.summary = null;
  model.progress = null;
  view.rows = [];
  view.cursor = -1;
  view.sorted = true;
  agg = newAgg();
  headerColumns = null;
  firstRowMarked = false;
  complete = false;
  grid().scrollTop = 0;
  mapView.reset();
  dirty.all();
}

function selectedSources() {
  return [...document.querySelectorAll('#sources input[type=checkbox]:checked')].map((c) => c.value);
}

async function run() {
  const file = $('file').files[0];
  const body = file ? file : $('text').value;
  if (!file && !body.trim()) {
    status('Nothing to enrich: paste text or choose a file.', 'warn');
    return;
  }
  if (maxUpload && (file ? file.size : new Blob([body]).size) > maxUpload) {
    status('Too large: at most ' + n(Math.floor(maxUpload / 1048576)) + ' MiB per job (iptriage serve --max-upload MB).', 'error');
    setState('failed');
    return;
  }
  if (controller) controller.abort(); // one job per tab: the previous one stops (the server cancels it too)
  const mine = new AbortController();
  controller = mine;
  performance.clearMarks('iptriage:start');
  performance.clearMarks('iptriage:first-row');
  performance.clearMarks('iptriage:complete');
  performance.mark('iptriage:start');
  resetModel();
  streaming = true;
  setState('running');
  showProgress(null);
  let url = '/api/enrich?from=' + encodeURIComponent($('from').value);
  const sources = selectedSources();
  if (sources.length) url += '&sources=' + encodeURIComponent(sources.join(','));
  // a browser reads no answer before its upload is sent: until then the server is asked how far it has read
  let polling = true;
  (async () => {
    while (polling && controller === mine) {
      await new Promise((r) => setTimeout(r, 250));
      if (!polling || controller !== mine) break;
      try {
        const p = await (await api('/api/progress')).json();
        if (polling && controller === mine && p.running) showProgress(p);
      } catch (e) {
        // the next try, or the job's own answer, says more
      }
    }
  })();
  try {
    const resp = await api(url, {
      method: 'POST',
      body,
      signal: mine.signal,
      headers: { 'Content-Type': 'application/octet-stream' },
    });
    polling = false;
    if (!resp.ok) {
      const text = (await resp.text()).trim();
      $('progress').hidden = true;
      streaming = false;
      status('Refused (' + resp.status + '): ' + text, 'error');
      setState('failed');
      return;
    }
    await read(resp.body.getReader(), mine);
    if (controller !== mine) return;
    finish();
  } catch (e) {
    if (controller !== mine && e.name === 'AbortError') return; // replaced by a newer job
    $('progress').hidden = true;
    streaming = false;
    if (e.name === 'AbortError') {
      status('Cancelled: ' + n(model.rows.length) + ' addresses received before.', 'warn');
      setState('cancelled');
    } else {
      // a job cut while the browser was still sending (time cap) ends in a reset: the server says why here
      let why = '';
      try {
        const p = await (await api('/api/progress')).json();
        if (p.error) why = ' ' + cell(p.error);
      } catch (ignored) {
        // no more to say
      }
      status('Failed: ' + e.message + '.' + why, 'error');
      setState('failed');
    }
    dirty.all();
  } finally {
    polling = false;
    if (controller === mine) controller = null;
  }
}

/** Gives the page a turn (input, drawing) between slices of a big chunk of lines. */
function yieldTask() {
  return globalThis.scheduler && typeof scheduler.yield === 'function'
    ? scheduler.yield()
    : new Promise((resolve) => setTimeout(resolve, 0));
}

const SLICE_MS = 20; // most time one slice of lines takes before the page gets a turn

async function read(reader, mine) {
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (controller !== mine) {
      reader.cancel().catch(() => {});
      return;
    }
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    const end = buffer.lastIndexOf('\n');
    if (end < 0) continue;
    const lines = buffer.slice(0, end).split('\n');
    buffer = buffer.slice(end + 1);
    if (!(await take(lines, mine))) {
      reader.cancel().catch(() => {});
      return;
    }
  }
  buffer += decoder.decode();
  if (buffer.trim()) await take([buffer], mine);
}

/** Handles lines in slices of at most SLICE_MS, the page getting a turn in between; false when the job was replaced. */
async function take(lines, mine) {
  let k = 0;
  while (k < lines.length) {
    const t0 = performance.now();
    do {
      const before = model.rows.length;
      const stop = Math.min(lines.length, k + 256);
      for (; k < stop; k++) if (lines[k]) handleLine(lines[k]);
      if (model.rows.length > before) appendRows(before, model.rows.length);
    } while (k < lines.length && performance.now() - t0 < SLICE_MS);
    if (k < lines.length) {
      await yieldTask();
      if (controller !== mine) return false;
    }
  }
  return true;
}

function handleLine(line) {
  let obj;
  try {
    obj = JSON.parse(line);
  } catch (e) {
    status('The server sent a line that is not JSON: ' + line.slice(0, 80), 'error');
    return;
  }
  if (obj === null || typeof obj !== 'object') return;
  if ('ip' in obj) {
    if (!model.columns.length) model.columns = Object.keys(obj);
    model.rows.push(obj);
    model.raws.push(line);
  } else if (Array.isArray(obj.columns)) {
    model.columns = obj.columns.map(String);
    headerColumns = null;
  } else if (obj.progress) {
    model.progress = obj.progress;
    showProgress(obj.progress);
  } else if (obj.summary) {
    model.summary = obj.summary;
  }
}

function finish() {
  $('progress').hidden = true;
  const s = model.summary;
  if (!s) {
    streaming = false;
    status('The answer ended without its summary: ' + n(model.rows.length) + ' addresses received.', 'error');
    setState('failed');
    dirty.all();
    return;
  }
  const parts = [];
  parts.push(n(s.rows !== undefined ? s.rows : model.rows.length) + ' addresses');
  if (s.lines !== undefined) parts.push('from ' + n(s.lines) + ' lines');
  if (s.sightings !== undefined) parts.push(n(s.sightings) + ' sightings');
  let text = 'Done: ' + parts.join(', ') + '.';
  if (s.invalid) text += ' ' + n(s.invalid) + ' unreadable lines (status invalid).';
  for (const x of s.sent || []) text += ' Sent to ' + cell(x.source) + ': ' + cell(x.text) + '.';
  for (const x of s.errors || []) text += ' ' + cell(x);
  if (s.error) {
    status('Cut short: ' + cell(s.error) + ' ' + text, 'warn');
  } else {
    status(text);
  }
  // the state becomes "done" in the frame that has drawn everything (table, panels, counters, map)
  streaming = false;
  $('cancel').disabled = true;
  complete = true;
  view.sorted = false;
  headerColumns = null; // column widths again, from the rows of the whole job
  dirty.all();
}

// ---- exports ---------------------------------------------------------------------------------------------------

function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function viewRaws() {
  return view.rows.map((i) => model.raws[i]);
}

function exportCsv() {
  download(new Blob([csvOf(model.columns, viewRaws())], { type: 'text/csv;charset=utf-8' }), 'iptriage.csv');
}

function exportJsonl() {
  const raws = viewRaws();
  download(new Blob([raws.length ? raws.join('\n') + '\n' : ''], { type: 'application/x-ndjson' }), 'iptriage.jsonl');
}

function exportGeojson() {
  const features = [];
  for (const i of view.rows) {
    const r = model.rows[i];
    if (typeof r.latitude === 'number' && typeof r.longitude === 'number') {
      features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [r.longitude, r.latitude] }, properties: r });
    }
  }
  const text = JSON.stringify({ type: 'FeatureCollection', features });
  download(new Blob([text + '\n'], { type: 'application/geo+json' }), 'iptriage.geojson');
}

async function exportReport() {
  const b = $('export-report');
  b.disabled = true;
  status('Making the HTML report of ' + n(view.rows.length) + ' rows\u2026');
  try {
    const raws = viewRaws();
    const resp = await api('/api/report', {
      method: 'POST',
      body: raws.join('\n') + '\n',
      headers: { 'Content-Type': 'application/x-ndjson' },
    });
    if (!resp.ok) {
      status('Report refused (' + resp.status + '): ' + (await resp.text()).trim(), 'error');
      return;
    }
    download(await resp.blob(), 'iptriage-report.html');
    status('Report of ' + n(raws.length) + ' rows saved.');
  } catch (e) {
    status('Report failed: ' + e.message, 'error');
  } finally {
    b.disabled = false;
  }
}

// ---- configuration and wiring ----------------------------------------------------------------------------------

/** The server's cap on one job's upload (bytes), from /api/config: a larger file is refused before it is sent. */
let maxUpload = 0;

async function loadConfig() {
  let cfg;
  try {
    const r = await api('/api/config');
    if (!r.ok) return;
    cfg = await r.json();
  } catch (e) {
    return;
  }
  const about = [];
  if (cfg.version) about.push('iptriage ' + cell(cfg.version));
  for (const d of cfg.databases || []) about.push(cell(d.name));
  if ((cfg.lists || []).length) about.push(n(cfg.lists.length) + ' lists');
  $('about').textContent = about.join(' \u00B7 ');
  $('about').title = (cfg.databases || []).map((d) => cell(d.name) + ': ' + cell(d.detail)).join('\n');
  if (Array.isArray(cfg.modes) && cfg.modes.length) {
    const sel = $('from');
    const keep = sel.value;
    sel.replaceChildren();
    for (const m of cfg.modes) {
      const o = el('option', null, cell(m.label || m.id));
      o.value = cell(m.id);
      sel.append(o);
    }
    sel.value = [...sel.options].some((o) => o.value === keep) ? keep : sel.options[0].value;
  }
  if (Array.isArray(cfg.sources) && cfg.sources.length) {
    const fs = $('sources');
    fs.hidden = false;
    for (const s of cfg.sources) {
      const id = 'source-' + cell(s.id).replace(/[^A-Za-z0-9_-]/g, '_');
      const row = el('div', 'source');
      const box = el('input');
      box.type = 'checkbox';
      box.id = id;
      box.value = cell(s.id);
      const label = el('label', null, cell(s.label || s.id));
      label.htmlFor = id;
      row.append(box, label, el('span', 'sends', cell(s.sends)));
      fs.append(row);
    }
  }
  if (cfg.countryCodes && mapView) mapView.setCountryCodes(cfg.countryCodes);
  if (cfg.maxUpload) {
    maxUpload = cfg.maxUpload;
    $('file').title = 'At most ' + n(Math.floor(cfg.maxUpload / 1048576)) + ' MiB per job';
  }
}

function onGridKey(e) {
  const page = Math.max(1, Math.floor(grid().clientHeight / ROW_HEIGHT) - 2);
  const c = view.cursor;
  const keys = {
    ArrowDown: c + 1,
    ArrowUp: c < 0 ? 0 : c - 1,
    PageDown: c + page,
    PageUp: c - page,
    Home: 0,
    End: view.rows.length - 1,
  };
  if (e.key in keys) {
    moveCursor(keys[e.key]);
    e.preventDefault();
  } else if ((e.key === 'Enter' || e.key === ' ') && view.cursor >= 0) {
    openDetail(view.cursor);
    e.preventDefault();
  }
}

let mapView;

function init() {
  mapView = new MapView($('map'), (f) => addFilter(f));
  agg = newAgg();
  renderCounts();
  $('run').addEventListener('click', run);
  $('cancel').addEventListener('click', () => controller && controller.abort());
  $('file').addEventListener('change', () => {
    $('clear-file').hidden = !$('file').files.length;
  });
  $('clear-file').addEventListener('click', () => {
    $('file').value = '';
    $('clear-file').hidden = true;
  });
  const drop = document.querySelector('.input');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('drag');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('drag'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('drag');
    if (e.dataTransfer && e.dataTransfer.files.length) {
      $('file').files = e.dataTransfer.files;
      $('clear-file').hidden = false;
    }
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      run();
    } else if (e.key === 'Escape' && !$('detail').open) {
      if (view.filters.length || view.text) clearFilters();
    }
  });
  let filterTimer = 0;
  $('filter').addEventListener('input', () => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => {
      view.text = $('filter').value.trim().toLowerCase();
      rebuildView();
    }, 120);
  });
  $('measure').addEventListener('change', () => {
    view.measure = $('measure').value;
    dirty.panels = true;
    schedule();
  });
  grid().addEventListener('scroll', () => {
    dirty.table = true;
    schedule();
  });
  grid().addEventListener('keydown', onGridKey);
  $('table').tBodies[0].addEventListener('click', (e) => {
    const tr = e.target.closest('tr[data-pos]');
    if (!tr) return;
    view.cursor = Number(tr.dataset.pos);
    dirty.table = true;
    schedule();
    openDetail(view.cursor);
  });
  $('detail-close').addEventListener('click', () => $('detail').close());
  $('detail').addEventListener('close', () => grid().focus());
  $('export-csv').addEventListener('click', exportCsv);
  $('export-jsonl').addEventListener('click', exportJsonl);
  $('export-geojson').addEventListener('click', exportGeojson);
  $('export-report').addEventListener('click', exportReport);
  new ResizeObserver(() => {
    dirty.table = true;
    schedule();
  }).observe(grid());
  loadConfig();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
