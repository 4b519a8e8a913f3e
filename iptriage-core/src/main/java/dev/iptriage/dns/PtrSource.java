package dev.iptriage.dns;

import dev.iptriage.ip.IpAddress;
import dev.iptriage.sources.SourceAnswer;
import dev.iptriage.sources.SourceColumn;
import dev.iptriage.sources.SourceStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.Type;

/**
 * Reverse DNS with forward confirmation ({@code --ptr}): the address's PTR name, and whether that
 * name's A (or AAAA) records include the address again (FCrDNS). Anyone who controls a reverse zone
 * can publish any name there ({@code crawl-1-2-3-4.googlebot.com}); only the owner of the forward
 * zone can make it resolve back, so {@code fcrdns} tells a real name from a forged one.
 */
public final class PtrSource extends DnsSource {
    /** Names of one address checked forward at most (a reverse name may have several). */
    static final int NAMES_CHECKED = 4;

    /** The columns the source adds (its {@code NAME_status} column follows them). */
    public static final List<SourceColumn> COLUMNS = List.of(
            new SourceColumn(
                    "ptr",
                    "reverse DNS name (PTR) without the final dot; of several, in name order, the first that"
                            + " resolves back to the address (--ptr)"),
            new SourceColumn(
                    "fcrdns",
                    "true when the PTR name's A/AAAA records include the address (forward-confirmed reverse"
                            + " DNS); false when they do not or the name does not resolve; empty without a name"
                            + " or when the forward lookup failed (--ptr)"));

    /** A source asking {@code client}. */
    public PtrSource(DnsClient client) {
        super(client);
    }

    @Override
    public String name() {
        return "ptr";
    }

    @Override
    public List<SourceColumn> columns() {
        return COLUMNS;
    }

    @Override
    public CompletionStage<SourceAnswer> lookup(IpAddress address) {
        IpAddress a = address.lookupForm();
        return client.query(DnsClient.Question.of(ReverseNames.ptr(a), Type.PTR, name()))
                .thenCompose(r -> r.status() == SourceStatus.OK
                        ? confirm(a, r.records()).thenApply(answer -> Answers.sentOrNot(answer, r))
                        : done(Answers.of(r)));
    }

    /** Looks the names up forward and decides {@code fcrdns}. */
    private CompletableFuture<SourceAnswer> confirm(IpAddress a, List<String> names) {
        // in name order, not the answer's: resolvers rotate their records, the output must not
        List<String> checked = names.stream()
                .distinct()
                .sorted(String.CASE_INSENSITIVE_ORDER)
                .limit(NAMES_CHECKED)
                .toList();
        List<CompletableFuture<DnsResult>> forward = new ArrayList<>();
        for (String n : checked) {
            forward.add(client.query(DnsClient.Question.of(n + ".", a.isV4() ? Type.A : Type.AAAA, name())));
        }
        return CompletableFuture.allOf(forward.toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    String text = a.toString();
                    boolean allAnswered = true;
                    for (int i = 0; i < checked.size(); i++) {
                        DnsResult f = forward.get(i).join();
                        if (f.status() == SourceStatus.OK && f.records().contains(text)) {
                            return SourceAnswer.found(values(checked.get(i), true));
                        }
                        allAnswered &= f.isAnswer();
                    }
                    return SourceAnswer.found(values(checked.get(0), allAnswered ? Boolean.FALSE : null));
                });
    }

    private static Map<String, Object> values(String ptr, Boolean fcrdns) {
        Map<String, Object> m = new HashMap<>();
        m.put("ptr", ptr);
        m.put("fcrdns", fcrdns);
        return m;
    }

    private static CompletableFuture<SourceAnswer> done(SourceAnswer a) {
        return CompletableFuture.completedFuture(a);
    }
}
