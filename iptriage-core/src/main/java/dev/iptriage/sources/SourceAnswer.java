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
 *     {@link Long}, {@link Integer}, {@link Double}, {@link Boolean}, or lists and maps of them
 * @param detail with {@link SourceStatus#ERROR}, why (written after {@code error:}); else null
 */
public record SourceAnswer(SourceStatus status, Map<String, Object> values, String detail) {
    /** Copies the values (nulls allowed) and checks the rest. */
    public SourceAnswer {
        Objects.requireNonNull(status, "status");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        if ((status == SourceStatus.ERROR) != (detail != null)) {
            throw new IllegalArgumentException("an error answer, and only one, has a detail");
        }
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

    /** The status as written in the {@code NAME_status} column: {@code error:<reason>} for errors. */
    public String statusText() {
        return detail == null ? status.text() : status.text() + ":" + detail;
    }
}
