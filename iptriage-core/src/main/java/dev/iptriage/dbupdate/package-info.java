/**
 * Keeping databases current ({@code iptriage db update}): MaxMind's direct download (as geoipupdate does it) and
 * DB-IP Lite, each download checked and verified before it replaces the installed file. Entry point: {@link
 * dev.iptriage.dbupdate.DatabaseUpdater#update}, with settings from {@link dev.iptriage.dbupdate.UpdateConfig#parse}
 * (GeoIP.conf).
 */
package dev.iptriage.dbupdate;
