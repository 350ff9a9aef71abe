package org.vnet.daemon.control;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The control server's counters: written by its thread, read from any thread. */
final class ControlCounters {
    final AtomicLong acceptedConnections = new AtomicLong();
    final AtomicLong rejectedConnections = new AtomicLong();
    final AtomicLong activeConnections = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong badRequests = new AtomicLong();
    final AtomicLong unknownCommands = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong oversizeRequests = new AtomicLong();
    final AtomicLong timedOutClients = new AtomicLong();
    final AtomicLong internalErrors = new AtomicLong();
    volatile RequestObserver observer = RequestObserver.NONE;

    /** Every counter by its stable name ({@code control.*}), in a fixed order. */
    Map<String, Long> snapshot() {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("control.acceptedConnections", acceptedConnections.get());
        m.put("control.rejectedConnections", rejectedConnections.get());
        m.put("control.activeConnections", activeConnections.get());
        m.put("control.requests", requests.get());
        m.put("control.badRequests", badRequests.get());
        m.put("control.unknownCommands", unknownCommands.get());
        m.put("control.refused", refused.get());
        m.put("control.oversizeRequests", oversizeRequests.get());
        m.put("control.timedOutClients", timedOutClients.get());
        m.put("control.internalErrors", internalErrors.get());
        return m;
    }
}
