/**
 * Counters readable from outside the process: a memory-mapped Agrona counters file with
 * daemon-wide, per-port and per-rule counters, written lock-free by the data-plane thread. Also
 * what keeps the log readable under attack: {@link org.vnet.daemon.telemetry.LogText} (peer text
 * escaped) and {@link org.vnet.daemon.telemetry.LogLimiter} (repeated lines per source held back).
 */
package org.vnet.daemon.telemetry;
