package org.vnet.daemon.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.netty.handler.ssl.SslProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnet.daemon.model.LinkSpec;
import org.vnet.daemon.model.Transport;
import org.vnet.daemon.telemetry.SystemCounter;

class TlsLinkTest extends StreamLinkSuite {
    @TempDir
    static Path pki;

    @BeforeAll
    static void makeCertificates() throws Exception {
        Certs.ca(pki, "ca");
        Certs.leaf(pki, "ca", "a");
        Certs.leaf(pki, "ca", "b");
        Certs.leaf(pki, "ca", "c");
        Certs.ca(pki, "rogueca");
        Certs.leaf(pki, "rogueca", "rogue");
    }

    @Override
    Transport transport() {
        return Transport.TLS;
    }

    /** The TLS provider of a daemon with the default settings. */
    static SslProvider provider() {
        return Node.context("x").conclude().sslProvider();
    }

    @Override
    TlsContexts tls(final String name) throws Exception {
        return new TlsContexts(pki.resolve(name + ".crt"), pki.resolve(name + ".key"), pki.resolve("ca.crt"),
            provider());
    }

    @Test
    void shouldRunOnBoringSsl() {
        assertEquals(SslProvider.OPENSSL, provider(),
            "netty-tcnative did not load: " + io.netty.handler.ssl.OpenSsl.unavailabilityCause());
    }

    @Test
    void shouldUseTheJdkProviderWhenTheContextAsksForIt() throws Exception {
        final SslProvider jdk = Node.context("x").tlsProvider("jdk").conclude().sslProvider();
        assertEquals(SslProvider.JDK, jdk);
        assertEquals("JDK", new TlsContexts(pki.resolve("a.crt"), pki.resolve("a.key"), pki.resolve("ca.crt"), jdk)
            .describe());
    }

    @Test
    void shouldRefuseAPeerWhoseCertificateComesFromAnotherCa() throws Exception {
        try (Node rogue = new Node(dir, "a2",
            new TlsContexts(pki.resolve("rogue.crt"), pki.resolve("rogue.key"), pki.resolve("ca.crt"), provider()))) {
            // claims to be "a" from a's address, but its certificate is not signed by the CA
            rogue.link(1, new LinkSpec("b", Transport.TLS, addrB, false));
            awaitIncrease(() -> b.counter(SystemCounter.TLS_HANDSHAKE_FAILURES), 0, "tlsHandshakeFailures");
            rogue.vmSends(frame(60, 0xb, 0x66));
            assertNull(b.vm.frames.poll(300, TimeUnit.MILLISECONDS), "nothing from the rogue peer arrives");
        }
        assertEquals("up", b.onLoop(bToA::state));
    }

    @Test
    void shouldTellTheNamesItsOwnCertificateIsIssuedFor() throws Exception {
        assertEquals(java.util.List.of("a"), tls("a").names());
    }

    @Test
    void shouldRefuseMissingMaterialWithAClearError() {
        final Exception e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
            () -> new TlsContexts(pki.resolve("nope.crt"), pki.resolve("a.key"), pki.resolve("ca.crt"), provider()));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("nope.crt"), e.getMessage());
    }

    @Test
    void shouldRefuseAPeerWhoseCertificateOfTheCaNamesAnotherDaemon() throws Exception {
        a.removeLink(aToB);
        awaitTrue(() -> "waiting".equals(b.onLoop(bToA::state)) ? 1 : 0, "b's link waiting");
        try (Node impostor = new Node(java.nio.file.Files.createDirectories(dir.resolve("impostor")),
            Node.context("a").conclude(), tls("c"))) {
            // c's certificate is signed by the CA; c claims to be a, from a's address
            final LinkPort link = impostor.link(1, new LinkSpec("b", Transport.TLS, addrB, false));
            awaitIncrease(() -> b.counter(SystemCounter.TLS_IDENTITY_MISMATCHES), 0, "tlsIdentityMismatches");
            assertEquals("waiting", b.onLoop(bToA::state));
            impostor.vmSends(frame(60, 0xb, 0x66));
            assertNull(b.vm.frames.poll(300, TimeUnit.MILLISECONDS), "nothing from the impostor arrives");
            assertEquals(0, impostor.counter(SystemCounter.TLS_IDENTITY_MISMATCHES), "b's certificate names b: "
                + impostor.onLoop(link::state));
        }
    }

    @Test
    void shouldNotDialIntoAPeerWhoseCertificateNamesAnotherDaemon() throws Exception {
        a.removeLink(aToB);
        try (Node impostor = new Node(java.nio.file.Files.createDirectories(dir.resolve("impostor")),
            Node.context("b").conclude(), tls("c"))) {
            // listens as b with c's certificate: a's link named b must not come up
            final java.net.InetSocketAddress at = impostor.listen(Transport.TLS, new java.net.InetSocketAddress(host(), 0));
            impostor.link(1, new LinkSpec("a", Transport.TLS, addrA, true));
            final LinkPort link = a.link(2, new LinkSpec("b", Transport.TLS, at, false));
            awaitIncrease(() -> a.counter(SystemCounter.TLS_IDENTITY_MISMATCHES), 0, "tlsIdentityMismatches");
            assertEquals("connecting", a.onLoop(link::state));
            a.vmSends(frame(60, 0xb, 0xa));
            assertNull(impostor.vm.frames.poll(300, TimeUnit.MILLISECONDS), "nothing reaches the impostor");
        }
    }
}
