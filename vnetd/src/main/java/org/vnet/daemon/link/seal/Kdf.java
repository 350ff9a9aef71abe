package org.vnet.daemon.link.seal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869) and the derivations of the sealed-link keys:
 * <pre>
 * prk         = HKDF-Extract(salt "vnet-aead-v1", psk)
 * session key = HKDF-Expand(prk, "vnet session" | len sender | sender | len receiver | receiver | session id (8), 32)
 * epoch key   = HKDF-Expand(session key, "vnet epoch" | epoch (4), 32)
 * </pre>
 * Names are UTF-8 with a one-byte length; numbers big-endian. Not thread-safe (one {@link Mac}).
 */
public final class Kdf {
    /** Bytes of every key: AES-256. */
    public static final int KEY_LENGTH = 32;
    private static final byte[] SALT = "vnet-aead-v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SESSION = "vnet session".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EPOCH = "vnet epoch".getBytes(StandardCharsets.US_ASCII);
    private static final int HASH = 32;

    private final Mac mac;

    /** A KDF with its own HMAC-SHA256 instance. */
    public Kdf() {
        try {
            mac = Mac.getInstance("HmacSHA256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** HKDF-Extract. */
    public byte[] extract(final byte[] salt, final byte[] ikm) {
        return hmac(salt, ikm);
    }

    /** HKDF-Expand to {@code length} bytes (at most 255 x 32). */
    public byte[] expand(final byte[] prk, final byte[] info, final int length) {
        if (length < 1 || length > 255 * HASH) {
            throw new IllegalArgumentException("length " + length);
        }
        final byte[] out = new byte[length];
        byte[] t = new byte[0];
        int done = 0;
        for (int i = 1; done < length; i++) {
            init(prk);
            mac.update(t);
            mac.update(info);
            mac.update((byte) i);
            t = mac.doFinal();
            final int n = Math.min(HASH, length - done);
            System.arraycopy(t, 0, out, done, n);
            done += n;
        }
        return out;
    }

    /** The pseudo-random key of a link's pre-shared key. */
    public byte[] linkSecret(final byte[] psk) {
        return extract(SALT, psk);
    }

    /** The session key of traffic from {@code sender} to {@code receiver} in the sender's session {@code sessionId}. */
    public byte[] sessionKey(final byte[] linkSecret, final String sender, final String receiver, final long sessionId) {
        final byte[] s = sender.getBytes(StandardCharsets.UTF_8);
        final byte[] r = receiver.getBytes(StandardCharsets.UTF_8);
        if (s.length > 255 || r.length > 255) {
            throw new IllegalArgumentException("name longer than 255 bytes");
        }
        final byte[] info = new byte[SESSION.length + 2 + s.length + r.length + 8];
        int at = 0;
        System.arraycopy(SESSION, 0, info, at, SESSION.length);
        at += SESSION.length;
        info[at++] = (byte) s.length;
        System.arraycopy(s, 0, info, at, s.length);
        at += s.length;
        info[at++] = (byte) r.length;
        System.arraycopy(r, 0, info, at, r.length);
        at += r.length;
        for (int i = 7; i >= 0; i--) {
            info[at++] = (byte) (sessionId >>> (8 * i));
        }
        return expand(linkSecret, info, KEY_LENGTH);
    }

    /** The traffic key of {@code epoch} in a session. */
    public byte[] epochKey(final byte[] sessionKey, final int epoch) {
        final byte[] info = new byte[EPOCH.length + 4];
        System.arraycopy(EPOCH, 0, info, 0, EPOCH.length);
        for (int i = 0; i < 4; i++) {
            info[EPOCH.length + i] = (byte) (epoch >>> (24 - 8 * i));
        }
        return expand(sessionKey, info, KEY_LENGTH);
    }

    private byte[] hmac(final byte[] key, final byte[] data) {
        init(key);
        return mac.doFinal(data);
    }

    private void init(final byte[] key) {
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (final InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    static IllegalStateException unexpected(final GeneralSecurityException e) {
        return new IllegalStateException("AES-GCM failed unexpectedly: " + e, e);
    }
}
