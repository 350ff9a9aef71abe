package org.vnet.daemon.link.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class KdfTest {
    private static final HexFormat HEX = HexFormat.of();
    private final Kdf kdf = new Kdf();

    @Test
    void shouldMatchRfc5869TestCase1() {
        final byte[] ikm = new byte[22];
        Arrays.fill(ikm, (byte) 0x0b);
        final byte[] prk = kdf.extract(HEX.parseHex("000102030405060708090a0b0c"), ikm);
        assertArrayEquals(HEX.parseHex("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"), prk);
        assertArrayEquals(HEX.parseHex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"),
            kdf.expand(prk, HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42));
    }

    @Test
    void shouldDeriveDifferentKeysPerDirectionSessionAndEpoch() {
        final byte[] secret = kdf.linkSecret(new byte[32]);
        final byte[] ab = kdf.sessionKey(secret, "a", "b", 7);
        assertFalse(Arrays.equals(ab, kdf.sessionKey(secret, "b", "a", 7)), "direction");
        assertFalse(Arrays.equals(ab, kdf.sessionKey(secret, "a", "b", 8)), "session");
        assertFalse(Arrays.equals(ab, kdf.sessionKey(secret, "ab", "", 7)), "names are length-prefixed");
        assertFalse(Arrays.equals(kdf.epochKey(ab, 0), kdf.epochKey(ab, 1)), "epoch");
        assertArrayEquals(kdf.epochKey(ab, 3), new Kdf().epochKey(kdf.sessionKey(kdf.linkSecret(new byte[32]), "a", "b", 7), 3));
    }
}
