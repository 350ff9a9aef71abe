package org.vnet.daemon.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

/**
 * A {@code security: aead} link's pre-shared key: 32 random bytes, written as base64 in configs
 * and key files. Equal by content; {@link #toString} never shows it.
 */
public final class LinkKey {
    /** Key length in bytes. */
    public static final int LENGTH = 32;
    private final byte[] bytes;

    private LinkKey(final byte[] bytes) {
        this.bytes = bytes;
    }

    /** A key of exactly {@link #LENGTH} bytes (copied). */
    public static LinkKey of(final byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("a link key is " + LENGTH + " bytes, got "
                + (bytes == null ? 0 : bytes.length));
        }
        return new LinkKey(bytes.clone());
    }

    /** Parses the base64 of {@link #LENGTH} bytes (e.g. from {@code head -c 32 /dev/urandom | base64}). */
    public static LinkKey parse(final String base64) {
        final byte[] b;
        try {
            b = Base64.getDecoder().decode(base64 == null ? "" : base64.trim());
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("a link key must be base64 (of " + LENGTH + " random bytes)");
        }
        if (b.length != LENGTH) {
            throw new IllegalArgumentException("a link key must be the base64 of " + LENGTH + " bytes, got " + b.length
                + " bytes");
        }
        return new LinkKey(b);
    }

    /**
     * Reads a key file holding the base64 of the key; refuses a file that its group or others may
     * read or write (it must be 0600 or 0400).
     */
    public static LinkKey read(final Path file) throws IOException {
        final Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
        for (final PosixFilePermission bad : new PosixFilePermission[] {PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE}) {
            if (p.contains(bad)) {
                throw new IOException("key file " + file + " is readable or writable by group or others (chmod 600 it)");
            }
        }
        final String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        try {
            return parse(text);
        } catch (final IllegalArgumentException e) {
            throw new IOException("key file " + file + ": " + e.getMessage(), e);
        }
    }

    /** A copy of the key's bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The base64 form (state file only; never in replies or logs). */
    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof LinkKey k && MessageDigest.isEqual(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "LinkKey[hidden]";
    }
}
