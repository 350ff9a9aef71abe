/**
 * The mapping optimiser: given the traffic matrix between VMs, the network (hosts with capacities, switches, links
 * with bandwidth and latency) and optionally the current mapping, propose where each VM should run and how each VM
 * pair's traffic is routed, scored by {@link org.vnet.optimiser.Score}. {@link org.vnet.optimiser.Greedy},
 * {@link org.vnet.optimiser.SimulatedAnnealing} and {@link org.vnet.optimiser.BruteForce} solve a
 * {@link org.vnet.optimiser.Problem}; {@link org.vnet.optimiser.PlanInputs} builds one from plain maps.
 */
package org.vnet.optimiser;
