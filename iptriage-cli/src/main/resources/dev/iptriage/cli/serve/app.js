// iptriage serve: the page's code. Every value is written with textContent, never as HTML: names come from
// databases, lists and logs, any of which may be hostile. Nothing is put in the URL or in browser storage.
'use strict';

const SHOWN = 5000; // rows kept in the table; the counters count them all

const $ = (id) => document.getElementById(id);
let controller = null;

function cell(v) {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

const TOPS = ['country', 'as_org', 'network', 'tags'];
const TOP_N = 10;

// counts[column] maps a value to its rows; a list value (tags) counts once per element
function tally(tops, row) {
  for (const c of TOPS) {
    const v = row[c];
    if (v === null || v === undefined || v === '') continue;
    const m = tops[c];
    for (const x of Array.isArray(v) ? v : [v]) {
      const k = cell(x);
      m.set(k, (m.get(k) || 0) + 1);
    }
  }
}

function showTops(tops) {
  for (const c of TOPS) {
    const ol = $('top-' + c);
    ol.replaceChildren();
    const best = [...tops[c].entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, TOP_N);
    for (const [k, n] of best) {
      const li = document.createElement('li');
      const b = document.createElement('b');
      b.textContent = n.toLocaleString();
      li.append(document.createTextNode(k), b);
      li.title = k;
      ol.append(li);
    }
  }
}

function setCounts(counts) {
  const ul = $('counts');
  ul.replaceChildren();
  for (const [k, v] of Object.entries(counts)) {
    const li = document.createElement('li');
    const b = document.createElement('b');
    b.textContent = v.toLocaleString();
    li.append(document.createTextNode(k + ' '), b);
    ul.append(li);
  }
}

async function run() {
  const file = $('file').files[0];
  const body = file ? file : $('text').value;
  if (!file && !body.trim()) {
    $('status').textContent = 'Nothing to enrich: paste text or choose a file.';
    return;
  }
  controller = new AbortController();
  $('run').disabled = true;
  $('cancel').disabled = false;
  const thead = $('table').tHead;
  const tbody = $('table').tBodies[0];
  thead.replaceChildren();
  tbody.replaceChildren();
  $('more').hidden = true;
  const counts = { rows: 0 };
  const tops = Object.fromEntries(TOPS.map((c) => [c, new Map()]));
  let columns = null;
  $('status').textContent = 'Working…';
  try {
    const resp = await fetch('/api/enrich?from=' + encodeURIComponent($('from').value), {
      method: 'POST', body, signal: controller.signal, headers: { 'Content-Type': 'application/octet-stream' },
    });
    if (!resp.ok) {
      $('status').textContent = 'Refused: ' + (await resp.text());
      return;
    }
    const reader = resp.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (!line) continue;
        const row = JSON.parse(line);
        if (row.columns || row.progress) continue;
        if (row.summary) {
          $('status').textContent = row.summary.error ? row.summary.error : 'Done.';
          continue;
        }
        if (!columns) {
          columns = Object.keys(row);
          const tr = document.createElement('tr');
          for (const c of columns) {
            const th = document.createElement('th');
            th.textContent = c;
            tr.append(th);
          }
          thead.append(tr);
        }
        counts.rows++;
        counts[row.status] = (counts[row.status] || 0) + 1;
        tally(tops, row);
        if (counts.rows <= SHOWN) {
          const tr = document.createElement('tr');
          for (const c of columns) {
            const td = document.createElement('td');
            td.textContent = cell(row[c]);
            tr.append(td);
          }
          tbody.append(tr);
        } else {
          $('more').hidden = false;
          $('more').textContent = (counts.rows - SHOWN).toLocaleString() + ' more rows are counted but not shown.';
        }
      }
      setCounts(counts);
      showTops(tops);
    }
    setCounts(counts);
    showTops(tops);
  } catch (e) {
    $('status').textContent = e.name === 'AbortError' ? 'Cancelled.' : 'Failed: ' + e.message;
  } finally {
    $('run').disabled = false;
    $('cancel').disabled = true;
    controller = null;
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('run').addEventListener('click', run);
  $('cancel').addEventListener('click', () => controller && controller.abort());
  $('text').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) run();
  });
});
