/**
 * Keeping databases current ({@code iptriage db update}): MaxMind's direct download (as
 * geoipupdate) and DB-IP Lite. Entry point: {@link dev.iptriage.dbupdate.DatabaseUpdater#update};
 * settings from {@link dev.iptriage.dbupdate.UpdateConfig#parse} (GeoIP.conf).
 */
package dev.iptriage.dbupdate;
