package dev.iptriage.sink.report;

import java.time.Instant;

/**
 * A database the run used.
 *
 * @param type its {@code database_type}
 * @param origin the file, or {@code built-in:NAME}
 * @param built its build time
 * @param attribution the attribution its licence requires, or empty
 */
public record DatabaseFact(String type, String origin, Instant built, String attribution) {}
