package org.vnet.daemon;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.vnet.daemon.config.ConfigException;
import org.vnet.daemon.config.DaemonConfig;
import org.vnet.daemon.control.CommandException;
import org.vnet.daemon.privilege.Capability;
import org.vnet.daemon.privilege.Needs;
import org.vnet.daemon.privilege.Privileges;
import org.vnet.daemon.state.StateException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vnetd --config FILE}: runs a daemon in the foreground until SIGTERM or SIGINT, with the
 * settings of the file and the JVM's {@code -D} overrides ({@link VnetdContext}).
 */
@Command(name = "vnetd", mixinStandardHelpOptions = true, version = "vnetd 0.1",
    description = "Layer-2 virtual network switch daemon for VMs.")
public final class VnetdMain implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, description = "YAML configuration file")
    private Path config;

    @Option(names = "--prepare-privileges", description = "Do what needs privileges only at start (mount the "
        + "bpffs), print the capabilities the configuration needs as setpriv takes them (+net_admin,+bpf) and exit; "
        + "the vnetd launcher runs this, then the daemon with only those.")
    private boolean preparePrivileges;

    @Override
    public Integer call() throws InterruptedException {
        final VnetdContext ctx;
        try {
            ctx = VnetdContext.of(DaemonConfig.load(config)).conclude();
        } catch (final ConfigException | IllegalArgumentException e) {
            System.err.println("vnetd: invalid configuration:\n" + e.getMessage());
            return 2;
        }
        final Map<Capability, String> needs = Needs.of(ctx.config());
        if (preparePrivileges) {
            final String problem = Needs.prepare(ctx.config());
            if (problem != null) {
                System.err.println("vnetd: " + problem);
            }
            System.out.println(Needs.asSetprivList(needs));
            return 0;
        }
        logPrivileges(needs);
        final Vnetd daemon;
        try {
            daemon = Vnetd.start(ctx);
        } catch (final StateException e) {
            System.err.println("vnetd: " + e.getMessage());
            return 3;
        } catch (final CommandException | java.io.IOException | RuntimeException e) {
            System.err.println("vnetd: cannot start: " + e.getMessage());
            return 1;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "vnet-shutdown"));
        stopped.await();
        return 0;
    }

    private static void logPrivileges(final Map<Capability, String> needs) {
        final Logger log = LoggerFactory.getLogger(VnetdMain.class);
        try {
            final Privileges held = Privileges.current();
            long needed = 0;
            for (final Capability c : needs.keySet()) {
                needed |= c.bit();
            }
            log.info("privileges: {}; needs {}", held.describe(), Privileges.names(needed));
            final long extra = held.effective() & ~needed;
            if (extra != 0) {
                log.warn("holds capabilities it does not need ({}): start it with tools/bin/vnetd, which drops them",
                    Long.bitCount(extra) > 8 ? Long.bitCount(extra) + " of them" : Privileges.names(extra));
            }
        } catch (final java.io.IOException e) {
            log.warn("cannot read its own privileges: {}", e.getMessage());
        }
    }

    /** Entry point. Log lines carry UTC times: the zone is set before the first logger reads it. */
    public static void main(final String[] args) {
        TimeZone.setDefault(TimeZone.getTimeZone(ZoneOffset.UTC));
        final int code = new CommandLine(new VnetdMain()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
