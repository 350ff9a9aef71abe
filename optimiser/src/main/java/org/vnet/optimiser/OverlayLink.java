package org.vnet.optimiser;

/**
 * A host pair that carries demand in a {@link Plan}: the overlay link the daemons keep between them.
 *
 * @param a              the host whose name sorts first.
 * @param b              the other host.
 * @param bytesPerSecond the demand it carries, both directions summed.
 */
public record OverlayLink(String a, String b, double bytesPerSecond) {
}
