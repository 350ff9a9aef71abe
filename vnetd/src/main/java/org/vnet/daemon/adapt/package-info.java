/**
 * Adaptation: the overlay rewires itself from what inference sees. A leader (normally the hub)
 * turns the global traffic matrix into host-pair rates ({@link org.vnet.daemon.adapt.PairRates}),
 * decides which fast-path links should exist ({@link org.vnet.daemon.adapt.AdaptationPolicy}:
 * traffic order, thresholds with hysteresis, a per-host budget, back-off) and tells each follower
 * the links it should have ({@link org.vnet.daemon.adapt.Messages}); a follower reconciles its
 * state to that through the same change path as an operator's ({@link org.vnet.daemon.adapt.FastPathFollower}).
 */
package org.vnet.daemon.adapt;
