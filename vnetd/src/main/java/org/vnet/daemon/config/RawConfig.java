package org.vnet.daemon.config;

import java.util.List;

/**
 * The YAML file as Jackson binds it: text and boxed numbers only, so that a missing key is
 * null and every semantic check happens in {@link DaemonConfig#load} with the key path at hand.
 */
record RawConfig(String name, Boolean hub, Listen listen, Tls tls, String control, String state, String counters,
                 Integer underlayMtu, List<Interface> interfaces, List<Link> links, List<Rule> rules,
                 Journal journal, Datapath datapath, Adaptation adaptation, Http http) {

    /** {@code http:} as written. */
    record Http(String listen, String tokenFile) {
    }

    /** {@code adaptation:} as written. */
    record Adaptation(Boolean leader, Boolean enabled, String follow, Long addBytesPerSecond, Long removeBytesPerSecond,
                      Long dwellMillis, Integer linksPerHost, Integer addsPerRound, Long periodMillis, Long windowMillis,
                      Integer maxLinks, Integer vmsPerHost, Long bandwidthBytesPerSecond, Long latencyMicros,
                      String keyFile) {
    }

    /** {@code datapath:} as written. */
    record Datapath(String mode, Integer vxlanPort, Integer vni, String hook, String bpffs, Integer holdoffMicros) {
    }

    /** {@code listen:} addresses as written. */
    record Listen(String udp, String tcp, String tls) {
    }

    /** {@code tls:} file names as written. */
    record Tls(String cert, String key, String ca) {
    }

    /** One {@code interfaces:} entry. */
    record Interface(String name, String netns, Integer mtu, String pinMac, Integer maxMacs, Storm storm) {
    }

    /** {@code storm:} of an interface. */
    record Storm(Limit broadcast, Limit multicast, Limit unknownUnicast) {
    }

    /** One storm-control limit: frames per second and burst in frames. */
    record Limit(Long rate, Long burst) {
    }

    /** One {@code links:} entry. */
    record Link(String name, String transport, String peer, Boolean accept, String security, String key,
                String keyFile) {
    }

    /** {@code journal:} as written. */
    record Journal(String dir, String rollCycle, Integer cycles) {
    }

    /** One {@code rules:} entry. */
    record Rule(String src, String dst, String from, String to) {
    }
}
