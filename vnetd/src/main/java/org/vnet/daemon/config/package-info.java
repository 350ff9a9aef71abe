/**
 * The daemon's start-up configuration: {@link org.vnet.daemon.config.DaemonConfig#load} reads a
 * YAML file strictly, checks every key and the keys against each other, and fails with messages
 * that name the file, line, key path and reason before anything starts.
 */
package org.vnet.daemon.config;
