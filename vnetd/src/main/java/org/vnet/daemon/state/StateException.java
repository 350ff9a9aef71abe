package org.vnet.daemon.state;

/**
 * The state file exists but cannot be used (unreadable, corrupt, inconsistent, or from a newer
 * vnetd). The daemon refuses to start on it rather than silently drop the operator's changes.
 */
public final class StateException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A refusal with its reason. */
    public StateException(final String message) {
        super(message);
    }

    /** A refusal with its reason and cause. */
    public StateException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
