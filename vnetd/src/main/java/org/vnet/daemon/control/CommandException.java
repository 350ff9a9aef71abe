package org.vnet.daemon.control;

/** A control command was refused; the message says why and is shown to the operator as is. */
public final class CommandException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A refusal with its reason. */
    public CommandException(final String message) {
        super(message);
    }

    /** A refusal caused by a failure while making the change effective. */
    public CommandException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
