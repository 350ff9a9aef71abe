package org.vnet.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Enables a {@link Privileged} test only when the process runs with effective user id 0. */
public final class PrivilegedCondition implements ExecutionCondition {
    private static final Path STATUS = Path.of("/proc/self/status");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(final ExtensionContext context) {
        final long euid = effectiveUid(STATUS);
        return euid == 0
            ? ConditionEvaluationResult.enabled("running as root")
            : ConditionEvaluationResult.disabled("needs root (CAP_NET_ADMIN); effective uid is "
                + (euid < 0 ? "unknown (no " + STATUS + ")" : Long.toString(euid)));
    }

    /** The effective uid from a {@code /proc/PID/status} file (its "Uid:" line: real, effective, ...), or -1. */
    static long effectiveUid(final Path status) {
        try {
            for (final String line : Files.readAllLines(status)) {
                if (line.startsWith("Uid:")) {
                    final String[] ids = line.substring(4).trim().split("\\s+");
                    return ids.length > 1 ? Long.parseLong(ids[1]) : -1;
                }
            }
            return -1;
        } catch (final IOException | NumberFormatException e) {
            return -1;
        }
    }
}
