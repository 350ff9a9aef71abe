package org.vnet.daemon.adapt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.vnet.inference.engine.AnalysisResult;
import org.vnet.inference.packet.Mac;
import org.vnet.optimiser.Greedy;
import org.vnet.optimiser.Optimiser;
import org.vnet.optimiser.Plan;
import org.vnet.optimiser.PlanInputs;
import org.vnet.optimiser.Route;
import org.vnet.optimiser.Score;
import org.vnet.optimiser.SimulatedAnnealing;
import org.vnet.protocol.Replies;
import org.vnet.protocol.Requests;

/**
 * {@code vnetctl plan}: builds the mapping optimiser's problem from what the leader knows (VM-pair
 * rates over the window, each VM's host, the hosts it hears, passive measurements of the paths its
 * own traffic took) and the configured defaults, solves it and answers the current and proposed
 * mappings with their scores. Only advises: nothing is moved.
 */
final class Planner {
    private Planner() {
    }

    /**
     * Plans.
     *
     * @throws IllegalArgumentException on a bad request or inconsistent inputs (the optimiser's message)
     */
    static Replies.Plan plan(final Requests.Plan request, final AdaptationConfig config, final PairRates rates,
                             final Set<String> hosts, final AnalysisResult analysis) {
        final String algorithm = request.algorithm() == null ? "greedy+annealing" : request.algorithm().toLowerCase(Locale.ROOT);
        final long seed = request.seed() == null ? 1 : request.seed();
        final int steps = request.steps() == null ? SimulatedAnnealing.DEFAULT_STEPS : request.steps();
        final Optimiser optimiser = switch (algorithm) {
            case "greedy" -> new Greedy();
            case "annealing" -> SimulatedAnnealing.fromRandom(seed, steps);
            case "greedy+annealing" -> SimulatedAnnealing.fromGreedy(seed, steps);
            default -> throw new IllegalArgumentException("unknown algorithm '" + request.algorithm()
                + "' (greedy, annealing or greedy+annealing)");
        };
        final Map<Long, Map<Long, Double>> vmRates = rates.vmRates();
        if (vmRates.isEmpty()) {
            throw new IllegalArgumentException("no traffic in the last window: nothing to plan");
        }
        final Map<String, String> current = new TreeMap<>();
        final Map<String, Integer> perHost = new HashMap<>();
        final PlanInputs in = new PlanInputs().defaultBandwidth(config.bandwidthBytesPerSecond())
            .defaultLatencyMicros(config.latencyMicros()).defaultCapacity(config.vmsPerHost());
        final Set<String> allHosts = new TreeSet<>(hosts);
        vmRates.forEach((src, row) -> row.forEach((dst, rate) -> {
            in.demand(Mac.format(src), Mac.format(dst), rate);
            for (final long vm : new long[] {src, dst}) {
                final String host = rates.hostOf(vm);
                if (host != null && current.put(Mac.format(vm), host) == null) {
                    perHost.merge(host, 1, Integer::sum);
                    allHosts.add(host);
                }
            }
        }));
        for (final String h : allHosts) {
            in.host(h, Math.max(config.vmsPerHost(), perHost.getOrDefault(h, 0)));
        }
        int measured = 0;
        for (final Map.Entry<String, double[]> e : measurements(rates, analysis).entrySet()) {
            final String[] ends = e.getKey().split("\n");
            if (allHosts.contains(ends[0]) && allHosts.contains(ends[1])) {
                in.measurement(ends[0], ends[1], e.getValue()[0], e.getValue()[1]);
                measured++;
            }
        }
        in.currentMapping(current);
        final long start = System.nanoTime();
        final Plan plan = optimiser.solve(in.toProblem());
        final double millis = (System.nanoTime() - start) / 1e6;
        final List<String> moves = new ArrayList<>();
        plan.mapping().forEach((vm, host) -> {
            final String was = current.get(vm);
            if (!host.equals(was)) {
                moves.add(vm + ": " + (was == null ? "?" : was) + " -> " + host);
            }
        });
        final List<Replies.AdaptLink> links = plan.overlayLinks().stream()
            .map(l -> new Replies.AdaptLink(l.a(), l.b(), l.bytesPerSecond(), 0, false)).toList();
        final List<Replies.PlanRoute> routes = plan.routes().stream().map(Planner::route).toList();
        final Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("hosts", List.copyOf(allHosts));
        inputs.put("vmsPerHost", config.vmsPerHost());
        inputs.put("measuredHostPairs", measured);
        inputs.put("defaultBandwidthBytesPerSecond", config.bandwidthBytesPerSecond());
        inputs.put("defaultLatencyMicros", config.latencyMicros());
        inputs.put("windowMillis", config.windowMillis());
        inputs.put("seed", seed);
        return new Replies.Plan(algorithm, millis, current, plan.mapping(), moves, links, routes,
            score(plan.currentScore()), score(plan.score()), plan.gain().isPresent() ? plan.gain().getAsDouble() : null, inputs);
    }

    /**
     * Host pair ("a\nb", in name order) to {bandwidth bytes/s, latency us} from the passive measurement:
     * the best available bandwidth and the lowest half-RTT any of its VM pairs showed (NaN where none).
     */
    private static Map<String, double[]> measurements(final PairRates rates, final AnalysisResult analysis) {
        final Map<String, double[]> m = new HashMap<>();
        if (analysis == null) {
            return m;
        }
        for (final AnalysisResult.PathEstimate p : analysis.network()) {
            final String a = rates.hostOf(p.src());
            final String b = rates.hostOf(p.dst());
            if (a == null || b == null || a.equals(b)) {
                continue;
            }
            final HostPair pair = HostPair.of(a, b);
            final double[] v = m.computeIfAbsent(pair.a() + "\n" + pair.b(), k -> new double[] {Double.NaN, Double.NaN});
            if (p.availableBandwidthBitsPerSecond() != null) {
                final double bw = p.availableBandwidthBitsPerSecond() / 8;
                v[0] = Double.isNaN(v[0]) ? bw : Math.max(v[0], bw);
            }
            if (p.rttMinSeconds() != null) {
                final double us = p.rttMinSeconds() * 1e6 / 2;
                v[1] = Double.isNaN(v[1]) ? us : Math.min(v[1], us);
            }
        }
        return m;
    }

    private static Replies.PlanRoute route(final Route r) {
        return new Replies.PlanRoute(r.src(), r.dst(), r.bytesPerSecond(), r.path(), r.residualBandwidth());
    }

    private static Replies.PlanScore score(final Score s) {
        return s == null ? null : new Replies.PlanScore(s.bandwidth(), s.meanLatencyMicros(), s.value());
    }
}
