package org.vnet.daemon.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks the TLS files a configuration names before anything starts: each exists, is a readable
 * regular file and holds the PEM block wanted, naming the usual mistakes (a PKCS#1 or an
 * encrypted key) with the command that fixes them.
 */
final class PemFiles {
    /** The PEM block of a certificate. */
    static final String CERTIFICATE = "CERTIFICATE";
    /** The PEM block of an unencrypted PKCS#8 private key. */
    static final String PKCS8_KEY = "PRIVATE KEY";

    private final Problems problems;
    private final Path baseDir;

    /**
     * @param problems where problems are recorded
     * @param baseDir  what relative paths are resolved against (the configuration file's directory)
     */
    PemFiles(final Problems problems, final Path baseDir) {
        this.problems = problems;
        this.baseDir = baseDir;
    }

    /**
     * The file named at {@code key} ({@code text} as written), checked to hold a {@code wantedBlock};
     * null when none is named.
     *
     * @param what what the file is, for the message when it is missing
     */
    Path file(final String key, final String text, final String what, final String wantedBlock) {
        if (text == null || text.isBlank()) {
            problems.add(key, "missing: the path of " + what);
            return null;
        }
        final Path p = baseDir.resolve(text.trim()).normalize();
        if (!Files.exists(p)) {
            problems.add(key, p + " does not exist");
        } else if (!Files.isRegularFile(p)) {
            problems.add(key, p + " is not a regular file");
        } else if (!Files.isReadable(p)) {
            problems.add(key, p + " is not readable");
        } else {
            checkPem(key, p, wantedBlock);
        }
        return p;
    }

    private void checkPem(final String key, final Path p, final String wantedBlock) {
        final String pem;
        try {
            pem = Files.readString(p, StandardCharsets.US_ASCII);
        } catch (final IOException e) {
            problems.add(key, p + " cannot be read: " + e.getMessage());
            return;
        }
        if (pem.contains("-----BEGIN " + wantedBlock + "-----")) {
            return;
        }
        if (wantedBlock.equals(PKCS8_KEY) && pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            problems.add(key, p + " is an encrypted key; vnetd needs it unencrypted (openssl pkcs8 -in KEY -out KEY.pk8)");
        } else if (wantedBlock.equals(PKCS8_KEY) && pem.matches("(?s).*-----BEGIN [A-Z]+ PRIVATE KEY-----.*")) {
            problems.add(key, p + " is not PKCS#8; convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
        } else {
            problems.add(key, p + " has no PEM '" + wantedBlock + "' block");
        }
    }
}
