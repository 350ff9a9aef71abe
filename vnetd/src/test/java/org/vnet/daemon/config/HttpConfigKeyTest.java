package org.vnet.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.daemon.http.HttpConfig;

class HttpConfigKeyTest {
    @TempDir
    Path dir;

    private Path write(final String yaml) throws IOException {
        return Files.writeString(dir.resolve("h1.yaml"), yaml);
    }

    private void assertRefused(final String yaml, final String expected) throws IOException {
        final Path f = write(yaml);
        final ConfigException e = assertThrows(ConfigException.class, () -> DaemonConfig.load(f));
        assertTrue(e.problems().stream().anyMatch(p -> p.contains(expected)),
            "want a problem containing [" + expected + "] in:\n" + e.getMessage());
    }

    @Test
    void shouldLeaveTheServerOffWhenKeyIsAbsent() throws Exception {
        assertNull(DaemonConfig.load(write("name: h1\n")).http());
    }

    @Test
    void shouldReadALoopbackAddressWithoutToken() throws Exception {
        final HttpConfig h = DaemonConfig.load(write("name: h1\nhttp: { listen: \"127.0.0.1:9477\" }\n")).http();
        assertEquals(new InetSocketAddress("127.0.0.1", 9477), h.listen());
        assertNull(h.tokenFile());
    }

    @Test
    void shouldReadAnyAddressWithATokenFileBesideTheConfig() throws Exception {
        final HttpConfig h = DaemonConfig.load(write("name: h1\nhttp: { listen: \"0.0.0.0:9477\", tokenFile: t/h1.token }\n")).http();
        assertEquals(dir.resolve("t/h1.token"), h.tokenFile());
    }

    @Test
    void shouldRefuseANonLoopbackAddressWithoutToken() throws Exception {
        assertRefused("name: h1\nhttp: { listen: \"0.0.0.0:9477\" }\n", "http.listen: 0.0.0.0 is not a loopback address");
        assertRefused("name: h1\nhttp: { listen: \"127.0.0.1\" }\n", "http.listen: '127.0.0.1' has no port");
        assertRefused("name: h1\nhttp: { tokenFile: x }\n", "http.listen: missing");
        assertRefused("name: h1\nhttp: { listen: \"127.0.0.1:9477\", tls: true }\n", "unknown key 'tls'");
    }
}
