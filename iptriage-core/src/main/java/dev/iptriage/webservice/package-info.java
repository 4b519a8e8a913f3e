/**
 * MaxMind's GeoIP2 and GeoLite web services (Country, City, Insights) as a remote source: the answers fill the
 * databases' columns and the service's own ({@code user_type}, the confidences, the anonymizer's), each paid query
 * at most once. A persistent cache keeps every answer by its {@code traits.network} (one answer covers its network),
 * written as it arrives, so an interrupted run pays again only for what it had not received; a budget per run and
 * the {@code queries_remaining} the service reports stop the asking in time; 429 and 5xx answers and timeouts are
 * retried, 402 stops the asking and keeps every answer, 401 and 403 stop with one clear reason. The license key is
 * sent in the Authorization header over HTTPS only and appears nowhere else.
 */
package dev.iptriage.webservice;
