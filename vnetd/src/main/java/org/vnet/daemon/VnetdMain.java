package org.vnet.daemon;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.TimeZone;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.vnet.daemon.config.ConfigException;
import org.vnet.daemon.config.DaemonConfig;
import org.vnet.daemon.control.CommandException;
import org.vnet.daemon.state.StateException;

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

    @Override
    public Integer call() throws InterruptedException {
        final VnetdContext ctx;
        try {
            ctx = VnetdContext.of(DaemonConfig.load(config)).conclude();
        } catch (final ConfigException | IllegalArgumentException e) {
            System.err.println("vnetd: invalid configuration:\n" + e.getMessage());
            return 2;
        }
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

    /** Entry point. Log lines carry UTC times: the zone is set before the first logger reads it. */
    public static void main(final String[] args) {
        TimeZone.setDefault(TimeZone.getTimeZone(ZoneOffset.UTC));
        final int code = new CommandLine(new VnetdMain()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
