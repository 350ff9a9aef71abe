package org.vnet.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.NetworkState;
import org.vnet.daemon.model.PortRef;
import org.vnet.daemon.model.Transport;

class DaemonConfigTest {
    @TempDir
    Path dir;

    private Path write(final String name, final String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    private void writePem(final String name, final String block) throws IOException {
        Files.writeString(dir.resolve(name), "-----BEGIN " + block + "-----\nAAAA\n-----END " + block + "-----\n");
    }

    private ConfigException refused(final String yaml) throws IOException {
        final Path f = write("h1.yaml", yaml);
        return assertThrows(ConfigException.class, () -> DaemonConfig.load(f));
    }

    private static void assertProblem(final ConfigException e, final String expected) {
        assertTrue(e.problems().stream().anyMatch(p -> p.contains(expected)),
            "want a problem containing [" + expected + "] in:\n" + e.getMessage());
    }

    @Test
    void shouldLoadFullConfigWithEveryKey() throws Exception {
        writePem("h1.crt", "CERTIFICATE");
        writePem("h1.key", "PRIVATE KEY");
        writePem("ca.crt", "CERTIFICATE");
        final DaemonConfig c = DaemonConfig.load(write("h1.yaml", """
            name: h1
            hub: true
            listen: { udp: "10.200.0.1:7700", tcp: "10.200.0.1:7701", tls: "10.200.0.1:7702" }
            tls: { cert: h1.crt, key: h1.key, ca: ca.crt }
            control: /run/vnet-test/h1.sock
            state: state/h1.json
            counters: /run/vnet-test/h1.cnt
            underlayMtu: 9000
            interfaces:
              - { name: eth0, netns: vm1, mtu: 1400 }
              - { name: eth1 }
            links:
              - { name: h2, transport: udp, peer: "10.200.0.2:7700" }
              - { name: h3, transport: tls, peer: "[fd00::3]:7702", accept: true }
            rules:
              - { src: any, dst: "02:00:00:00:00:03", from: any, to: "link:h3" }
              - { dst: "not-02:00:00:00:00:03", from: "link:h3", to: "if:eth0" }
            """));
        assertEquals("h1", c.name());
        assertTrue(c.hub());
        assertEquals(7702, c.listen().tls().getPort());
        assertEquals(dir.resolve("h1.crt"), c.tls().cert());
        assertEquals(Path.of("/run/vnet-test/h1.sock"), c.control());
        assertEquals(dir.resolve("state/h1.json"), c.state());
        assertEquals(Path.of("/run/vnet-test/h1.cnt"), c.counters());
        assertEquals(9000, c.underlayMtu());
        assertEquals("vm1", c.interfaces().get(0).netns());
        assertNull(c.interfaces().get(1).netns());
        assertEquals(0, c.interfaces().get(1).mtu());
        assertEquals(Transport.TLS, c.links().get(1).transport());
        assertEquals("[fd00:0:0:0:0:0:0:3]:7702", LinkSpec.formatAddress(c.links().get(1).peer()));

        final NetworkState s = c.initialState();
        assertEquals(2, s.interfaces().size());
        assertEquals(2, s.links().size());
        assertEquals(1, s.rules().get(0).id());
        assertEquals(2, s.rules().get(1).id());
        assertEquals(PortRef.link("h3"), s.rules().get(1).from());
        assertEquals(3, s.nextRuleId());
    }

    @Test
    void shouldApplyDefaultsFromTheName() throws Exception {
        final DaemonConfig c = DaemonConfig.load(write("h9.yaml", "name: h9\n"));
        assertFalse(c.hub());
        assertEquals(Path.of("/run/vnet/h9.sock"), c.control());
        assertEquals(Path.of("/var/lib/vnet/h9.state.json"), c.state());
        assertEquals(Path.of("/run/vnet/h9.counters"), c.counters());
        assertEquals(DaemonConfig.UNDERLAY_MTU_DEFAULT, c.underlayMtu());
        assertNull(c.tls());
        assertNull(c.listen().udp());
        assertTrue(c.initialState().interfaces().isEmpty());
    }

    @Test
    void shouldPutCountersBesideTheControlSocket() throws Exception {
        final DaemonConfig c = DaemonConfig.load(write("h1.yaml", "name: h1\ncontrol: /tmp/x/ctl.sock\n"));
        assertEquals(Path.of("/tmp/x/ctl.counters"), c.counters());
    }

    @Test
    void shouldNameFileLineAndKeyPathOfMisspeltKey() throws Exception {
        final ConfigException e = refused("""
            name: h1
            listen: { udp: "10.0.0.1:7700" }
            links:
              - { name: h2, transport: udp, peer: "10.0.0.2:7700" }
              - { name: h3, tranport: udp, peer: "10.0.0.3:7700" }
            """);
        assertTrue(e.getMessage().startsWith(dir.resolve("h1.yaml") + ":5: links[1].tranport: unknown key 'tranport'"), e.getMessage());
        assertProblem(e, "known keys here: accept, key, keyFile, name, peer, security, transport");
    }

    @Test
    void shouldSayWhyPeerWithoutPortIsWrong() throws Exception {
        final ConfigException e = refused("""
            name: h1
            listen: { udp: "10.0.0.1:7700" }
            links:
              - { name: h2, transport: udp, peer: "10.0.0.2:7700" }
              - { name: h3, transport: udp, peer: "10.0.0.3:7700" }
              - { name: h4, transport: udp, peer: "10.0.0.1" }
            """);
        assertEquals(dir.resolve("h1.yaml") + ":6: links[2].peer: '10.0.0.1' has no port (want IP:port)", e.getMessage());
    }

    @Test
    void shouldReportWrongTypesWithLine() throws Exception {
        assertProblem(refused("name: h1\nunderlayMtu: big\n"), ":2: underlayMtu: 'big' is not an integer");
        assertProblem(refused("name: h1\nunderlayMtu: 1500.5\n"), "underlayMtu");
        assertProblem(refused("name: h1\ninterfaces: eth0\n"), ":2: interfaces: wrong type: want a list");
        assertProblem(refused("name: h1\nhub: maybe\n"), "hub: 'maybe' is not true or false");
    }

    @Test
    void shouldReportYamlSyntaxAndDuplicateKeys() throws Exception {
        assertProblem(refused("name: h1\nlisten: { udp: \n  - x\n"), ":3: YAML syntax error: while parsing a flow node: expected the node content");
        assertProblem(refused("name: h1\nname: h2\n"), "Duplicate field 'name'");
        assertProblem(refused(""), "the file is empty");
    }

    @Test
    void shouldReportMissingFile() {
        final ConfigException e = assertThrows(ConfigException.class, () -> DaemonConfig.load(dir.resolve("none.yaml")));
        assertTrue(e.getMessage().contains("none.yaml: cannot read"), e.getMessage());
    }

    @Test
    void shouldCheckIdentityAndRanges() throws Exception {
        assertProblem(refused("hub: true\n"), "name: missing");
        assertProblem(refused("name: \"h 1\"\n"), ":1: name: bad daemon name 'h 1'");
        assertProblem(refused("name: h1\nunderlayMtu: 100\n"), ":2: underlayMtu: 100 is out of range 576..65535");
        assertProblem(refused("name: h1\ninterfaces: [ { name: eth0, mtu: 20 } ]\n"), "interfaces[0].mtu: interface eth0: mtu 20 out of range");
        assertProblem(refused("name: h1\ninterfaces: [ { name: a-very-long-interface-name } ]\n"), "interfaces[0].name: bad interface name");
    }

    @Test
    void shouldRequireUdpListenForUdpLinks() throws Exception {
        assertProblem(refused("name: h1\nlinks: [ { name: h2, transport: udp, peer: \"10.0.0.2:7700\" } ]\n"),
            "links[0].transport: udp link h2 needs listen.udp");
    }

    @Test
    void shouldRefuseLinksToNonsensePeersOrToItsOwnListenAddress() throws Exception {
        final String head = "name: h1\nlisten: { udp: \"10.0.0.1:7700\", tcp: \"0.0.0.0:7701\" }\nlinks: [ ";
        assertProblem(refused(head + "{ name: h2, transport: udp, peer: \"0.0.0.0:7700\" } ]\n"),
            "links[0]: link h2: peer 0.0.0.0:7700 is the wildcard address");
        assertProblem(refused(head + "{ name: h2, transport: udp, peer: \"255.255.255.255:7700\" } ]\n"),
            "links[0]: link h2: peer 255.255.255.255:7700 is the broadcast address");
        assertProblem(refused(head + "{ name: h2, transport: udp, peer: \"224.0.0.1:7700\" } ]\n"),
            "links[0]: link h2: peer 224.0.0.1:7700 is a multicast address");
        assertProblem(refused(head + "{ name: h2, transport: udp, peer: \"10.0.0.1:7700\" } ]\n"),
            "links[0].peer: 10.0.0.1:7700 is this daemon's own listen address");
        assertProblem(refused(head + "{ name: h2, transport: tcp, peer: \"127.0.0.1:7701\" } ]\n"),
            "links[0].peer: 127.0.0.1:7701 is this daemon's own listen address");
    }

    @Test
    void shouldRequireListenForAcceptingLinks() throws Exception {
        assertProblem(refused("name: h1\nlinks: [ { name: h2, transport: tcp, peer: \"10.0.0.2:7701\", accept: true } ]\n"),
            "links[0].accept: tcp link h2 accepts, so listen.tcp is needed");
        assertProblem(refused("name: h1\nlisten: { udp: \"10.0.0.1:7700\" }\nlinks: [ { name: h2, transport: udp, peer: \"10.0.0.2:7700\", accept: true } ]\n"),
            "links[0].accept: accept applies to tcp and tls links only");
    }

    @Test
    void shouldRequireReadableTlsFilesWhenTlsIsUsed() throws Exception {
        assertProblem(refused("name: h1\nlinks: [ { name: h2, transport: tls, peer: \"10.0.0.2:7702\" } ]\n"),
            "links[0].transport: tls link h2 needs the tls: section");
        assertProblem(refused("name: h1\nlisten: { tls: \"10.0.0.1:7702\" }\n"), "listen.tls: a TLS listen address needs the tls: section");
        final ConfigException e = refused("name: h1\ntls: { cert: nope.crt, key: nope.key }\n");
        assertProblem(e, ":2: tls.cert: " + dir.resolve("nope.crt") + " does not exist");
        assertProblem(e, "tls.ca: missing");
    }

    @Test
    void shouldNameTheUsualPemMistakes() throws Exception {
        writePem("h1.crt", "CERTIFICATE");
        writePem("rsa.key", "RSA PRIVATE KEY");
        writePem("enc.key", "ENCRYPTED PRIVATE KEY");
        writePem("ca.key", "PRIVATE KEY");
        assertProblem(refused("name: h1\ntls: { cert: h1.crt, key: rsa.key, ca: ca.key }\n"),
            "tls.key: " + dir.resolve("rsa.key") + " is not PKCS#8; convert it with: openssl pkcs8 -topk8");
        assertProblem(refused("name: h1\ntls: { cert: h1.crt, key: rsa.key, ca: ca.key }\n"),
            "tls.ca: " + dir.resolve("ca.key") + " has no PEM 'CERTIFICATE' block");
        assertProblem(refused("name: h1\ntls: { cert: h1.crt, key: enc.key, ca: h1.crt }\n"), "is an encrypted key");
    }

    @Test
    void shouldRefuseDuplicateNamesAndPeers() throws Exception {
        assertProblem(refused("name: h1\ninterfaces: [ { name: eth0 }, { name: eth0 } ]\n"),
            "interfaces[1].name: duplicate interface eth0 (first at interfaces[0])");
        final ConfigException e = refused("""
            name: h1
            listen: { udp: "10.0.0.1:7700" }
            links:
              - { name: h2, transport: udp, peer: "10.0.0.2:7700" }
              - { name: h2, transport: udp, peer: "10.0.0.3:7700" }
              - { name: h4, transport: udp, peer: "10.0.0.2:7700" }
            """);
        assertProblem(e, ":5: links[1].name: duplicate link h2 (first at links[0])");
        assertProblem(e, ":6: links[2].peer: link h2 already goes to 10.0.0.2:7700 over udp");
    }

    @Test
    void shouldRefuseRulesToPortsThatDoNotExist() throws Exception {
        final ConfigException e = refused("""
            name: h1
            interfaces: [ { name: eth0 } ]
            rules:
              - { src: any, dst: any, from: any, to: "link:h3" }
              - { dst: "02:00:00:00:00:0g", to: "if:eth0" }
              - { from: "if:eth0", to: "if:eth0" }
              - { src: any }
              - { to: "if:eth0" }
              - { to: "if:eth0" }
            """);
        assertProblem(e, ":4: rules[0].to: no link h3 in links:");
        assertProblem(e, ":5: rules[1].dst: not a MAC address");
        assertProblem(e, ":6: rules[2]: rule 'from' and 'to' are both if:eth0");
        assertProblem(e, ":7: rules[3].to: missing");
        assertProblem(e, ":9: rules[5]: rule already exists as #1");
        assertEquals(5, e.problems().size(), e.getMessage());
    }

    @Test
    void shouldNotRepeatProblemsOfEntriesAlreadyReported() throws Exception {
        final ConfigException e = refused("""
            name: h1
            interfaces: [ { name: eth0-name-too-long } ]
            rules: [ { to: "if:eth0-name-too-long" } ]
            """);
        assertProblem(e, ":2: interfaces[0].name: bad interface name");
        assertEquals(1, e.problems().size(), e.getMessage());
    }
}
