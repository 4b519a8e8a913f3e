/**
 * Keeping public IP lists current ({@code iptriage lists update}): the {@link dev.iptriage.listupdate.ListCatalogue
 * catalogue} of lists with their URLs, terms and polling limits, the {@link dev.iptriage.listupdate.ListUpdater
 * updater} (conditional requests, each download read as a list before it atomically replaces the file, the old file
 * kept as {@code .previous}), and {@link dev.iptriage.listupdate.ListFreshness} (which lists of a folder are stale).
 */
package dev.iptriage.listupdate;
