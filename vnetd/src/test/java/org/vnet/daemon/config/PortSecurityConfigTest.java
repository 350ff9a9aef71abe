package org.vnet.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.daemon.model.InterfaceSpec;
import org.vnet.daemon.model.PortSecurity;
import org.vnet.inference.packet.Mac;

/** The interface keys pinMac, maxMacs and storm. */
class PortSecurityConfigTest {
    @TempDir
    Path dir;

    private DaemonConfig load(final String interfaces) throws Exception {
        return DaemonConfig.load(Files.writeString(dir.resolve("h1.yaml"), "name: h1\ninterfaces:\n" + interfaces));
    }

    private ConfigException refused(final String interfaces) {
        return assertThrows(ConfigException.class, () -> load(interfaces));
    }

    private static void assertProblem(final ConfigException e, final String expected) {
        assertTrue(e.problems().stream().anyMatch(p -> p.contains(expected)),
            "want a problem containing [" + expected + "] in:\n" + e.getMessage());
    }

    @Test
    void shouldReadPinningLimitAndStormControl() throws Exception {
        final DaemonConfig c = load("""
              - name: eth0
                pinMac: first
                maxMacs: 4
                storm:
                  broadcast: { rate: 1000, burst: 200 }
                  unknownUnicast: { rate: 5000 }
              - { name: eth1, pinMac: "52:54:00:12:34:56" }
              - { name: eth2 }
            """);
        final PortSecurity s = c.interfaces().get(0).security();
        assertEquals(PortSecurity.Pin.FIRST, s.pin());
        assertEquals(4, s.maxMacs());
        assertEquals(new PortSecurity.Limit(1000, 200), s.broadcast());
        assertEquals(PortSecurity.Limit.NONE, s.multicast());
        assertEquals(new PortSecurity.Limit(5000, 500), s.unknownUnicast(), "burst defaults to a tenth of a second");

        final PortSecurity fixed = c.interfaces().get(1).security();
        assertEquals(PortSecurity.Pin.FIXED, fixed.pin());
        assertEquals(Mac.parse("52:54:00:12:34:56"), fixed.mac());
        assertEquals(PortSecurity.NONE, c.interfaces().get(2).security());
    }

    @Test
    void shouldRefuseBadPortSecurityWithTheKeyPath() {
        assertProblem(refused("  - { name: eth0, pinMac: \"01:00:5e:00:00:01\" }\n"), "interfaces[0].pinMac");
        assertProblem(refused("  - { name: eth0, pinMac: sometimes }\n"), "interfaces[0].pinMac");
        assertProblem(refused("  - { name: eth0, maxMacs: -1 }\n"), "interfaces[0].maxMacs");
        assertProblem(refused("  - { name: eth0, storm: { broadcast: { burst: 3 } } }\n"), "interfaces[0].storm.broadcast.rate");
        assertProblem(refused("  - { name: eth0, storm: { multicast: { rate: 10, burst: 0 } } }\n"),
            "interfaces[0].storm.multicast");
        assertProblem(refused("  - { name: eth0, storm: { anycast: { rate: 10 } } }\n"), "anycast");
        assertProblem(refused("  - { name: eth0, pinMac: \"02:00:00:00:00:01\" }\n  - { name: eth1, pinMac: \"02:00:00:00:00:01\" }\n"),
            "interfaces[1].pinMac");
    }

    @Test
    void shouldKeepPortSecurityInTheInterfaceSpec() {
        final PortSecurity s = new PortSecurity(PortSecurity.Pin.FIXED, Mac.parse("02:00:00:00:00:01"), 8,
            new PortSecurity.Limit(1, 1), PortSecurity.Limit.NONE, new PortSecurity.Limit(7, 9));
        assertEquals(s, new InterfaceSpec("eth0", null, 0, s).security());
        assertEquals(PortSecurity.NONE, new InterfaceSpec("eth0", null, 0).security());
        assertEquals("02:00:00:00:00:01", s.pinText());
    }
}
