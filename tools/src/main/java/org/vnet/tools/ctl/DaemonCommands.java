package org.vnet.tools.ctl;

import java.util.concurrent.Callable;

import org.vnet.protocol.Command;
import picocli.CommandLine.ParentCommand;

/** {@code vnetctl status} and {@code vnetctl stats}: the daemon's identity, health and counters. */
final class DaemonCommands {
    private DaemonCommands() {
    }

    /** {@code vnetctl status}. */
    @picocli.CommandLine.Command(name = "status", mixinStandardHelpOptions = true, description = "Identity and health of the daemon.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        private Vnetctl root;

        @Override
        public Integer call() {
            return root.call(Vnetctl.request(Command.STATUS), Printers::status);
        }
    }

    /** {@code vnetctl stats}. */
    @picocli.CommandLine.Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Counters of every interface, link and rule, and the non-zero daemon counters.")
    static final class Stats implements Callable<Integer> {
        @ParentCommand
        private Vnetctl root;

        @Override
        public Integer call() {
            return root.call(Vnetctl.request(Command.STATS), Printers::stats);
        }
    }
}
