package dev.iptriage.sources;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A remote source's answer about one address.
 *
 * @param status what the source said
 * @param values the source's columns by name (absent or null: empty); values are {@link String},
 *     {@link Long}, {@link Integer}, {@link java.math.BigInteger}, {@link Double}, {@link Float},
 *     {@link Boolean}, or lists and maps of them
 * @param detail with {@link SourceStatus#ERROR}, why (written after {@code error:}); with {@link
 *     SourceStatus#SKIPPED}, why when a source says (after {@code skipped:}, e.g. {@code budget}), or null; else null
 * @param notSentWhy null when the address went on the wire in this run to get the answer (a question naming it was
 *     sent, or shared with one of this run that was sent); otherwise why nothing naming it was sent, as the run
 *     summary says it among the addresses not sent ({@link #FROM_CACHE}, {@link #NOTHING_TO_ASK}). The engine
 *     counts such an address apart from those sent ({@link SourceStats#notSentWhy}), its status among the outcomes.
 *     A {@link SourceStatus#SKIPPED} answer is never counted sent, whatever this says.
 */
public record SourceAnswer(SourceStatus status, Map<String, Object> values, String detail, String notSentWhy) {
    /** Why nothing was sent for an answer whose every question the source's persistent cache answered. */
    public static final String FROM_CACHE = "answered from the cache";

    /**
     * Why nothing was sent for an answer the source gave without a question to ask (a DNS blocklist whose every
     * zone is off for the run, or has no data for the address's family).
     */
    public static final String NOTHING_TO_ASK = "nothing to ask";

    /**
     * Copies the values deeply (nulls allowed) and checks the rest.
     *
     * @throws IllegalArgumentException for a value of another type (the engine makes it an error
     *     answer)
     */
    public SourceAnswer {
        Objects.requireNonNull(status, "status");
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), copyOf(v)));
        values = Collections.unmodifiableMap(copy);
        if (status == SourceStatus.ERROR ? detail == null : detail != null && status != SourceStatus.SKIPPED) {
            throw new IllegalArgumentException("an error answer has a detail, a skip may have one, others none");
        }
        if (notSentWhy != null && notSentWhy.isBlank()) {
            throw new IllegalArgumentException("why nothing was sent is null (it was sent) or a reason, not blank");
        }
    }

    /** An answer got by sending the address (the usual case): {@link #notSentWhy()} null. */
    public SourceAnswer(SourceStatus status, Map<String, Object> values, String detail) {
        this(status, values, detail, null);
    }

    /**
     * Whether the address went on the wire in this run for this answer: false for one given without sending ({@link
     * #notSentWhy()} set) and for a {@link SourceStatus#SKIPPED} one.
     */
    public boolean sent() {
        return notSentWhy == null && status != SourceStatus.SKIPPED;
    }

    /**
     * This answer, given without sending anything that names the address, for {@code why} (e.g. {@link
     * #FROM_CACHE}).
     */
    public SourceAnswer notSent(String why) {
        return new SourceAnswer(status, values, detail, Objects.requireNonNull(why, "why"));
    }

    /** An answer with data. */
    public static SourceAnswer found(Map<String, Object> values) {
        return new SourceAnswer(SourceStatus.OK, values, null);
    }

    /** The source knows nothing of the address. */
    public static SourceAnswer notFound() {
        return new SourceAnswer(SourceStatus.NOT_FOUND, Map.of(), null);
    }

    /** The source failed, for {@code reason}. */
    public static SourceAnswer error(String reason) {
        return new SourceAnswer(SourceStatus.ERROR, Map.of(), reason == null || reason.isBlank() ? "failed" : reason);
    }

    /** Not asked, for {@code why} (a short word: {@code budget}, {@code out_of_queries}, {@code local}). */
    public static SourceAnswer skipped(String why) {
        return new SourceAnswer(SourceStatus.SKIPPED, Map.of(), why);
    }

    /** The status as written in the {@code NAME_status} column: {@code error:<reason>} for errors. */
    public String statusText() {
        return detail == null ? status.text() : status.text() + ":" + detail;
    }

    /** A checked, unmodifiable copy of a value. */
    private static Object copyOf(Object v) {
        return switch (v) {
            case null -> null;
            case String s -> s;
            case Long n -> n;
            case Integer n -> n;
            case Double n -> n;
            case Float n -> n;
            case java.math.BigInteger n -> n;
            case Boolean b -> b;
            case java.util.List<?> l -> {
                java.util.List<Object> c = new java.util.ArrayList<>(l.size());
                l.forEach(e -> c.add(copyOf(e)));
                yield Collections.unmodifiableList(c);
            }
            case Map<?, ?> m -> {
                Map<String, Object> c = new LinkedHashMap<>();
                m.forEach((k, e) -> c.put(String.valueOf(k), copyOf(e)));
                yield Collections.unmodifiableMap(c);
            }
            default ->
                throw new IllegalArgumentException(
                        "a source's value must be text, a number, a boolean, a list or a map, not "
                                + v.getClass().getName());
        };
    }
}
