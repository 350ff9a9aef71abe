package org.vnet.optimiser;

/** Checks for the names of nodes and VMs. */
final class Names {
    private Names() {
    }

    static void require(final String name, final String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(what + " has no name");
        }
    }
}
