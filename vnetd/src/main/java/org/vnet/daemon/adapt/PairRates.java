package org.vnet.daemon.adapt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.vnet.inference.vttif.TrafficMatrix;

/**
 * Host-pair traffic rates from successive global matrices. The matrices are cumulative per VM pair
 * (a daemon's counts start again from zero when it restarts), so each sample adds each VM pair's
 * growth since the previous one, taken as zero when its count went down, to a running total per
 * host pair (both directions); the rate is that total's growth over the last window. VM pairs on
 * one host, or with a VM whose host was never announced, count for nothing. A VM's host is the last
 * one that announced it. Used by the leader's thread only.
 */
public final class PairRates {
    private record Vm(long src, long dst) {
    }

    private record Sample(long atMillis, Map<HostPair, Long> totals, Map<Vm, Long> vmTotals) {
    }

    private final long windowMillis;
    private final Map<Vm, Long> lastBytes = new HashMap<>();
    private final Map<Long, String> hostOf = new HashMap<>();
    private final Map<HostPair, Long> totals = new HashMap<>();
    private final Map<Vm, Long> vmTotals = new HashMap<>();
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    /** @param windowMillis rates are averaged over this much time */
    public PairRates(final long windowMillis) {
        this.windowMillis = windowMillis;
    }

    /**
     * Takes a sample.
     *
     * @param atMillis when the matrix was read
     * @param matrix   the global matrix (cumulative bytes per VM pair)
     * @param hosts    VM MAC to the daemon that has it (from summaries)
     */
    public void sample(final long atMillis, final TrafficMatrix matrix, final Map<Long, String> hosts) {
        hostOf.putAll(hosts);
        final List<TrafficMatrix.Entry> entries = matrix.entries();
        for (final TrafficMatrix.Entry e : entries) {
            final Vm vm = new Vm(e.srcMac(), e.dstMac());
            final Long before = lastBytes.put(vm, e.bytes());
            final long grown = before == null ? 0 : Math.max(0, e.bytes() - before);
            if (grown > 0) {
                vmTotals.merge(vm, grown, Long::sum);
            }
            final String hs = hostOf.get(e.srcMac());
            final String hd = hostOf.get(e.dstMac());
            if (grown > 0 && hs != null && hd != null && !hs.equals(hd)) {
                totals.merge(HostPair.of(hs, hd), grown, Long::sum);
            }
        }
        samples.addLast(new Sample(atMillis, Map.copyOf(totals), Map.copyOf(vmTotals)));
        while (samples.size() > 2) {
            final Iterator<Sample> it = samples.iterator();
            it.next();
            if (it.next().atMillis() > atMillis - windowMillis) {
                break;
            }
            samples.removeFirst();
        }
    }

    /** Bytes per second of each host pair over the window (pairs with no traffic in it are absent). */
    public Map<HostPair, Double> rates() {
        return overWindow(Sample::totals);
    }

    /** Bytes per second of each VM pair (source MAC to destination MAC) over the window; idle pairs are absent. */
    public Map<Long, Map<Long, Double>> vmRates() {
        final Map<Long, Map<Long, Double>> rates = new HashMap<>();
        overWindow(Sample::vmTotals).forEach((vm, rate) -> rates.computeIfAbsent(vm.src(), k -> new HashMap<>()).put(vm.dst(), rate));
        return rates;
    }

    /** The growth per second of each of the totals {@code of} picks, from the window's first sample to its last. */
    private <K> Map<K, Double> overWindow(final Function<Sample, Map<K, Long>> of) {
        final Map<K, Double> rates = new HashMap<>();
        if (samples.size() < 2) {
            return rates;
        }
        final Map<K, Long> first = of.apply(samples.peekFirst());
        final double seconds = (samples.peekLast().atMillis() - samples.peekFirst().atMillis()) / 1000.0;
        if (seconds > 0) {
            of.apply(samples.peekLast()).forEach((key, total) -> {
                final long grown = total - first.getOrDefault(key, 0L);
                if (grown > 0) {
                    rates.put(key, grown / seconds);
                }
            });
        }
        return rates;
    }

    /** The host last announced for {@code mac}, or null. */
    public String hostOf(final long mac) {
        return hostOf.get(mac);
    }

    /** Every VM MAC whose host is known, by host. */
    public Map<String, List<Long>> vmsByHost() {
        final Map<String, List<Long>> by = new HashMap<>();
        hostOf.forEach((mac, host) -> by.computeIfAbsent(host, h -> new ArrayList<>()).add(mac));
        by.values().forEach(l -> l.sort(Long::compare));
        return by;
    }
}
