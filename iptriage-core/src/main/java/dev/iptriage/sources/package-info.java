/**
 * Sources of columns: what adds columns to an address, besides the built-in ones. Two kinds ({@link
 * dev.iptriage.sources.ColumnSource}):
 *
 * <ul>
 *   <li>a {@link dev.iptriage.sources.LocalSource} is a local .mmdb file (a database today, compiled
 *       lists later), answered on the engine's worker threads in its hot path, by the same batched
 *       tree walk as every database;
 *   <li>a {@link dev.iptriage.sources.RemoteSource} answers one address at a time, asynchronously
 *       (reverse DNS, DNS blocklists, web services). The engine asks it each distinct address once
 *       per run, with bounded concurrency and a timeout, never asks it private or reserved addresses
 *       unless it says it is local, keeps the input order in the output, gives every address a
 *       status per source ({@link dev.iptriage.sources.SourceStatus}) and counts what it sent ({@link
 *       dev.iptriage.sources.SourceStats}): a source that answers without sending anything naming the
 *       address (from its own cache) says so ({@link dev.iptriage.sources.SourceAnswer#notSent}), and the
 *       address is not counted sent.
 * </ul>
 *
 * <p>Entry point for a new remote source: implement {@link dev.iptriage.sources.RemoteSource} and
 * hand it to {@code Engine.builder().source(...)}; docs/architecture.md walks through it.
 */
package dev.iptriage.sources;
