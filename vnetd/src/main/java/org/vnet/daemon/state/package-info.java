/**
 * Persistence of the run-time {@link org.vnet.daemon.model.NetworkState}: every accepted change
 * appended as a small delta record to a memory-mapped change journal (safe from a crash of the
 * daemon when the append returns), compacted in the background into a versioned JSON state file
 * replaced atomically with fsync (safe from a power loss), both read back at start-up in
 * preference to the config file. {@link org.vnet.daemon.state.DurableState} is the entry point.
 */
package org.vnet.daemon.state;
