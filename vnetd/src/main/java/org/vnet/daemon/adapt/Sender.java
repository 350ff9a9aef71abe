package org.vnet.daemon.adapt;

/** Sends a control message on a link (the conductor's {@code sendControl}). */
@FunctionalInterface
public interface Sender {
    /** Sends {@code payload} as a message of {@code type} on {@code link}, if it is up; never blocks. */
    void send(String link, int type, byte[] payload);
}
