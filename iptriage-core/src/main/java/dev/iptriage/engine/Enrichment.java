package dev.iptriage.engine;

import dev.iptriage.ip.Cidr;
import dev.iptriage.model.Status;
import java.util.Arrays;
import java.util.Optional;

/**
 * What the databases say about one address.
 *
 * @param status ok, not_found, private, reserved or error
 * @param error the reason when {@code status} is {@link Status#ERROR}, else {@code null}
 * @param network the network of the record that supplies the {@code network} column, or {@code null}
 * @param values one value per selected field, in the enricher's field order ({@code null} = none):
 *     {@link String}, {@link Long}, {@link Integer}, {@link java.math.BigInteger}, {@link Double},
 *     {@link Float}, {@link Boolean}, or for {@code raw} and a
 *     custom column also {@link java.util.Map} or {@link java.util.List}
 */
public record Enrichment(Status status, String error, Cidr network, Object[] values) {

    /** The status as written in output: {@code error:<reason>} for errors. */
    public String statusText() {
        return error == null ? status.text() : status.text() + ":" + error;
    }

    /** The network, if a database supplied one. */
    public Optional<Cidr> findNetwork() {
        return Optional.ofNullable(network);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Enrichment e
                && status == e.status
                && java.util.Objects.equals(error, e.error)
                && java.util.Objects.equals(network, e.network)
                && Arrays.equals(values, e.values);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(status, error, network, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return "Enrichment[" + statusText() + ", " + network + ", " + Arrays.toString(values) + "]";
    }
}
