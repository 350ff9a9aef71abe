package org.vnet.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.daemon.adapt.AdaptationConfig;

class AdaptationConfigKeyTest {
    private static final String SPOKE = """
        name: h2
        listen: { udp: "10.0.0.2:7700" }
        links: [ { name: h1, transport: udp, peer: "10.0.0.1:7700" } ]
        """;

    @TempDir
    Path dir;

    private AdaptationConfig load(final String yaml) throws IOException, ConfigException {
        return DaemonConfig.load(Files.writeString(dir.resolve("h.yaml"), yaml)).adaptation();
    }

    private String refused(final String yaml) throws IOException {
        Files.writeString(dir.resolve("bad.yaml"), yaml);
        return assertThrows(ConfigException.class, () -> DaemonConfig.load(dir.resolve("bad.yaml"))).getMessage();
    }

    @Test
    void shouldTakeNoPartWhenTheKeyIsAbsent() throws Exception {
        assertFalse(load("name: h1\n").active());
    }

    @Test
    void shouldReadALeaderWithItsThresholds() throws Exception {
        final AdaptationConfig a = load("""
            name: h1
            adaptation: { leader: true, enabled: true, addBytesPerSecond: 2000000, removeBytesPerSecond: 500000,
                          dwellMillis: 15000, linksPerHost: 3, addsPerRound: 1, periodMillis: 1000, windowMillis: 5000 }
            """);
        assertTrue(a.leader() && a.enabled());
        assertEquals(2_000_000, a.addBytesPerSecond());
        assertEquals(500_000, a.removeBytesPerSecond());
        assertEquals(15_000, a.dwellMillis());
        assertEquals(3, a.linksPerHost());
        assertEquals(1, a.addsPerRound());
        assertEquals(5_000, a.windowMillis());
    }

    @Test
    void shouldReadAFollowerOfOneOfItsLinks() throws Exception {
        final AdaptationConfig a = load(SPOKE + "adaptation: { follow: h1 }\n");
        assertEquals("h1", a.follow());
        assertFalse(a.leader());
    }

    @Test
    void shouldRefuseAFollowerOfAnUnknownLinkAndThresholdsWithoutHysteresis() throws Exception {
        assertTrue(refused(SPOKE + "adaptation: { follow: h9 }\n").contains("adaptation.follow"));
        assertTrue(refused("name: h1\nadaptation: { leader: true, addBytesPerSecond: 100, removeBytesPerSecond: 100 }\n")
            .contains("hysteresis"));
        assertTrue(refused(SPOKE + "adaptation: { leader: true, follow: h1 }\n").contains("not both"));
        assertTrue(refused("name: h1\nadaptation: { leader: true, linksPerHost: 0 }\n").contains("linksPerHost"));
        assertTrue(refused("name: h1\nadaptation: { leader: yes-please }\n").contains("adaptation"));
    }

    @Test
    void shouldReadTheOverlaysKeyForFastPathLinksAndRefuseAKeyFileOthersCanRead() throws Exception {
        final Path key = dir.resolve("overlay.key");
        Files.writeString(key, java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertEquals(org.vnet.daemon.model.LinkKey.of(new byte[32]),
            load(SPOKE + "adaptation: { follow: h1, keyFile: overlay.key }\n").key());
        assertEquals(null, load(SPOKE + "adaptation: { follow: h1 }\n").key());
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        final String refusal = refused(SPOKE + "adaptation: { follow: h1, keyFile: overlay.key }\n");
        assertTrue(refusal.contains("chmod 600"), refusal);
    }
}
