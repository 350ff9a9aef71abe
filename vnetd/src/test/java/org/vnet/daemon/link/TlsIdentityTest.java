package org.vnet.daemon.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsIdentityTest {
    @TempDir
    static Path pki;

    @BeforeAll
    static void makeCertificates() throws Exception {
        Certs.ca(pki, "ca");
        Certs.leaf(pki, "ca", "cn-only", "h2", null);
        Certs.leaf(pki, "ca", "with-san", "vnet testbed h2", "DNS:h2,DNS:h2.example,IP:10.200.0.2");
        Certs.leaf(pki, "ca", "ip-san", "h3", "IP:10.200.0.3");
    }

    private static X509Certificate load(final String name) throws Exception {
        try (InputStream in = Files.newInputStream(pki.resolve(name + ".crt"))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void shouldNameTheCommonNameWhenThereIsNoSubjectAltName() throws Exception {
        assertEquals(List.of("h2"), TlsIdentity.names(load("cn-only")));
    }

    @Test
    void shouldNameOnlyTheDnsNamesWhenTheCertificateHasThem() throws Exception {
        assertEquals(List.of("h2", "h2.example"), TlsIdentity.names(load("with-san")));
    }

    @Test
    void shouldFallBackToTheCommonNameWhenTheSubjectAltNameHasNoDnsName() throws Exception {
        assertEquals(List.of("h3"), TlsIdentity.names(load("ip-san")));
    }
}
