package org.vnet.daemon.metrics;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.vnet.daemon.control.CommandException;
import org.vnet.daemon.control.DaemonControl;
import org.vnet.daemon.inference.GlobalView;
import org.vnet.daemon.model.NetworkState;
import org.vnet.inference.bic.BicSummary;
import org.vnet.inference.engine.AnalysisResult;
import org.vnet.inference.rir.RirResult;
import org.vnet.inference.vttif.TopologyClassifier;
import org.vnet.inference.vttif.TrafficMatrix;
import org.vnet.protocol.DaemonStatus;
import org.vnet.protocol.StatsSnapshot;

/**
 * A daemon whose counters the test sets: one interface, one link, one rule, two system counters,
 * and an inference result of a three-VM ring (RIR of one VM, BIC of the application).
 */
final class FixedDaemon implements DaemonControl {
    static final long A = 0x020000000001L;
    static final long B = 0x020000000002L;
    static final long C = 0x020000000003L;

    volatile long linkRxBytes = 1234;

    @Override
    public NetworkState state() {
        return NetworkState.EMPTY;
    }

    @Override
    public NetworkState apply(final UnaryOperator<NetworkState> change) throws CommandException {
        throw new CommandException("read-only");
    }

    @Override
    public DaemonStatus status() {
        throw new UnsupportedOperationException();
    }

    @Override
    public StatsSnapshot stats() {
        return new StatsSnapshot(
            List.of(new StatsSnapshot.PortStats("if", "eth0", "up", 10, 1500, 20, 3000, 4),
                new StatsSnapshot.PortStats("link", "h2", "up", 7, linkRxBytes, 8, 999, 1)),
            List.of(new StatsSnapshot.RuleStats(1, 42)),
            Map.of("malformedMessages", 3L, "ruleFrames", 42L),
            Map.of("txSwitchedInKernel", 11L, "flowsInstalled", 2L));
    }

    @Override
    public GlobalView.Result globalView() {
        final TrafficMatrix m = new TrafficMatrix();
        m.add(A, B, 1_000_000, 1000);
        m.add(B, C, 1_000_000, 1000);
        m.add(C, A, 1_000_000, 1000);
        return new GlobalView.Result(m, TopologyClassifier.classify(m), List.of("h1"), false, Map.of(), Map.of());
    }

    @Override
    public AnalysisResult analysis() {
        final RirResult rir = new RirResult(true, "", 1_000_000, false, 2_000_000, 100, 90, 1, 0.5, new double[] {9, 10, 11},
            10.0, List.of(), 2.0, 0.5, 1.0, true, "adequate");
        final BicSummary bic = new BicSummary(true, "", B, List.of(B), A, 10, 0.1, 0.01, Map.of(), 1, 8, 9, 1.2, 1.25,
            1.11);
        return new AnalysisResult(null, List.of(), List.of(), List.of(), null, List.of(), List.of(), Map.of(),
            Map.of(A, rir), Map.of(B, new AnalysisResult.EndpointBic(0.75, Map.of(), 10, Map.of(), null)), bic,
            List.of(), List.of());
    }
}
