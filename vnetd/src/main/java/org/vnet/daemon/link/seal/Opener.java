package org.vnet.daemon.link.seal;

import java.security.GeneralSecurityException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.netty.buffer.ByteBuf;

/**
 * The receive side of one sealed link: authenticates and decrypts datagrams of the peer's current
 * session. A datagram of a newer session (the peer restarted, or moved to a new pre-shared key)
 * replaces the current session only once it authenticated; older sessions are refused. Within a
 * session a {@link ReplayWindow} refuses repeated and too-old counters, and the previous epoch's key
 * is kept for stragglers. A refused datagram changes nothing. One thread only.
 */
public final class Opener {
    /** {@link #open} result: not a sealed datagram (plain, or too short). */
    public static final int NOT_SEALED = -1;
    /** {@link #open} result: the tag did not verify (wrong key, altered bytes, unknown epoch). */
    public static final int AUTH_FAILED = -2;
    /** {@link #open} result: a counter already accepted or too old. */
    public static final int REPLAY = -3;
    /** {@link #open} result: a session older than the current one. */
    public static final int OLD_SESSION = -4;

    private final Kdf kdf = new Kdf();
    private final String sender;
    private final String receiver;
    private final Cipher cipher = gcm();
    private final byte[] scratch = new byte[Sealer.MAX_MESSAGE + SealedHeader.OVERHEAD];
    private final ReplayWindow window = new ReplayWindow();
    private byte[] linkSecret;
    private boolean hasSession;
    private long session;
    private byte[] sessionKey;
    private int epoch;
    private SecretKeySpec key;
    private SecretKeySpec previousKey;

    /**
     * @param psk      the link's pre-shared key
     * @param sender   the peer daemon's name (the link's name)
     * @param receiver this daemon's name
     */
    public Opener(final byte[] psk, final String sender, final String receiver) {
        this.sender = sender;
        this.receiver = receiver;
        rekey(psk);
    }

    /** Takes a new pre-shared key for the peer's next sessions; the current session goes on until replaced. */
    public void rekey(final byte[] psk) {
        linkSecret = kdf.linkSecret(psk);
    }

    /** The peer's current session id (valid once a datagram was accepted). */
    public long session() {
        return session;
    }

    /** The current key epoch of the peer's session. */
    public int epoch() {
        return epoch;
    }

    /**
     * Opens the sealed datagram {@code src[at, at + length)} into {@code dst} at {@code dstAt}.
     *
     * @return the vnet message's length, or {@link #NOT_SEALED}, {@link #AUTH_FAILED}, {@link #REPLAY}
     *     or {@link #OLD_SESSION} (nothing changed)
     */
    public int open(final ByteBuf src, final int at, final int length, final ByteBuf dst, final int dstAt) {
        if (!SealedHeader.isSealed(src, at, length) || length > scratch.length) {
            return NOT_SEALED;
        }
        final long s = src.getLong(at + SealedHeader.SESSION_OFFSET);
        final int e = src.getInt(at + SealedHeader.EPOCH_OFFSET);
        final long c = src.getLong(at + SealedHeader.COUNTER_OFFSET);
        if (e < 0 || c < 0) {
            return AUTH_FAILED;
        }
        if (hasSession && s == session) {
            if (!window.check(c)) {
                return REPLAY;
            }
            final boolean next = e > epoch;
            final SecretKeySpec k = e == epoch ? key : e == epoch - 1 ? previousKey
                : next ? new SecretKeySpec(kdf.epochKey(sessionKey, e), "AES") : null;
            if (k == null) {
                return AUTH_FAILED;
            }
            final int n = decrypt(k, src, at, length, dst, dstAt);
            if (n >= 0) {
                if (next) {
                    previousKey = e == epoch + 1 ? key : null;
                    key = k;
                    epoch = e;
                }
                window.accept(c);
            }
            return n;
        }
        if (hasSession && Long.compareUnsigned(s, session) < 0) {
            return OLD_SESSION;
        }
        final byte[] sk = kdf.sessionKey(linkSecret, sender, receiver, s);
        final SecretKeySpec k = new SecretKeySpec(kdf.epochKey(sk, e), "AES");
        final int n = decrypt(k, src, at, length, dst, dstAt);
        if (n >= 0) {
            hasSession = true;
            session = s;
            sessionKey = sk;
            epoch = e;
            key = k;
            previousKey = null;
            window.reset();
            window.accept(c);
        }
        return n;
    }

    private int decrypt(final SecretKeySpec k, final ByteBuf src, final int at, final int length, final ByteBuf dst,
                        final int dstAt) {
        final byte[] b = scratch;
        src.getBytes(at, b, 0, length);
        final int n;
        try {
            cipher.init(Cipher.DECRYPT_MODE, k,
                new GCMParameterSpec(SealedHeader.TAG_LENGTH * 8, b, SealedHeader.EPOCH_OFFSET, SealedHeader.NONCE_LENGTH));
            cipher.updateAAD(b, 0, SealedHeader.LENGTH);
            n = cipher.doFinal(b, SealedHeader.LENGTH, length - SealedHeader.LENGTH, b, SealedHeader.LENGTH);
        } catch (final AEADBadTagException e) {
            // javax.crypto reports a bad tag only by exception: the cost of a forged datagram
            return AUTH_FAILED;
        } catch (final GeneralSecurityException e) {
            throw Kdf.unexpected(e);
        }
        dst.setBytes(dstAt, b, SealedHeader.LENGTH, n);
        return n;
    }

    /** A new AES/GCM/NoPadding cipher. */
    static Cipher gcm() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (final GeneralSecurityException e) {
            throw Kdf.unexpected(e);
        }
    }
}
