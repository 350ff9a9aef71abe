package org.vnet.inference.vttif;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopologyClassifierTest
{
    private static final Random RANDOM = new Random(7);

    private static TopologyClassifier.Match classify(final Graph g)
    {
        final int[] permutation = permutation(g.vertexCount());
        final List<TopologyClassifier.Match> matches = new ArrayList<>();
        TopologyClassifier.classify(g.permuted(permutation), matches);
        return matches.isEmpty() ? new TopologyClassifier.Match("other", List.of()) : matches.get(0);
    }

    private static List<String> all(final Graph g)
    {
        final List<TopologyClassifier.Match> matches = new ArrayList<>();
        TopologyClassifier.classify(g.permuted(permutation(g.vertexCount())), matches);
        final List<String> names = new ArrayList<>();
        matches.forEach(m -> names.add(m.toString()));
        return names;
    }

    private static int[] permutation(final int n)
    {
        final int[] p = new int[n];
        for (int i = 0; i < n; i++)
        {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--)
        {
            final int j = RANDOM.nextInt(i + 1);
            final int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    @Test
    void shouldClassifyRingsOfSeveralSizes()
    {
        for (final int n : new int[]{ 5, 6, 9, 17 })
        {
            assertEquals("ring " + n, classify(Graph.ring(n)).toString());
        }
    }

    @Test
    void shouldClassifyAllToAllAndStar()
    {
        for (final int n : new int[]{ 3, 4, 8, 12 })
        {
            assertEquals("all-to-all " + n, classify(Graph.complete(n)).toString());
        }
        for (final int n : new int[]{ 4, 7, 16 })
        {
            assertEquals("star " + (n - 1), classify(Graph.star(n)).toString());
        }
    }

    @Test
    void shouldClassifyMeshesWithDimensions()
    {
        assertEquals("mesh 5", classify(Graph.mesh(5)).toString());
        assertEquals("mesh 3x2", classify(Graph.mesh(3, 2)).toString());
        assertEquals("mesh 4x3", classify(Graph.mesh(3, 4)).toString());
        assertEquals("mesh 5x5", classify(Graph.mesh(5, 5)).toString());
        assertEquals("mesh 3x3x2", classify(Graph.mesh(2, 3, 3)).toString());
        assertEquals("mesh 4x4x4", classify(Graph.mesh(4, 4, 4)).toString());
    }

    @Test
    void shouldClassifyToriWithDimensions()
    {
        assertEquals("torus 3x3", classify(Graph.torus(3, 3)).toString());
        assertEquals("torus 5x3", classify(Graph.torus(3, 5)).toString());
        assertEquals("torus 6x6", classify(Graph.torus(6, 6)).toString());
        assertEquals("torus 3x3x3", classify(Graph.torus(3, 3, 3)).toString());
    }

    @Test
    void shouldClassifyHypercubesAndListIsomorphicAlternatives()
    {
        assertEquals("hypercube 3", classify(Graph.hypercube(3)).toString());
        assertEquals("hypercube 5", classify(Graph.hypercube(5)).toString());
        assertEquals("hypercube 6", classify(Graph.hypercube(6)).toString());
        final List<String> q4 = all(Graph.hypercube(4));
        assertEquals("hypercube 4", q4.get(0));
        assertTrue(q4.contains("torus 4x4"), q4.toString());
        final List<String> c4 = all(Graph.ring(4));
        assertEquals("ring 4", c4.get(0));
        assertTrue(c4.contains("mesh 2x2") && c4.contains("hypercube 2"), c4.toString());
    }

    @Test
    void shouldClassifyBinaryTrees()
    {
        assertEquals("binary-tree 2", classify(Graph.binaryTree(7)).toString());
        assertEquals("binary-tree 3", classify(Graph.binaryTree(15)).toString());
        assertEquals("binary-tree 3", classify(Graph.binaryTree(10)).toString());
    }

    @Test
    void shouldRejectNearMissesAsOther()
    {
        final Graph torusMinusEdge = new Graph(9);
        final Graph torus = Graph.torus(3, 3);
        final int removed = torus.neighbour(0, 0);
        for (int v = 0; v < 9; v++)
        {
            for (int i = 0; i < torus.degree(v); i++)
            {
                final int w = torus.neighbour(v, i);
                if (!((v == 0 && w == removed) || (v == removed && w == 0)))
                {
                    torusMinusEdge.addEdge(v, w);
                }
            }
        }
        assertEquals("other", classify(torusMinusEdge).toString());

        final Graph meshPlusChord = Graph.mesh(4, 4);
        meshPlusChord.addEdge(0, 15);
        assertEquals("other", classify(meshPlusChord).toString());

        final Graph spider = new Graph(7);
        spider.addEdge(0, 1);
        spider.addEdge(0, 2);
        spider.addEdge(0, 3);
        spider.addEdge(0, 4);
        spider.addEdge(4, 5);
        spider.addEdge(5, 6);
        assertEquals("other", classify(spider).toString());

        final Graph twoRings = new Graph(10);
        for (int i = 0; i < 5; i++)
        {
            twoRings.addEdge(i, (i + 1) % 5);
            twoRings.addEdge(5 + i, 5 + (i + 1) % 5);
        }
        final List<TopologyClassifier.Match> matches = new ArrayList<>();
        final String note = TopologyClassifier.classify(twoRings, matches);
        assertTrue(matches.isEmpty());
        assertTrue(note.contains("disconnected"), note);
    }

    @Test
    void shouldNotConfuseRegularGraphsWithSameDegreeSequence()
    {
        final Graph twisted = Graph.ring(16);
        for (int i = 0; i < 16; i += 2)
        {
            twisted.addEdge(i, (i + 5) % 16);
        }
        assertFalse(Isomorphism.isomorphic(twisted, Graph.hypercube(4)) &&
            twisted.degreeSequence()[0] != 3);
        final Graph prism = Graph.torus(4, 3);
        assertFalse(Isomorphism.isomorphic(prism, Graph.torus(6, 2)));
        assertTrue(Isomorphism.isomorphic(Graph.torus(4, 3), Graph.torus(3, 4).permuted(permutation(12))));
    }

    @Test
    void shouldClassifyLargeTorusQuickly()
    {
        final long start = System.nanoTime();
        assertEquals("torus 16x16", classify(Graph.torus(16, 16)).toString());
        assertEquals("mesh 16x16", classify(Graph.mesh(16, 16)).toString());
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
    }

    @Test
    void shouldClassifyMatrixAndReportEdgesByMac()
    {
        final TrafficMatrix m = new TrafficMatrix();
        for (int i = 0; i < 6; i++)
        {
            m.add(100 + i, 100 + (i + 1) % 6, 1000, 1);
            m.add(100 + (i + 1) % 6, 100 + i, 900, 1);
        }
        final Topology t = TopologyClassifier.classify(m.denoise(0.1));
        assertEquals("ring", t.className());
        assertEquals(List.of(6), t.dims());
        assertEquals(6, t.edges().size());
        assertEquals(100L, t.edges().get(0)[0]);
    }
}
