/**
 * Patterns: the BSP workload generator used as ground truth for the inference (one rank per VM, compute then
 * exchange with topology neighbours over TCP, true iteration rate and run time printed at the end).
 */
package org.vnet.tools.patterns;
