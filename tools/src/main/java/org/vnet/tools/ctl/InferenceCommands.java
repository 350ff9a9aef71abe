package org.vnet.tools.ctl;

import java.util.concurrent.Callable;

import org.vnet.protocol.Command;
import org.vnet.protocol.Requests;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code vnetctl analysis|topology|matrix|rir|bic|network}: what the daemon's inference agent found. */
final class InferenceCommands {
    private InferenceCommands() {
    }

    private static Requests.Resolution resolution(final int seconds) {
        return new Requests.Resolution(seconds > 0 ? seconds : null);
    }

    /** {@code vnetctl analysis}. */
    @picocli.CommandLine.Command(name = "analysis", mixinStandardHelpOptions = true,
        description = "The live inference over the traffic this daemon switched: matrix, topology, RIR, BIC, timing.")
    static final class Analysis implements Callable<Integer> {
        @ParentCommand
        private Vnetctl root;

        @Override
        public Integer call() {
            return root.call(Vnetctl.request(Command.ANALYSIS), (a, o) -> o.print(a.path("text").asText()));
        }
    }

    /** {@code vnetctl topology}. */
    @picocli.CommandLine.Command(name = "topology", mixinStandardHelpOptions = true,
        description = "The application topology inferred from the traffic matrix of every daemon (the global view).")
    static final class TopologyCmd implements Callable<Integer> {
        @ParentCommand
        private Vnetctl root;

        @Option(names = "--resolution", paramLabel = "S",
            description = "this daemon's view of the last S seconds (1, 2, 4, ... kept) instead of the global view")
        private int resolution;

        @Override
        public Integer call() {
            return root.call(Vnetctl.request(Command.TOPOLOGY, resolution(resolution)), InferencePrinters::topology);
        }
    }

    /** {@code vnetctl matrix}. */
    @picocli.CommandLine.Command(name = "matrix", mixinStandardHelpOptions = true,
        description = "The traffic matrix (bytes and frames per VM pair) across every daemon (the global view).")
    static final class MatrixCmd implements Callable<Integer> {
        @ParentCommand
        private Vnetctl root;

        @Option(names = "--resolution", paramLabel = "S",
            description = "this daemon's matrix of the last S seconds (1, 2, 4, ... kept) instead of the global view")
        private int resolution;

        @Override
        public Integer call() {
            return root.call(Vnetctl.request(Command.MATRIX, resolution(resolution)), InferencePrinters::matrix);
        }
    }

    /** {@code vnetctl rir}. */
    @picocli.CommandLine.Command(name = "rir", mixinStandardHelpOptions = true,
        description = "Round-trip iteration rate per VM (this daemon's VMs and those it forwards for).")
    static final class RirCmd implements Callable<Integer> {
        @ParentCommand
        private Vnetctl root;

        @Override
        public Integer call() {
            return root.call(Vnetctl.request(Command.RIR), InferencePrinters::rir);
        }
    }

    /** {@code vnetctl bic}. */
    @picocli.CommandLine.Command(name = "bic", mixinStandardHelpOptions = true,
        description = "Ball-in-the-court delays per VM, the loaded VM and the slowdown estimate.")
    static final class BicCmd implements Callable<Integer> {
        @ParentCommand
        private Vnetctl root;

        @Override
        public Integer call() {
            return root.call(Vnetctl.request(Command.BIC), InferencePrinters::bic);
        }
    }

    /** {@code vnetctl network}. */
    @picocli.CommandLine.Command(name = "network", mixinStandardHelpOptions = true,
        description = "Passive RTT and bandwidth per VM pair, and the time decomposition.")
    static final class NetworkCmd implements Callable<Integer> {
        @ParentCommand
        private Vnetctl root;

        @Override
        public Integer call() {
            return root.call(Vnetctl.request(Command.NETWORK), InferencePrinters::network);
        }
    }
}
