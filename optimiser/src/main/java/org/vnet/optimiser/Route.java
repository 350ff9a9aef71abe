package org.vnet.optimiser;

import java.util.List;

/**
 * Where one flow goes in a {@link Plan}.
 *
 * @param src               the sending VM.
 * @param dst               the receiving VM.
 * @param bytesPerSecond    the flow's rate.
 * @param path              the nodes from the sender's host to the receiver's host; one node when both share a host.
 * @param residualBandwidth the flow's term of {@link Score#bandwidth()}: the smallest residual along the path.
 */
public record Route(String src, String dst, double bytesPerSecond, List<String> path, double residualBandwidth) {
    /** Copies the path. */
    public Route {
        path = List.copyOf(path);
    }
}
