#!/usr/bin/python3
"""Checks iptriage's online answers against genzone's truth file (dns-bench.sh).

usage: dns_check.py TRUTH.jsonl IPTRIAGE.jsonl RERUN.jsonl SEED.csv RERUN-QUERIES.tsv
Every address without a fault name must agree on ptr, fcrdns, the DNSBL return codes and the origin
ASN; fault names must come out 'servfail' or 'timeout', never as "no name"; the rerun (cache) must
give the same rows, except that fault names are asked again (failures are never cached: their
status may change), and it must ask no name that had an answer. The seed's agreement is shown for
comparison.
"""
import csv
import ipaddress
import json
import sys

# Spamhaus ZEN return codes (docs.spamhaus.com, "Available Zones") as iptriage names them
ZEN = {'127.0.0.2': 'SBL', '127.0.0.3': 'CSS', '127.0.0.4': 'XBL', '127.0.0.9': 'DROP',
       '127.0.0.10': 'PBL-ISP', '127.0.0.11': 'PBL-Spamhaus', '127.0.0.30': 'BCL'}
ZONE = 'zen.spamhaus.org'


def rows(path):
    with open(path, encoding='utf-8') as f:
        return {r['ip']: r for r in map(json.loads, f)}


def main():
    truth = [json.loads(line) for line in open(sys.argv[1], encoding='utf-8')]
    got, rerun = rows(sys.argv[2]), rows(sys.argv[3])
    with open(sys.argv[4], encoding='utf-8') as f:
        seed = {r['ip']: r for r in csv.DictReader(f)}
    bad, faults_ok, faults, examples = 0, 0, 0, []
    seed_ptr_ok = seed_fault_empty = 0

    def wrong(ip, what, want, have):
        nonlocal bad
        bad += 1
        if len(examples) < 10:
            examples.append('%s %s: want %r, got %r' % (ip, what, want, have))

    for t in truth:
        ip = t['ip']
        r = got.get(ip)
        if r is None:
            wrong(ip, 'row', 'a row', None)
            continue
        if t['fault']:
            faults += 1
            if r.get('ptr_status') in ('servfail', 'timeout') and not r.get('ptr'):
                faults_ok += 1
            else:
                wrong(ip, 'fault', 'servfail or timeout', (r.get('ptr_status'), r.get('ptr')))
            if not (seed.get(ip) or {}).get('ptr'):
                seed_fault_empty += 1
        else:
            if r.get('ptr') != t['ptr']:
                wrong(ip, 'ptr', t['ptr'], r.get('ptr'))
            if r.get('ptr_status') != ('ok' if t['ptr'] else 'nxdomain'):
                wrong(ip, 'ptr_status', 'ok' if t['ptr'] else 'nxdomain', r.get('ptr_status'))
            if r.get('fcrdns') != t['fcrdns']:
                wrong(ip, 'fcrdns', t['fcrdns'], r.get('fcrdns'))
            if ((seed.get(ip) or {}).get('ptr') or None) == t['ptr']:
                seed_ptr_ok += 1
        want_bl = sorted('%s:%s' % (ZONE, ZEN[c]) for c in t['dnsbl'])
        if sorted(r.get('dnsbl') or []) != want_bl:
            wrong(ip, 'dnsbl', want_bl, r.get('dnsbl'))
        if r.get('dnsbl_status') != ('ok' if want_bl else 'nxdomain'):
            wrong(ip, 'dnsbl_status', 'ok' if want_bl else 'nxdomain', r.get('dnsbl_status'))
        if r.get('origin_asn') != [t['asn']] or r.get('cymru_status') != 'ok':
            wrong(ip, 'origin_asn', [t['asn']], (r.get('origin_asn'), r.get('cymru_status')))
        again = dict(rerun.get(ip) or {})
        if t['fault'] and again.get('ptr_status') in ('servfail', 'timeout'):
            again['ptr_status'] = r.get('ptr_status')  # asked again: either failure is right
        if again != r:
            wrong(ip, 'rerun', r, rerun.get(ip))
    n = len(truth)
    print('addresses checked: %d (fault names: %d)' % (n, faults))
    print('iptriage mismatches: %d' % bad)
    print('iptriage fault names reported as servfail/timeout: %d of %d' % (faults_ok, faults))
    print('seed: ptr right for %d of %d addresses without a fault; fault names left as an empty cell'
          ' (same as "no name"): %d of %d' % (seed_ptr_ok, n - faults, seed_fault_empty, faults))
    fault_names = {ipaddress.ip_address(t['ip']).reverse_pointer + '.' for t in truth if t['fault']}
    with open(sys.argv[5], encoding='utf-8') as f:
        asked = [line.split('\t')[2].lower() for line in f if line.strip()]
    print('rerun: queries for fault names (asked again): %d' % sum(1 for a in asked if a in fault_names))
    print('rerun: queries for names that had an answer: %d' % sum(1 for a in asked if a not in fault_names))
    for e in examples:
        print('  ' + e)


if __name__ == '__main__':
    main()
