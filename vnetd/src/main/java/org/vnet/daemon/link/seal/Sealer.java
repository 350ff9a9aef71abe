package org.vnet.daemon.link.seal;

import java.security.GeneralSecurityException;
import java.util.function.LongSupplier;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.netty.buffer.ByteBuf;

/**
 * The send side of one sealed link: seals vnet messages under the current epoch's key with
 * counter nonces, and moves to the next epoch (a new key derived from the session key) every
 * {@link #EPOCH_MESSAGES} messages or {@link #EPOCH_NANOS}. The counter never repeats within a
 * session, and a session's keys belong to it alone (and to one direction), so no nonce is used
 * twice under one key.
 * Reuses one {@link Cipher} and one scratch array; the per-message allocation is the
 * {@link GCMParameterSpec} javax.crypto needs. One thread only.
 */
public final class Sealer {
    /** Messages per key epoch. */
    public static final long EPOCH_MESSAGES = 1L << 20;
    /** Longest a key epoch lasts. */
    public static final long EPOCH_NANOS = 120_000_000_000L;
    /** Largest vnet message sealed. */
    public static final int MAX_MESSAGE = 65_536;

    private final Kdf kdf = new Kdf();
    private final String sender;
    private final String receiver;
    private final Session sessions;
    private long session;
    private final LongSupplier nanoClock;
    private final Cipher cipher;
    private final byte[] scratch = new byte[MAX_MESSAGE + SealedHeader.OVERHEAD];
    private final long epochMessages;
    private byte[] sessionKey;
    private SecretKeySpec key;
    private int epoch;
    private long epochStart;
    private long epochEnd;
    private long counter;

    /**
     * @param psk           the link's pre-shared key
     * @param sender        this daemon's name
     * @param receiver      the peer daemon's name (the link's name)
     * @param sessions      this process's session ids
     * @param nanoClock     monotonic clock (tests pass their own)
     * @param epochMessages messages per epoch ({@link #EPOCH_MESSAGES}; tests pass fewer)
     */
    public Sealer(final byte[] psk, final String sender, final String receiver, final Session sessions,
                  final LongSupplier nanoClock, final long epochMessages) {
        this.sender = sender;
        this.receiver = receiver;
        this.sessions = sessions;
        this.session = sessions.next();
        this.nanoClock = nanoClock;
        this.epochMessages = epochMessages;
        this.cipher = Opener.gcm();
        derive(psk);
    }

    /**
     * Moves to a new pre-shared key: the next message opens a new session (newer, so the peer's
     * {@link Opener} takes it once it holds the new key too) at counter 0, epoch 0.
     */
    public void rekey(final byte[] psk) {
        session = sessions.next();
        counter = 0;
        derive(psk);
    }

    private void derive(final byte[] psk) {
        sessionKey = kdf.sessionKey(kdf.linkSecret(psk), sender, receiver, session);
        epoch = -1;
        nextEpoch();
    }

    /** The session id messages carry now. */
    public long session() {
        return session;
    }

    private void nextEpoch() {
        epoch++;
        key = new SecretKeySpec(kdf.epochKey(sessionKey, epoch), "AES");
        epochStart = nanoClock.getAsLong();
        epochEnd = counter + epochMessages;
    }

    /** The current key epoch. */
    public int epoch() {
        return epoch;
    }

    /** The counter of the next message. */
    public long counter() {
        return counter;
    }

    /**
     * Seals the vnet message {@code src[srcAt, srcAt + length)} into {@code dst} at {@code dstAt}
     * ({@link SealedHeader#OVERHEAD} + {@code length} bytes). {@code src} and {@code dst} may be the
     * same buffer, overlapping (e.g. sealing in place with {@code srcAt = dstAt + LENGTH}).
     *
     * @return the sealed datagram's length
     */
    public int seal(final ByteBuf src, final int srcAt, final int length, final ByteBuf dst, final int dstAt) {
        if (length > MAX_MESSAGE) {
            throw new IllegalArgumentException("message of " + length + " bytes");
        }
        if (counter >= epochEnd || nanoClock.getAsLong() - epochStart >= EPOCH_NANOS) {
            nextEpoch();
        }
        final long c = counter++;
        final byte[] s = scratch;
        putInt(s, 0, SealedHeader.MARK);
        putLong(s, SealedHeader.SESSION_OFFSET, session);
        putInt(s, SealedHeader.EPOCH_OFFSET, epoch);
        putLong(s, SealedHeader.COUNTER_OFFSET, c);
        src.getBytes(srcAt, s, SealedHeader.LENGTH, length);
        final int n;
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key,
                new GCMParameterSpec(SealedHeader.TAG_LENGTH * 8, s, SealedHeader.EPOCH_OFFSET, SealedHeader.NONCE_LENGTH));
            cipher.updateAAD(s, 0, SealedHeader.LENGTH);
            n = cipher.doFinal(s, SealedHeader.LENGTH, length, s, SealedHeader.LENGTH);
        } catch (final GeneralSecurityException e) {
            throw Kdf.unexpected(e);
        }
        dst.setBytes(dstAt, s, 0, SealedHeader.LENGTH + n);
        return SealedHeader.LENGTH + n;
    }

    static void putInt(final byte[] b, final int at, final int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static void putLong(final byte[] b, final int at, final long v) {
        putInt(b, at, (int) (v >>> 32));
        putInt(b, at + 4, (int) v);
    }
}
