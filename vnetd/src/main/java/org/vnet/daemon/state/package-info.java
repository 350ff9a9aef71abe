/**
 * Persistence of the run-time {@link org.vnet.daemon.model.NetworkState}: a versioned JSON file,
 * replaced atomically on every change, read back at start-up in preference to the config file.
 */
package org.vnet.daemon.state;
