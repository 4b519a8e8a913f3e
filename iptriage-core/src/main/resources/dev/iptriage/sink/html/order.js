// The order of `--sort` (Order.java) for a page's click-to-sort: one implementation, used by the report (inlined in
// its file) and by `iptriage serve`'s page (a file of its server). A plain script: it only defines
// globalThis.iptriageOrder, and reads nothing from the page.
(function () {
  'use strict';

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
    if (typeof s !== 'string') { return null; }
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

  /** By UTF-16 unit, as Java's String.compareTo. */
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

  var NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

  /** Whether a cell's text is a number (a column of numbers and empty cells sorts numerically). */
  function isNumberText(s) { return NUMBER.test(s); }

  function isAddressColumn(column) { return column === 'ip' || column === 'network'; }

  function isTimeColumn(column) { return column === 'first_seen' || column === 'last_seen'; }

  /**
   * The sort key of one cell of a column: null when it has no value (an empty cell, an address or time column's
   * text that is none); an address key for ip and network; a time key for first_seen and last_seen; the number
   * for a number (a JSON number, or the text of one in a column the caller found numeric); else the text.
   */
  function cellKey(column, v, numeric) {
    if (v === null || v === undefined || v === '') { return null; }
    if (isAddressColumn(column)) { return addressKey(String(v)); }
    if (isTimeColumn(column)) { return timeKey(String(v)); }
    if (typeof v === 'number') { return v; }
    if (typeof v === 'boolean') { return v ? 1 : 0; }
    return numeric ? Number(v) : String(v);
  }

  /**
   * Two keys of one column, both not null: numbers numerically (before text, if a column mixes them), times by
   * time, addresses by address, text in a locale-neutral collation, then by UTF-16 unit.
   */
  function compareKeys(x, y) {
    var tx = typeof x;
    var ty = typeof y;
    if (tx === 'number' && ty === 'number') { return x - y; }
    if (tx === 'string' && ty === 'string') { return collator.compare(x, y) || compareText(x, y); }
    if (tx !== ty) { return tx === 'number' ? -1 : ty === 'number' ? 1 : tx === 'string' ? -1 : 1; }
    if (typeof x[0] === 'number') { return (x[0] - y[0]) || compareText(x[1], y[1]); }
    return compareAddresses(x, y);
  }

  /**
   * A column's keys for sorting fast: when its keys (besides null) are all text, each becomes its rank among the
   * column's distinct texts (compareKeys' order, so the order is the same), numbers compared far faster than by
   * the collation; other keys are returned as they are. Make it once per sort, not per comparison.
   */
  function sortable(keys) {
    var seen = new Map();
    for (var i = 0; i < keys.length; i++) {
      var k = keys[i];
      if (k === null) { continue; }
      if (typeof k !== 'string') { return keys; }
      seen.set(k, 0);
    }
    var distinct = Array.from(seen.keys()).sort(compareKeys);
    for (var r = 0; r < distinct.length; r++) { seen.set(distinct[r], r); }
    return keys.map(function (x) { return x === null ? null : seen.get(x); });
  }

  /**
   * Two rows in the order of `--sort` by one column (Order.java). For each row: its ip's address key (null when
   * the row is no address), its ip's text, its key for the column (cellKey). Rows that are no address last,
   * whatever the direction; rows without a value for the key after those with one, whatever the direction; then
   * the key, turned when descending; ties by the address, ascending in both directions (rows that are no address
   * by their text). 0 only for rows equal in all of that.
   *
   * @param byIp whether the column is the ip itself (then its order is the address order, turned when descending)
   */
  function compareRows(ipA, ipB, textA, textB, keyA, keyB, byIp, asc) {
    var na = ipA === null;
    var nb = ipB === null;
    if (na !== nb) { return na ? 1 : -1; } // not an address: last, whatever the direction
    if (!byIp && (keyA === null) !== (keyB === null)) { return keyA === null ? 1 : -1; }
    var c = byIp || keyA === null ? 0 : compareKeys(keyA, keyB);
    if (c !== 0) { return asc ? c : -c; }
    if (na) { return compareText(textA, textB); }
    c = compareAddresses(ipA, ipB);
    return byIp && !asc ? -c : c;
  }

  /**
   * A table's rows (arrays of cell text) in the order of `--sort` by column i; ties of all of it keep their
   * order. A column whose cells are all numbers or empty sorts numerically.
   */
  function rowOrder(columns, rows, i, asc) {
    var ipAt = columns.indexOf('ip');
    var column = columns[i];
    var numeric = rows.every(function (r) { return r[i] === '' || isNumberText(r[i]); });
    var keys = sortable(rows.map(function (r) { return cellKey(column, r[i], numeric); }));
    var keyed = rows.map(function (r, n) {
      var text = ipAt < 0 ? '' : r[ipAt];
      return { row: r, n: n, ip: ipAt < 0 ? null : addressKey(text), text: text, v: keys[n] };
    });
    var byIp = i === ipAt;
    keyed.sort(function (a, b) {
      return compareRows(a.ip, b.ip, a.text, b.text, a.v, b.v, byIp, asc) || (a.n - b.n);
    });
    return keyed.map(function (k) { return k.row; });
  }

  globalThis.iptriageOrder = Object.freeze({
    addressKey: addressKey,
    timeKey: timeKey,
    cellKey: cellKey,
    compareAddresses: compareAddresses,
    compareKeys: compareKeys,
    compareRows: compareRows,
    isNumberText: isNumberText,
    rowOrder: rowOrder,
    sortable: sortable
  });
}());
