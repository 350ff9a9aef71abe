package org.vnet.optimiser;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The physical or overlay network: hosts (which run VMs), plain switches or routers, and undirected links.
 * Every host must reach every other host.
 *
 * @param hosts    the hosts with their capacities, at least one.
 * @param switches the nodes that forward but run no VM; may be empty.
 * @param links    the links, at most one per node pair.
 */
public record Network(List<Host> hosts, List<String> switches, List<Link> links) {
    /** Copies the lists and checks names, link ends, duplicate links and that the hosts are connected. */
    public Network {
        hosts = List.copyOf(hosts);
        switches = List.copyOf(switches);
        links = List.copyOf(links);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("the network has no host");
        }
        final Map<String, Boolean> isHost = new HashMap<>();
        for (final Host host : hosts) {
            if (isHost.put(host.name(), Boolean.TRUE) != null) {
                throw new IllegalArgumentException("node " + host.name() + " is named twice");
            }
        }
        for (final String name : switches) {
            Names.require(name, "switch");
            if (isHost.put(name, Boolean.FALSE) != null) {
                throw new IllegalArgumentException("node " + name + " is named twice");
            }
        }
        final Set<Set<String>> pairs = new HashSet<>();
        final Map<String, List<String>> adjacent = new HashMap<>();
        for (final Link link : links) {
            for (final String end : new String[]{link.a(), link.b()}) {
                if (!isHost.containsKey(end)) {
                    throw new IllegalArgumentException("link " + link.label() + " names unknown node " + end);
                }
            }
            if (!pairs.add(Set.of(link.a(), link.b()))) {
                throw new IllegalArgumentException("link " + link.label() + " is given twice");
            }
            adjacent.computeIfAbsent(link.a(), k -> new ArrayList<>()).add(link.b());
            adjacent.computeIfAbsent(link.b(), k -> new ArrayList<>()).add(link.a());
        }
        requireConnected(hosts, adjacent);
    }

    /** The host named {@code name}, or null when there is none. */
    public Host host(final String name) {
        for (final Host host : hosts) {
            if (host.name().equals(name)) {
                return host;
            }
        }
        return null;
    }

    private static void requireConnected(final List<Host> hosts, final Map<String, List<String>> adjacent) {
        final Set<String> reached = new HashSet<>();
        final ArrayDeque<String> queue = new ArrayDeque<>();
        final String first = hosts.get(0).name();
        reached.add(first);
        queue.add(first);
        while (!queue.isEmpty()) {
            for (final String next : adjacent.getOrDefault(queue.poll(), List.of())) {
                if (reached.add(next)) {
                    queue.add(next);
                }
            }
        }
        for (final Host host : hosts) {
            if (!reached.contains(host.name())) {
                throw new IllegalArgumentException("hosts " + first + " and " + host.name() + " are not connected");
            }
        }
    }
}
