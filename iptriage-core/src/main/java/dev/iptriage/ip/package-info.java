/** IP address literals: parsing without DNS, canonical text, networks, special-purpose classes. */
package dev.iptriage.ip;
