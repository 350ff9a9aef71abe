/**
 * The switch's vocabulary: MACs, rule fields, interface/link/rule specs and the immutable
 * {@link org.vnet.daemon.model.NetworkState} that the conductor changes and persists.
 */
package org.vnet.daemon.model;
