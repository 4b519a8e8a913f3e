// iptriage serve: pure functions over rows (no DOM): cell text, sort keys (the order of `--sort`), and the CSV of the
// CLI.

/** The text shown for a value: '' for null, lists of plain values joined by ', ', other structures as JSON. */
export function cell(v) {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object')) return v.map(cell).join(', ');
  return JSON.stringify(v);
}

/** Whether a value is missing: null, '' or an empty list. */
export function empty(v) {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

/** The elements of a value a panel counts: each element of a list, else the value itself; nothing when empty. */
export function items(v) {
  if (empty(v)) return [];
  return Array.isArray(v) ? v.map(cell) : [cell(v)];
}

// ---- the order of `--sort` ---------------------------------------------------------------------------------------
// One implementation for this page and the report: order.js (core's, the report inlines it), which index.html loads
// before this module as globalThis.iptriageOrder.

const order = () => globalThis.iptriageOrder;

/**
 * The sort key of a row's value in a column, made once per row as rows arrive: null when the value is missing
 * (sorted last in both directions); an address key for ip and network, a time key for first_seen and last_seen
 * (null when the text is none); numbers as numbers, booleans as 1 and 0; other values by their text.
 */
export function sortKey(column, v) {
  if (empty(v)) return null;
  return order().cellKey(column, typeof v === 'object' ? cell(v) : v, false);
}

/** A column's keys made fast to compare for one sort (text as its rank in the collation), in the same order. */
export function sortableKeys(keys) {
  return order().sortable(keys);
}

/**
 * The comparator of rows by their keys, as `--sort` orders them (Order.java):
 * (ipKeyA, ipKeyB, ipTextA, ipTextB, keyA, keyB, byIp, ascending). The ip keys are sortKey('ip', ...).
 */
export function rowComparator() {
  return order().compareRows;
}

// ---- CSV as `iptriage enrich -f csv` writes it -----------------------------------------------------------------

function isUnsafe(c) {
  if (c < 0x20) return true;
  if (c < 0x7f) return false;
  return (
    c <= 0x9f ||
    c === 0x061c ||
    c === 0x200e ||
    c === 0x200f ||
    (c >= 0x2028 && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069)
  );
}

/** CellText.controlSafe: every unsafe UTF-16 unit but TAB, CR and LF becomes U+FFFD. */
export function controlSafe(s) {
  let out = null;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const bad = c !== 9 && c !== 10 && c !== 13 && isUnsafe(c);
    if (bad && out === null) out = s.slice(0, i);
    if (out !== null) out += bad ? '\uFFFD' : s[i];
  }
  return out === null ? s : out;
}

function isNumber(s) {
  let i = s[0] === '-' || s[0] === '+' ? 1 : 0;
  let digit = false;
  let dot = false;
  for (; i < s.length; i++) {
    const c = s[i];
    if (c >= '0' && c <= '9') digit = true;
    else if (c === '.' && !dot) dot = true;
    else return false;
  }
  return digit;
}

/**
 * CellText.spreadsheetSafe: a formula-like cell that is no plain number gets a leading apostrophe, and so does one
 * whose leading apostrophes are followed by such a start ('=x is written ''=x), so the guard can be undone exactly.
 */
export function spreadsheetSafe(s) {
  let i = 0;
  while (i < s.length && s[i] === "'") i++;
  if (i === s.length) return s;
  const c = s[i];
  if (i === s.length - 1 && c !== '=') return s; // a lone "-" or "+" is text; a lone "=" is not
  const risky = c === '=' || c === '+' || c === '-' || c === '@' || c === '\t' || c === '\r';
  return risky && !isNumber(s.slice(i)) ? "'" + s : s;
}

/** CellText.csvText. */
export function csvText(s) {
  return spreadsheetSafe(controlSafe(s));
}

/** CellText.plain: Java's computerized notation ("-1.25E-5") in plain form ("-0.0000125"). */
export function plainNumber(s) {
  const e = s.search(/[eE]/);
  if (e < 0) return s;
  const negative = s[0] === '-';
  const start = negative ? 1 : 0;
  const mant = s.slice(start, e);
  const dotAt = mant.indexOf('.');
  let digits = dotAt < 0 ? mant : mant.slice(0, dotAt) + mant.slice(dotAt + 1);
  const intDigits = dotAt < 0 ? mant.length : dotAt;
  let end = digits.length;
  while (end > 1 && digits[end - 1] === '0') end--;
  digits = digits.slice(0, end);
  const point = intDigits + Number(s.slice(e + 1));
  let out = negative ? '-' : '';
  if (point <= 0) out += '0.' + '0'.repeat(-point) + digits;
  else if (point >= digits.length) out += digits + '0'.repeat(point - digits.length);
  else out += digits.slice(0, point) + '.' + digits.slice(point);
  return out;
}

/**
 * The top-level values of one JSON object line as the JSON text they were written as (numbers keep the server's
 * digits, lists their compact JSON), by key.
 */
export function rawValues(line) {
  const out = new Map();
  let i = line.indexOf('{') + 1;
  const n = line.length;
  const ws = () => {
    while (i < n && ' \t\r\n'.includes(line[i])) i++;
  };
  const str = () => {
    const s = i;
    i++;
    while (i < n && line[i] !== '"') i += line[i] === '\\' ? 2 : 1;
    i++;
    return line.slice(s, i);
  };
  for (;;) {
    ws();
    if (i >= n || line[i] === '}') break;
    const key = JSON.parse(str());
    ws();
    i++; // :
    ws();
    const s = i;
    if (line[i] === '"') {
      str();
    } else if (line[i] === '[' || line[i] === '{') {
      let depth = 0;
      do {
        const c = line[i];
        if (c === '"') {
          str();
          continue;
        }
        if (c === '[' || c === '{') depth++;
        else if (c === ']' || c === '}') depth--;
        i++;
      } while (i < n && depth > 0);
    } else {
      while (i < n && line[i] !== ',' && line[i] !== '}' && !' \t\r\n'.includes(line[i])) i++;
    }
    out.set(key, line.slice(s, i));
    ws();
    if (line[i] === ',') i++;
  }
  return out;
}

/** The CSV cell of one raw JSON value, as CellText.csv makes it of the value the server serialised. */
export function csvCellOfRaw(raw) {
  if (raw === undefined || raw === 'null') return '';
  const c = raw[0];
  if (c === '"') return csvText(JSON.parse(raw));
  if (c === '[' || c === '{') return csvText(raw);
  if (raw === 'true' || raw === 'false') return raw;
  return csvText(plainNumber(raw));
}

/** One CSV record as FastCSV writes it (quotes only when needed; a record's first cell starting with '#' too). */
export function csvRecord(cells) {
  if (cells.length === 1 && cells[0] === '') return '""\n';
  let out = '';
  for (let k = 0; k < cells.length; k++) {
    const s = cells[k];
    if (k > 0) out += ',';
    if (/[",\r\n]/.test(s) || (k === 0 && s[0] === '#')) out += '"' + s.replace(/"/g, '""') + '"';
    else out += s;
  }
  return out + '\n';
}

/** The whole CSV file of these raw lines, with these columns. */
export function csvOf(columns, raws) {
  const parts = [csvRecord(columns.map(csvText))];
  for (const line of raws) {
    const v = rawValues(line);
    parts.push(csvRecord(columns.map((c) => csvCellOfRaw(v.get(c)))));
  }
  return parts.join('');
}
