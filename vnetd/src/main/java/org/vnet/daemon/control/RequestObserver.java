package org.vnet.daemon.control;

/** Told of every answered control request, on the thread that answered it (e.g. to feed a latency histogram). */
@FunctionalInterface
public interface RequestObserver {
    /** Does nothing. */
    RequestObserver NONE = (command, nanos) -> { };

    /** Request {@code command} (its wire name) was answered in {@code nanos} after it was decoded. */
    void answered(String command, long nanos);
}
