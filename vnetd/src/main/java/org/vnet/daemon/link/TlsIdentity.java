package org.vnet.daemon.link;

import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;

/**
 * The daemon names a TLS peer's certificate is issued for: its subjectAltName dNSName entries, or,
 * when it has none, its subject's common name(s) (the rule of RFC 6125). A TLS link named {@code h2}
 * needs the peer's certificate to carry {@code h2} there, compared exactly (no wildcards).
 */
final class TlsIdentity {
    private static final int SAN_DNS_NAME = 2;

    private TlsIdentity() {
    }

    /** The names the peer's leaf certificate of {@code session} is issued for; empty if it has none. */
    static List<String> names(final SSLSession session) throws SSLPeerUnverifiedException {
        final Certificate[] chain = session.getPeerCertificates();
        return chain.length > 0 && chain[0] instanceof X509Certificate x ? names(x) : List.of();
    }

    /** The dNSName entries of {@code cert}'s subjectAltName, or its subject's CNs when it has no dNSName. */
    static List<String> names(final X509Certificate cert) {
        final List<String> names = new ArrayList<>();
        try {
            final Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (final List<?> san : sans) {
                    if (san.size() >= 2 && san.get(0) instanceof Integer type && type == SAN_DNS_NAME
                        && san.get(1) instanceof String name) {
                        names.add(name);
                    }
                }
            }
        } catch (final CertificateParsingException e) {
            return List.of();
        }
        if (!names.isEmpty()) {
            return names;
        }
        try {
            for (final Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName(X500Principal.RFC2253)).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType()) && rdn.getValue() instanceof String cn) {
                    names.add(cn);
                }
            }
        } catch (final InvalidNameException e) {
            return List.of();
        }
        return names;
    }
}
