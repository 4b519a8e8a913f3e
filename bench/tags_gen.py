#!/usr/bin/env python3
"""Inputs of bench/tags-bench.sh: an nginx access log and three lists, deterministic from --seed.

usage: tags_gen.py OUT_DIR --lines N [--distinct D] [--seed S]

Writes in OUT_DIR:
  access-<N>.log          N nginx "combined" lines; the client addresses are D distinct ones (90% public
                          IPv4, 10% IPv6) drawn with a Zipf-like skew (weight 1/rank^1.1: a few heavy hitters,
                          a long tail seen once or twice)
  watch.txt               a plain list of 100k+ entries: addresses of the log's population (so there are hits),
                          other addresses, CIDRs and a-b ranges, IPv4 and IPv6, with # comments
  drop_v4.json            Spamhaus DROP JSON lines ({"cidr","sblid","rir"} records and a metadata record)
  firehol_level1.netset   a FireHOL netset with its header (hash:net, dates, maintainer), bogons included
"""
import argparse
import ipaddress
import itertools
import os
import random

BOGONS = ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12',
          '192.0.2.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/3']
PRIVATE_FIRST = {0, 10, 100, 127, 169, 172, 192, 198, 203}
PATHS = ['/', '/index.html', '/login', '/wp-login.php', '/wp-admin/admin-ajax.php', '/api/v1/items?id=42',
         '/static/app.js', '/static/style.css', '/.env', '/favicon.ico', '/robots.txt', '/search?q=ip+triage']
METHODS = ['GET'] * 8 + ['POST', 'HEAD']
STATUSES = ['200'] * 7 + ['301', '304', '404', '404', '403', '500']
AGENTS = ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
          'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
          'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
          'curl/8.5.0', 'python-requests/2.31.0', 'Go-http-client/1.1',
          'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
          'Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)',
          'Expanse, a Palo Alto Networks company, searches across the global IPv4 space']
REFERERS = ['-'] * 6 + ['https://www.example.com/', 'https://www.google.com/']
RIRS = ['arin', 'ripencc', 'apnic', 'lacnic', 'afrinic']


def public_v4(rnd):
    while True:
        first = rnd.randint(1, 223)
        if first not in PRIVATE_FIRST:
            return (first << 24) | rnd.getrandbits(24)


def v4(x):
    return str(ipaddress.IPv4Address(x))


def population(rnd, distinct):
    """D distinct client addresses as text, about 90% IPv4 and 10% IPv6 (clustered in a few /32s)."""
    seen, out = set(), []
    v6_prefixes = [rnd.getrandbits(32) | 0x2a000000 for _ in range(50)]
    while len(out) < distinct:
        if rnd.random() < 0.9:
            a = v4(public_v4(rnd))
        else:
            a = str(ipaddress.IPv6Address((rnd.choice(v6_prefixes) << 96) | rnd.getrandbits(96)))
        if a not in seen:
            seen.add(a)
            out.append(a)
    return out


