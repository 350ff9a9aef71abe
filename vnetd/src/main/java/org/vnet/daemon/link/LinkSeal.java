package org.vnet.daemon.link;

import org.vnet.daemon.link.seal.Opener;
import org.vnet.daemon.link.seal.Sealer;
import org.vnet.daemon.link.seal.Session;
import org.vnet.daemon.model.LinkKey;
import org.vnet.daemon.model.LinkSpec;

/**
 * Both directions of one {@code security: aead} UDP link: the {@link Sealer} of what this daemon
 * sends to the peer and the {@link Opener} of what the peer sends. Traffic keys tie both daemon
 * names in, so the link's name must be the peer daemon's name. Data-plane thread only.
 */
final class LinkSeal {
    private final Sealer sealer;
    private final Opener opener;

    /**
     * @param spec     the link (sealed)
     * @param self     this daemon's name
     * @param sessions this process's session ids
     * @param epochMessages messages per key epoch ({@link Sealer#EPOCH_MESSAGES})
     */
    LinkSeal(final LinkSpec spec, final String self, final Session sessions, final long epochMessages) {
        final byte[] psk = spec.key().bytes();
        this.sealer = new Sealer(psk, self, spec.name(), sessions, System::nanoTime, epochMessages);
        this.opener = new Opener(psk, spec.name(), self);
    }

    /** The send side. */
    Sealer sealer() {
        return sealer;
    }

    /** The receive side. */
    Opener opener() {
        return opener;
    }

    /** Moves both directions to a new pre-shared key without dropping the link. */
    void rekey(final LinkKey key) {
        final byte[] psk = key.bytes();
        opener.rekey(psk);
        sealer.rekey(psk);
    }
}
