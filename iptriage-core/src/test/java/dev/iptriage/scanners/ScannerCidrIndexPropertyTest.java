package dev.iptriage.scanners;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iptriage.ip.Cidr;
import dev.iptriage.ip.IpAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sorted index of networks against a brute-force scan of every network, on seeded random rules (nested,
 * overlapping, duplicated, IPv4 and IPv6 networks crowded into small spaces so that they nest often) and random
 * addresses in and around them.
 */
class ScannerCidrIndexPropertyTest {
    private static final long SEED = 20_261_206L;

    private final RandomGenerator random =
            RandomGeneratorFactory.of("L64X128MixRandom").create(SEED);

    @TempDir
    Path dir;

    /** An address near the crowded spaces: 10.0.0.0/12 and 2001:db8::/100, sometimes anywhere. */
    private IpAddress address(boolean v4) {
        if (v4) {
            return random.nextInt(10) == 0
                    ? IpAddress.ofV4(random.nextInt())
                    : IpAddress.ofV4(0x0A00_0000 | random.nextInt(1 << 20));
        }
        return random.nextInt(10) == 0
                ? IpAddress.ofV6(random.nextLong(), random.nextLong())
                : IpAddress.ofV6(0x2001_0db8_0000_0000L, random.nextLong() & 0x0FFF_FFFFL);
    }

    private Cidr network() {
        boolean v4 = random.nextBoolean();
        IpAddress a = address(v4);
        int prefix = v4 ? 8 + random.nextInt(25) : 92 + random.nextInt(37);
        if (random.nextInt(50) == 0) {
            prefix = random.nextInt(a.bitLength() + 1); // now and then a huge one, /0 included
        }
        return Cidr.of(a, prefix);
    }

    /** The most specific network holding the address, ties to the lowest owner; -1 when none. */
    private static int bruteForce(List<List<Cidr>> owners, IpAddress a) {
        int best = -1;
        int bestPrefix = -1;
        for (int o = 0; o < owners.size(); o++) {
            for (Cidr c : owners.get(o)) {
                if (c.contains(a) && c.prefixLength() > bestPrefix) {
                    best = o;
                    bestPrefix = c.prefixLength();
                }
            }
        }
        return best;
    }

    @Test
    void theIndexAgreesWithABruteForceScan() {
        for (int round = 0; round < 60; round++) {
            int ownerCount = 1 + random.nextInt(round < 30 ? 5 : 40);
            List<List<Cidr>> owners = new ArrayList<>();
            for (int o = 0; o < ownerCount; o++) {
                List<Cidr> nets = new ArrayList<>();
                for (int n = random.nextInt(round < 30 ? 10 : 200); n > 0; n--) {
                    nets.add(network());
                }
                if (o > 0 && random.nextInt(4) == 0 && !owners.get(0).isEmpty()) {
                    nets.add(owners.get(0).get(0)); // the same network for two owners
                }
                owners.add(nets);
            }
            CidrIndex index = new CidrIndex(owners);
            for (int i = 0; i < 2_000; i++) {
                IpAddress a;
                if (i % 3 == 0 && !owners.isEmpty()) { // edges of a network: first, last, and just outside
                    List<Cidr> nets = owners.get(random.nextInt(owners.size()));
                    if (nets.isEmpty()) {
                        continue;
                    }
                    Cidr c = nets.get(random.nextInt(nets.size()));
                    a = switch (random.nextInt(4)) {
                        case 0 -> c.first();
                        case 1 -> c.last();
                        case 2 -> step(c.first(), -1);
                        default -> step(c.last(), 1);
                    };
                } else {
                    a = address(random.nextBoolean());
                }
                assertThat(index.lookup(a))
                        .as("round %d, %s in %s", round, a, owners)
                        .isEqualTo(bruteForce(owners, a));
            }
        }
    }

    /** One address further or back, wrapping within the version. */
    private static IpAddress step(IpAddress a, int by) {
        if (a.isV4()) {
            return IpAddress.ofV4(a.v4Bits() + by);
        }
        long lo = a.lo() + by;
        long hi = a.hi();
        if (by > 0 && lo == 0) {
            hi++;
        } else if (by < 0 && a.lo() == 0) {
            hi--;
        }
        return IpAddress.ofV6(hi, lo);
    }

    /** The same through a rules file of thousands of networks: the file's reader, the sort by id and match. */
    @Test
    void matchingAFileOfThousandsOfNetworksAgreesWithABruteForceScan() throws IOException {
        List<List<Cidr>> owners = new ArrayList<>();
        StringBuilder file = new StringBuilder();
        for (int o = 0; o < 20; o++) {
            file.append("[actor-")
                    .append((char) ('a' + o))
                    .append("]\nname = Actor ")
                    .append(o);
            file.append("\ncategory = research_scanner\n");
            List<Cidr> nets = new ArrayList<>();
            for (int n = 0; n < 250; n++) {
                Cidr c = network();
                nets.add(c);
                file.append("cidr = ").append(c).append('\n');
            }
            owners.add(nets);
        }
        Path rules = dir.resolve("rules.txt");
        Files.writeString(rules, file);
        ScannerRules read = ScannerRules.read(rules);
        for (int i = 0; i < 20_000; i++) {
            IpAddress a = address(random.nextBoolean());
            int expected = bruteForce(owners, a);
            Optional<Match> m = read.match(a, null, null, List.of());
            assertThat(m.map(Match::actorId))
                    .as("%s", a)
                    .isEqualTo(expected < 0 ? Optional.empty() : Optional.of("actor-" + (char) ('a' + expected)));
        }
    }
}
