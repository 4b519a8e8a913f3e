// iptriage serve: pure functions over rows (no DOM): cell text, sort keys, and the CSV of the CLI.

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

// ---- address order ------------------------------------------------------------------------------------------

function hex(n, w) {
  return n.toString(16).padStart(w, '0');
}

function v4(s) {
  const p = s.split('.');
  if (p.length !== 4) return null;
  let out = '';
  for (const x of p) {
    if (!/^[0-9]{1,3}$/.test(x) || Number(x) > 255) return null;
    out += hex(Number(x), 2);
  }
  return out;
}

function v6(s) {
  const pct = s.indexOf('%');
  if (pct >= 0) s = s.slice(0, pct);
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.indexOf(':') < 0) return null;
  let tail = [];
  const last = s.lastIndexOf(':');
  if (s.indexOf('.', last) > last) {
    const four = v4(s.slice(last + 1));
    if (four === null) return null;
    tail = [four.slice(0, 4), four.slice(4)];
    s = s.slice(0, last + 1) + '0';
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const part = (h) => (h === '' ? [] : h.split(':'));
  const head = part(halves[0]);
  const rest = halves.length === 2 ? part(halves[1]) : [];
  if (tail.length) (halves.length === 2 ? rest : head).pop();
  const groups = head.length + rest.length + tail.length;
  if (groups > 8 || (halves.length === 1 && groups !== 8)) return null;
  const all = [...head, ...Array(8 - groups).fill('0'), ...rest, ...tail];
  let out = '';
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    out += g.toLowerCase().padStart(4, '0');
  }
  return out;
}

/**
 * A key that orders addresses (and CIDR networks) as numbers: IPv4 before IPv6, then by value, then by prefix
 * length; text that is no address sorts after every address.
 */
export function addressKey(v) {
  if (typeof v !== 'string' || v === '') return null;
  let a = v;
  let len = '';
  const slash = v.indexOf('/');
  if (slash >= 0) {
    a = v.slice(0, slash);
    len = v.slice(slash + 1);
  }
  const lenKey = /^[0-9]{1,3}$/.test(len) ? len.padStart(3, '0') : len === '' ? '' : 'zzz';
  const four = v4(a);
  if (four !== null) return '4' + four + lenKey;
  const six = v6(a);
  if (six !== null) return '6' + six + lenKey;
  return '9' + v;
}

/** The columns whose values are addresses or networks, sorted in address order. */
export const ADDRESS_COLUMNS = new Set(['ip', 'network']);

/**
 * Sort keys of one column for rows [from, rows.length): numbers for a numeric column, address keys for an
 * address column, lower-case text otherwise; null when the value is missing (sorted last).
 */
export function sortKey(column, v) {
  if (empty(v)) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (ADDRESS_COLUMNS.has(column)) return addressKey(String(v));
  return cell(v).toLowerCase();
}

/** Compares two keys; null last whatever the direction (dir 1 or -1); numbers before text. */
export function compareKeys(a, b, dir) {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const ta = typeof a;
  const tb = typeof b;
  if (ta !== tb) return ta === 'number' ? -1 : 1;
  return (a < b ? -1 : 1) * dir;
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
