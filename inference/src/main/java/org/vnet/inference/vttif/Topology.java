package org.vnet.inference.vttif;

import java.util.List;

/**
 * An inferred application topology: its class, dimensions where they apply, the nodes and undirected edges (by
 * MAC), other template classes the same graph also matches, and a note when the answer is partial.
 *
 * @param className    one of {@link TopologyClassifier}'s class names.
 * @param dims         dimensions (ring: [n]; mesh/torus: sizes; hypercube: [d]; tree: [height]; star: [leaves];
 *                     all-to-all: [n]); empty for none/other.
 * @param nodes        MACs of the vertices.
 * @param edges        undirected edges as {smaller MAC, larger MAC}.
 * @param alternatives other classes (with dims) the same graph is isomorphic to, e.g. "torus 4x4" for hypercube 4.
 * @param note         why the class is none/other, or empty.
 */
public record Topology(
    String className, List<Integer> dims, List<Long> nodes, List<long[]> edges, List<String> alternatives,
    String note)
{
}
