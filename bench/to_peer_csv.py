#!/usr/bin/env python3
"""Convert an `iptriage enrich` CSV (default fields) to the peer benchmark's CSV layout.

usage: to_peer_csv.py IPTRIAGE.csv PEER_LAYOUT.csv

The peers (../shared/bench) write: IP Address,ASN,Organization,Network,City,Country,Postal Code,
Location with Location = "lat, lon" when the City database has the address ("None, None" when
that record has no coordinates) and empty otherwise. iptriage writes separate latitude/longitude
columns; this script only re-arranges columns, it never looks anything up. A leading apostrophe
that iptriage adds to neutralise spreadsheet formulas is removed again (the peers do not add it).

One difference of meaning is normalised, and counted on stderr: the peers' Network is the ASN
record's network only, empty when the ASN database lacks the address, while iptriage's `network`
then comes from the first other database that has the address (the City one). Where the ASN
database has no record (no asn and no organization), the network is blanked for the comparison.
"""
import csv
import sys

COLS = ['ip', 'status', 'asn', 'as_org', 'network', 'city', 'country', 'postal_code', 'latitude', 'longitude']
RISKY = ('=', '+', '-', '@', '\t', '\r')


def unsafe(cell):
    return cell[1:] if len(cell) > 2 and cell[0] == "'" and cell[1] in RISKY else cell


def main():
    src, dst = sys.argv[1], sys.argv[2]
    with open(src, newline='', encoding='utf-8') as f, open(dst, 'w', newline='', encoding='utf-8') as g:
        r = csv.reader(f)
        header = next(r)
        if header != COLS:
            sys.exit('expected the default iptriage columns, got %s' % header)
        w = csv.writer(g, lineterminator='\n')
        w.writerow(['IP Address', 'ASN', 'Organization', 'Network', 'City', 'Country', 'Postal Code', 'Location'])
        city_networks = 0
        for row in r:
            ip, status, asn, org, net, city, country, postal, lat, lon = [unsafe(c) for c in row]
            if net and not asn and not org:
                net = ''  # the City database's network: the peers' Network is the ASN record's only
                city_networks += 1
            if lat or lon:
                loc = '%s, %s' % (lat or 'None', lon or 'None')
            elif city or country or postal:
                loc = 'None, None'
            else:
                loc = ''
            w.writerow([ip, asn, org, net, city, country, postal, loc])
    print('to_peer_csv: %d rows with the network of the City database (not in the ASN one) blanked'
          % city_networks, file=sys.stderr)


if __name__ == '__main__':
    main()
