package org.vnet.daemon.config;

import java.util.List;

/**
 * A configuration file cannot be used. The message lists every problem found, one per line, each
 * as {@code FILE[:LINE]: KEY.PATH: reason}.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    /** A refusal listing {@code problems} (at least one). */
    public ConfigException(final List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    /** A refusal with a single problem and its cause. */
    public ConfigException(final String problem, final Throwable cause) {
        super(problem, cause);
        this.problems = List.of(problem);
    }

    /** Each problem, in file order where known. */
    public List<String> problems() {
        return problems;
    }
}
