/** Inputs: files, standard input, gzip. */
package dev.iptriage.source;
