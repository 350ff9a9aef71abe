package org.vnet.optimiser;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Seeded random problems for tests and benchmarks; the same arguments give the same problem.
 * <p>
 * {@link #tree}: a random tree of switches (each new switch hangs off a random earlier one), each host a leaf on a
 * random switch, so every host pair has exactly one path. {@link #transitStub}: the same tree plus extra random
 * switch-to-switch links, which give alternative paths. Link bandwidths are drawn from 10 Mbit/s to 1 Gbit/s
 * (1.25e6 to 1.25e8 bytes/s), latencies from 10 us to 5 ms. Each ordered VM pair gets traffic with probability
 * {@code density}, its rate drawn from 0.1 % to 2 % of 1.25e8 bytes/s (125 kB/s to 2.5 MB/s). A VM pair on one host scores
 * {@link #INTRA_HOST_BANDWIDTH}.
 */
public final class RandomInstances {
    /** The intra-host bandwidth of the problems: 1 Gbit/s, the widest link, in bytes per second. */
    public static final double INTRA_HOST_BANDWIDTH = 1.25e8;
    private static final double[] BANDWIDTHS = {1.25e6, 2.5e6, 6.25e6, 1.25e7, 2.5e7, 6.25e7, 1.25e8};

    private RandomInstances() {
    }

    /**
     * A problem on a tree network.
     *
     * @param seed     the random seed.
     * @param hosts    how many hosts.
     * @param switches how many switches, at least one.
     * @param vms      how many VMs.
     * @param capacity the VMs each host can run (hosts * capacity >= vms).
     * @param density  the probability that an ordered VM pair has traffic.
     */
    public static Problem tree(
        final long seed, final int hosts, final int switches, final int vms, final int capacity, final double density) {
        return transitStub(seed, hosts, switches, 0, vms, capacity, density);
    }

    /**
     * A problem on a tree of switches with {@code extraLinks} more switch-to-switch links.
     *
     * @param seed       the random seed.
     * @param hosts      how many hosts.
     * @param switches   how many switches, at least one.
     * @param extraLinks how many links to add between random switches not yet linked.
     * @param vms        how many VMs.
     * @param capacity   the VMs each host can run.
     * @param density    the probability that an ordered VM pair has traffic.
     */
    public static Problem transitStub(
        final long seed,
        final int hosts,
        final int switches,
        final int extraLinks,
        final int vms,
        final int capacity,
        final double density) {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<String> switchNames = new ArrayList<>();
        final List<Link> links = new ArrayList<>();
        final Set<String> linked = new HashSet<>();
        for (int s = 0; s < switches; s++) {
            switchNames.add("s" + s);
            if (s > 0) {
                addLink(links, linked, random, "s" + random.nextInt(s), "s" + s);
            }
        }
        for (int added = 0, tries = 0; added < extraLinks && tries < 100 * extraLinks; tries++) {
            final int a = random.nextInt(switches);
            final int b = random.nextInt(switches);
            if (a != b && addLink(links, linked, random, "s" + Math.min(a, b), "s" + Math.max(a, b))) {
                added++;
            }
        }
        final List<Host> hostList = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            hostList.add(new Host("h" + h, capacity));
            addLink(links, linked, random, "s" + random.nextInt(switches), "h" + h);
        }
        final List<Flow> flows = new ArrayList<>();
        for (int u = 0; u < vms; u++) {
            for (int v = 0; v < vms; v++) {
                if (u != v && random.nextDouble() < density) {
                    flows.add(new Flow(vm(u), vm(v), 1.25e8 * (0.001 + 0.019 * random.nextDouble())));
                }
            }
        }
        return new Problem(new Network(hostList, switchNames, links), new Demand(flows), Map.of(), INTRA_HOST_BANDWIDTH);
    }

    /** The name of VM {@code i}: a locally administered MAC address. */
    public static String vm(final int i) {
        return String.format(Locale.ROOT, "02:00:00:00:%02x:%02x", i >> 8 & 0xff, i & 0xff);
    }

    private static boolean addLink(
        final List<Link> links, final Set<String> linked, final SplittableRandom random, final String a, final String b) {
        if (!linked.add(a + "-" + b)) {
            return false;
        }
        final double bandwidth = BANDWIDTHS[random.nextInt(BANDWIDTHS.length)];
        final double latency = 10 + random.nextDouble() * 4990;
        links.add(new Link(a, b, bandwidth, latency));
        return true;
    }
}
