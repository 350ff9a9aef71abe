package org.vnet.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.daemon.model.LinkKey;
import org.vnet.daemon.model.LinkSpec;

class LinkSecurityConfigTest {
    private static final String KEY = Base64.getEncoder().encodeToString(filled(3));

    @TempDir
    Path dir;

    private static byte[] filled(final int b) {
        final byte[] k = new byte[32];
        Arrays.fill(k, (byte) b);
        return k;
    }

    private DaemonConfig load(final String link) throws IOException, ConfigException {
        return DaemonConfig.load(Files.writeString(dir.resolve("h1.yaml"), """
            name: h1
            listen: { udp: "10.0.0.1:7700", tcp: "10.0.0.1:7701" }
            links:
              - %s
            """.formatted(link)));
    }

    private String refused(final String link) {
        return assertThrows(ConfigException.class, () -> load(link)).getMessage();
    }

    @Test
    void shouldMakeAUdpLinkWithoutKeyTrusted() throws Exception {
        final LinkSpec l = load("{ name: h2, transport: udp, peer: \"10.0.0.2:7700\" }").links().get(0);
        assertNull(l.key());
        assertEquals("trusted", l.security());
        assertEquals("trusted", load("{ name: h2, transport: udp, peer: \"10.0.0.2:7700\", security: trusted }")
            .links().get(0).security());
    }

    @Test
    void shouldSealALinkWithAKeyInlineOrFromAPrivateFile() throws Exception {
        final LinkSpec inline = load("{ name: h2, transport: udp, peer: \"10.0.0.2:7700\", security: aead, key: \"" + KEY
            + "\" }").links().get(0);
        assertEquals("aead", inline.security());
        assertEquals(LinkKey.of(filled(3)), inline.key());
        final Path file = Files.writeString(dir.resolve("h2.key"), KEY + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        final LinkSpec fromFile = load("{ name: h2, transport: udp, peer: \"10.0.0.2:7700\", security: aead, keyFile: h2.key }")
            .links().get(0);
        assertEquals(inline.key(), fromFile.key());
        assertFalse(fromFile.toString().contains(KEY), "the key is never printed");
    }

    @Test
    void shouldRefuseAKeyFileOthersMayRead() throws Exception {
        final Path file = Files.writeString(dir.resolve("h2.key"), KEY);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertTrue(refused("{ name: h2, transport: udp, peer: \"10.0.0.2:7700\", keyFile: h2.key }")
            .contains("readable or writable by group or others"));
    }

    @Test
    void shouldRefuseInconsistentSecurity() {
        assertTrue(refused("{ name: h2, transport: udp, peer: \"10.0.0.2:7700\", security: aead }")
            .contains("security aead needs key"));
        assertTrue(refused("{ name: h2, transport: udp, peer: \"10.0.0.2:7700\", security: trusted, key: \"" + KEY + "\" }")
            .contains("security trusted takes no key"));
        assertTrue(refused("{ name: h2, transport: tcp, peer: \"10.0.0.2:7701\", key: \"" + KEY + "\" }")
            .contains("udp links only"));
        assertTrue(refused("{ name: h2, transport: udp, peer: \"10.0.0.2:7700\", security: maybe }")
            .contains("aead or trusted"));
        final String shortKey = refused("{ name: h2, transport: udp, peer: \"10.0.0.2:7700\", key: \"AAAA\" }");
        assertTrue(shortKey.contains("base64 of 32 bytes"), shortKey);
        assertFalse(refused("{ name: h2, transport: udp, peer: \"10.0.0.2:7700\", key: \"" + KEY + "x\" }").contains(KEY),
            "a bad key is not echoed");
    }
}
