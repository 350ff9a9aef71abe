/**
 * Counters readable from outside the process: a memory-mapped Agrona counters file with
 * daemon-wide, per-port and per-rule counters, written lock-free by the data-plane thread.
 */
package org.vnet.daemon.telemetry;
