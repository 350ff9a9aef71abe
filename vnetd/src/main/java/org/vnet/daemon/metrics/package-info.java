/**
 * Prometheus metrics of the daemon: a collector that reads the counters, the control server's
 * figures and the inference results at scrape time, and the {@code /metrics} route that writes
 * them in the text exposition format.
 */
package org.vnet.daemon.metrics;
