package org.vnet.bench.optimiser;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.vnet.optimiser.Greedy;
import org.vnet.optimiser.Plan;
import org.vnet.optimiser.Problem;
import org.vnet.optimiser.RandomInstances;
import org.vnet.optimiser.SimulatedAnnealing;

/**
 * One whole solve of the thesis' scale: a 256-node network (a random tree of 224 switches plus 32 extra
 * switch-to-switch links, 32 hosts at its edges, two VMs per host) and 8 VMs, each ordered VM pair with traffic with
 * probability 0.5 ({@code RandomInstances.transitStub(7, 32, 224, 32, 8, 2, 0.5)}). Each operation starts from the
 * problem, so it includes the path searches and the annealing's path catalog; annealing takes
 * {@link SimulatedAnnealing#DEFAULT_STEPS} steps.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class MappingOptimiserBenchmark {
    private Problem problem;

    /** Generates the instance once. */
    @Setup
    public void setUp() {
        problem = RandomInstances.transitStub(7, 32, 224, 32, 8, 2, 0.5);
    }

    /** The greedy heuristic. */
    @Benchmark
    public Plan greedy() {
        return new Greedy().solve(problem);
    }

    /** Annealing from the greedy plan: the optimiser a daemon runs. */
    @Benchmark
    public Plan greedyThenAnnealing() {
        return SimulatedAnnealing.fromGreedy(7, SimulatedAnnealing.DEFAULT_STEPS).solve(problem);
    }

    /** Annealing from a random mapping. */
    @Benchmark
    public Plan annealing() {
        return SimulatedAnnealing.fromRandom(7, SimulatedAnnealing.DEFAULT_STEPS).solve(problem);
    }
}
