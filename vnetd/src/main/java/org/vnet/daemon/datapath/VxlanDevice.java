package org.vnet.daemon.datapath;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The collect_md ({@code external}) VXLAN device of a kernel-path interface, made with iproute2 on
 * the control path. It is created in the daemon's namespace, so its UDP socket stays on the
 * underlay, then moved into the VM's namespace, where the TAP's program can redirect to it
 * ({@code bpf_redirect} cannot leave a namespace). Devices are named {@code vnx<port id>}.
 */
final class VxlanDevice {
    private static final String PREFIX = "vnx";

    private VxlanDevice() {
    }

    /** The device name for the interface of port {@code portId}. */
    static String name(final int portId) {
        return PREFIX + portId;
    }

    /**
     * Creates device {@code name} on UDP {@code port} and brings it up inside {@code netns} (null:
     * the daemon's own), first removing every {@code vnx*} VXLAN device an earlier run left there
     * or here (they would hold the port).
     */
    static void create(final String name, final String netns, final int port) throws IOException {
        removeLeftovers(netns);
        if (netns != null) {
            removeLeftovers(null);
        }
        run("ip", "link", "add", name, "type", "vxlan", "external", "dstport", Integer.toString(port), "nolearning");
        try {
            if (netns != null) {
                run("ip", "link", "set", name, "netns", netns);
            }
            run(ip(netns, "link", "set", name, "up"));
        } catch (final IOException e) {
            remove(name, netns);
            remove(name, null);
            throw e;
        }
    }

    /** Deletes device {@code name} in {@code netns}; quiet when it is gone. */
    static void remove(final String name, final String netns) {
        try {
            run(ip(netns, "link", "del", name));
        } catch (final IOException e) {
            // already gone (its namespace was deleted, or never made)
        }
    }

    private static void removeLeftovers(final String netns) throws IOException {
        final String out = run(ip(netns, "-o", "link", "show", "type", "vxlan"));
        for (final String line : out.split("\n")) {
            final int colon = line.indexOf(": ");
            if (colon < 0) {
                continue;
            }
            String dev = line.substring(colon + 2);
            dev = dev.substring(0, Math.max(0, dev.indexOf(':')));
            final int at = dev.indexOf('@');
            if (at >= 0) {
                dev = dev.substring(0, at);
            }
            if (dev.startsWith(PREFIX) && dev.length() > PREFIX.length()
                && dev.substring(PREFIX.length()).chars().allMatch(Character::isDigit)) {
                remove(dev, netns);
            }
        }
    }

    private static String[] ip(final String netns, final String... args) {
        final List<String> cmd = new ArrayList<>();
        cmd.add("ip");
        if (netns != null) {
            cmd.add("-n");
            cmd.add(netns);
        }
        cmd.addAll(List.of(args));
        return cmd.toArray(new String[0]);
    }

    /** Runs a command, returns its standard output; throws with its error output when it fails. */
    static String run(final String... cmd) throws IOException {
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        try {
            final byte[] out = p.getInputStream().readAllBytes();
            final byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": timed out");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + ": " + new String(err, StandardCharsets.UTF_8).trim());
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + ": interrupted", e);
        }
    }
}