def write_log(rnd, path, lines, addrs):
    cum = list(itertools.accumulate(1.0 / (rank + 1) ** 1.1 for rank in range(len(addrs))))
    seconds = ['%02d:%02d:%02d' % (s // 3600, s // 60 % 60, s % 60) for s in range(86400)]
    requests = ['"%s %s HTTP/1.1"' % (m, p) for m in sorted(set(METHODS)) for p in PATHS]
    tail = ['"%s" "%s"' % (r, a) for r in sorted(set(REFERERS)) for a in AGENTS]
    chunk = 100000
    with open(path, 'w', encoding='ascii') as f:
        for start in range(0, lines, chunk):
            k = min(chunk, lines - start)
            who = rnd.choices(addrs, cum_weights=cum, k=k)
            req = rnd.choices(requests, k=k)
            st = rnd.choices(STATUSES, k=k)
            tl = rnd.choices(tail, k=k)
            out = []
            for i in range(k):
                n = start + i
                out.append('%s - - [06/Dec/2026:%s +0000] %s %s %d %s\n' % (
                    who[i], seconds[n * 86400 // lines], req[i], st[i], 200 + (n * 7919) % 60000, tl[i]))
            f.write(''.join(out))


def cidr_v4(rnd, lo, hi):
    plen = rnd.randint(lo, hi)
    net = public_v4(rnd) & ~((1 << (32 - plen)) - 1)
    return '%s/%d' % (v4(net), plen)


def write_watch(rnd, path, addrs, size):
    hits = rnd.sample(addrs, min(len(addrs) // 5, size // 3))
    lines = []
    for a in hits:
        lines.append(a + (' # seen in the log' if rnd.random() < 0.1 else ''))
    while len(lines) < size:
        r = rnd.random()
        if r < 0.6:
            lines.append(v4(public_v4(rnd)))
        elif r < 0.85:
            lines.append(cidr_v4(rnd, 20, 30))
        elif r < 0.95:
            a = public_v4(rnd)
            lines.append('%s-%s' % (v4(a), v4(min(a + rnd.randint(1, 5000), 0xDFFFFFFF))))
        else:
            lines.append(str(ipaddress.IPv6Network(((0x2a00 << 112) | (rnd.getrandbits(48) << 64), 64))))
    rnd.shuffle(lines)
    with open(path, 'w', encoding='ascii') as f:
        f.write('# synthetic watchlist for bench/tags-bench.sh\n# Source: bench/tags_gen.py\n#\n')
        f.write('\n'.join(lines) + '\n')


def write_drop(rnd, path, addrs, count):
    nets = set()
    for a in rnd.sample([a for a in addrs if ':' not in a], 200):  # some networks that cover log addresses
        nets.add(str(ipaddress.IPv4Network(a + '/24', strict=False)))
    while len(nets) < count:
        nets.add(cidr_v4(rnd, 14, 24))
    with open(path, 'w', encoding='ascii') as f:
        for i, n in enumerate(sorted(nets, key=lambda s: ipaddress.IPv4Network(s))):
            f.write('{"cidr":"%s","sblid":"SBL%d","rir":"%s"}\n' % (n, 100000 + i * 37, rnd.choice(RIRS)))
        f.write('{"type":"metadata","timestamp":1765000000,"size":%d,"records":%d,'
                '"copyright":"(c) synthetic data for bench/tags-bench.sh","terms":"none"}\n' % (count * 60, count))


def write_firehol(rnd, path, addrs, count):
    nets = set(BOGONS)
    for a in rnd.sample([a for a in addrs if ':' not in a], 300):
        nets.add(str(ipaddress.IPv4Network(a + '/%d' % rnd.randint(22, 32), strict=False)))
    while len(nets) < count:
        nets.add(cidr_v4(rnd, 12, 32))
    header = """#
# firehol_level1
#
# ipv4 hash:net ipset
#
# Synthetic data for bench/tags-bench.sh, in the format of FireHOL's netsets.
#
# Maintainer      : bench/tags_gen.py
# Maintainer URL  : https://example.org/
# List source URL :
# Source File Date: Sun Dec  6 00:00:00 UTC 2026
#
# Category        : attacks
# Version         : 1
#
# This File Date  : Sun Dec  6 00:10:00 UTC 2026
# Update Frequency: 1 min
# Aggregation     : none
# Entries         : %d subnets
#
""" % len(nets)
    with open(path, 'w', encoding='ascii') as f:
        f.write(header)
        for n in sorted(nets, key=lambda s: ipaddress.IPv4Network(s)):
            f.write(n + '\n')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('out_dir')
    ap.add_argument('--lines', type=int, required=True)
    ap.add_argument('--distinct', type=int, default=200000)
    ap.add_argument('--watch', type=int, default=120000, help='entries of watch.txt')
    ap.add_argument('--seed', type=int, default=20261206)
    a = ap.parse_args()
    os.makedirs(a.out_dir, exist_ok=True)
    rnd = random.Random(a.seed)
    addrs = population(rnd, a.distinct)
    write_watch(random.Random(a.seed + 1), os.path.join(a.out_dir, 'watch.txt'), addrs, a.watch)
    write_drop(random.Random(a.seed + 2), os.path.join(a.out_dir, 'drop_v4.json'), addrs, 1500)
    write_firehol(random.Random(a.seed + 3), os.path.join(a.out_dir, 'firehol_level1.netset'), addrs, 4500)
    log = os.path.join(a.out_dir, 'access-%d.log' % a.lines)
    write_log(random.Random(a.seed + 4), log + '.tmp', a.lines, addrs)
    os.replace(log + '.tmp', log)


if __name__ == '__main__':
    main()
