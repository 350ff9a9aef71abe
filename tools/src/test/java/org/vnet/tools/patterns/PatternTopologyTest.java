package org.vnet.tools.patterns;

import org.junit.jupiter.api.Test;
import org.vnet.inference.vttif.Graph;
import org.vnet.inference.vttif.TopologyClassifier;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatternTopologyTest
{
    private static String classify(final PatternTopology topology)
    {
        final Graph graph = new Graph(topology.processes());
        for (final int[] edge : topology.edges())
        {
            graph.addEdge(edge[0], edge[1]);
        }
        final List<TopologyClassifier.Match> matches = new ArrayList<>();
        TopologyClassifier.classify(graph, matches);
        final List<String> names = new ArrayList<>();
        matches.forEach(m -> names.add(m.toString()));
        return String.join(",", names);
    }

    @Test
    void shouldGiveGridNeighboursWithAndWithoutWrap()
    {
        final PatternTopology mesh = new PatternTopology(PatternTopology.Kind.MESH, 12, new int[]{ 4, 3 });
        assertArrayEquals(new int[]{ 1, 4 }, mesh.neighbours(0));
        assertArrayEquals(new int[]{ 1, 4, 6, 9 }, mesh.neighbours(5));
        final PatternTopology torus = new PatternTopology(PatternTopology.Kind.TORUS, 12, new int[]{ 4, 3 });
        assertArrayEquals(new int[]{ 1, 3, 4, 8 }, torus.neighbours(0));
        assertEquals(24, torus.edges().size());
    }

    @Test
    void shouldBuildTopologiesTheInferenceRecognises()
    {
        assertTrue(classify(new PatternTopology(PatternTopology.Kind.MESH, 12, new int[]{ 4, 3 }))
            .startsWith("mesh 4x3"));
        assertTrue(classify(new PatternTopology(PatternTopology.Kind.TORUS, 9, null)).startsWith("torus 3x3"));
        assertTrue(classify(new PatternTopology(PatternTopology.Kind.HYPERCUBE, 8, null)).startsWith("hypercube 3"));
        assertTrue(classify(new PatternTopology(PatternTopology.Kind.TREE, 7, null)).startsWith("binary-tree 2"));
        assertTrue(classify(new PatternTopology(PatternTopology.Kind.ALL_TO_ALL, 5, null)).startsWith("all-to-all 5"));
        assertTrue(classify(new PatternTopology(PatternTopology.Kind.TORUS, 16, new int[]{ 4, 4 }))
            .contains("torus 4x4"));
    }

    @Test
    void shouldRejectSizesThatDoNotFit()
    {
        assertThrows(IllegalArgumentException.class,
            () -> new PatternTopology(PatternTopology.Kind.HYPERCUBE, 6, null));
        assertThrows(IllegalArgumentException.class,
            () -> new PatternTopology(PatternTopology.Kind.MESH, 12, new int[]{ 5, 3 }));
        assertThrows(IllegalArgumentException.class, () -> PatternTopology.Kind.parse("butterfly"));
        assertArrayEquals(new int[]{ 4, 3, 2 }, PatternTopology.parseDims("4x3x2"));
        assertEquals("mesh 7", new PatternTopology(PatternTopology.Kind.MESH, 7, null).describe());
    }
}
