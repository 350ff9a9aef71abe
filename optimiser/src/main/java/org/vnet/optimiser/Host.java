package org.vnet.optimiser;

/**
 * A host: a network node that can run VMs.
 *
 * @param name     the host's name, unique among all nodes.
 * @param capacity how many VMs it can run, zero or more.
 */
public record Host(String name, int capacity) {
    /** Validates the name and the capacity. */
    public Host {
        Names.require(name, "host");
        if (capacity < 0) {
            throw new IllegalArgumentException("host " + name + ": capacity must be zero or more, got " + capacity);
        }
    }
}
