package org.vnet.daemon.link;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/**
 * TLS 1.3 contexts with mutual authentication: both ends present a certificate that must chain
 * to the configured CA. Peers are authenticated by the CA, not by host name (links are addressed
 * by IP), so endpoint identification is off and the link's peer address is checked instead.
 * The provider is the daemon's setting: BoringSSL (netty-tcnative) where it loads, else the JDK's
 * ({@code -Dvnet.tls.provider=jdk} forces the JDK's, for comparisons).
 */
public final class TlsContexts {
    private final SslProvider provider;
    private final SslContext server;
    private final SslContext client;
    private final List<String> names;

    /**
     * Loads PEM files.
     *
     * @param provider the TLS implementation ({@link org.vnet.daemon.VnetdContext#sslProvider()})
     * @throws IOException with the file and the cause when a file cannot be used
     */
    public TlsContexts(final Path cert, final Path key, final Path ca, final SslProvider provider) throws IOException {
        this.provider = provider;
        final File c = cert.toFile();
        final File k = key.toFile();
        final File a = ca.toFile();
        try {
            server = SslContextBuilder.forServer(c, k)
                .sslProvider(provider)
                .trustManager(a)
                .clientAuth(ClientAuth.REQUIRE)
                .protocols("TLSv1.3")
                .build();
            client = SslContextBuilder.forClient()
                .sslProvider(provider)
                .keyManager(c, k)
                .trustManager(a)
                .endpointIdentificationAlgorithm(null)
                .protocols("TLSv1.3")
                .build();
        } catch (final SSLException | IllegalArgumentException e) {
            throw new IOException("cannot load TLS material (cert " + cert + ", key " + key + ", ca " + ca + "): "
                + e.getMessage(), e);
        }
        try (InputStream in = Files.newInputStream(cert)) {
            names = TlsIdentity.names((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        } catch (final CertificateException | ClassCastException e) {
            throw new IOException("cannot read the certificate " + cert + ": " + e.getMessage(), e);
        }
    }

    /**
     * The names this daemon's certificate is issued for (see {@link TlsIdentity}): peers accept it
     * only on links named with one of them, so it should hold the daemon's {@code name}.
     */
    public List<String> names() {
        return names;
    }

    /** The provider in use. */
    public SslProvider provider() {
        return provider;
    }

    /** The provider's name and, for BoringSSL, its version, for the start-up log. */
    public String describe() {
        return provider == SslProvider.OPENSSL ? "BoringSSL (" + OpenSsl.versionString() + ")" : "JDK";
    }

    /** Context for accepted connections (requires a client certificate). */
    public SslContext server() {
        return server;
    }

    /** Context for dialled connections. */
    public SslContext client() {
        return client;
    }
}
