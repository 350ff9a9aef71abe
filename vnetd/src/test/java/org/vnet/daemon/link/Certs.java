package org.vnet.daemon.link;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test TLS material made with the openssl command: a CA, certificates signed by it, a rogue CA. */
final class Certs {
    private Certs() {
    }

    static void ca(final Path dir, final String name) throws IOException, InterruptedException {
        run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-days", "2", "-subj", "/CN=" + name, "-keyout", name + ".key", "-out", name + ".crt");
    }

    /** A certificate {@code name}.crt with PKCS#8 key {@code name}.key signed by {@code ca}, for CN {@code name}. */
    static void leaf(final Path dir, final String ca, final String name) throws IOException, InterruptedException {
        leaf(dir, ca, name, name, null);
    }

    /**
     * A certificate {@code name}.crt with PKCS#8 key {@code name}.key signed by {@code ca}, for CN {@code cn}
     * and, unless null, the subjectAltName {@code san} (e.g. {@code DNS:h2,IP:10.0.0.2}).
     */
    static void leaf(final Path dir, final String ca, final String name, final String cn, final String san)
        throws IOException, InterruptedException {
        run(dir, "openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-subj", "/CN=" + cn, "-keyout", name + ".raw.key", "-out", name + ".csr");
        if (san == null) {
            run(dir, "openssl", "x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key",
                "-CAcreateserial", "-days", "2", "-out", name + ".crt");
        } else {
            java.nio.file.Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=" + san + "\n");
            run(dir, "openssl", "x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key",
                "-CAcreateserial", "-days", "2", "-extfile", name + ".ext", "-out", name + ".crt");
        }
        run(dir, "openssl", "pkcs8", "-topk8", "-nocrypt", "-in", name + ".raw.key", "-out", name + ".key");
    }

    private static void run(final Path dir, final String... cmd) throws IOException, InterruptedException {
        final Process p = new ProcessBuilder(List.of(cmd)).directory(dir.toFile()).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
