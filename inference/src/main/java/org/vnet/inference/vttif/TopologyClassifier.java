package org.vnet.inference.vttif;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Classifies an undirected communication graph as ring, n-D mesh, n-D torus, hypercube, binary tree, star or
 * all-to-all (with dimensions), else "other", by degree sequence and isomorphism against generated templates.
 * <p>
 * Several templates coincide (a 4-ring is the 2x2 mesh and the 2-cube; the 4x4 torus is the 4-cube): the first
 * match in the order all-to-all, star, ring, hypercube, torus, mesh, binary tree is the class, the others are
 * listed as alternatives.
 */
public final class TopologyClassifier
{
    public static final String NONE = "none";
    public static final String ALL_TO_ALL = "all-to-all";
    public static final String STAR = "star";
    public static final String RING = "ring";
    public static final String HYPERCUBE = "hypercube";
    public static final String TORUS = "torus";
    public static final String MESH = "mesh";
    public static final String BINARY_TREE = "binary-tree";
    public static final String OTHER = "other";

    /** Largest graph for which isomorphism checks are attempted. */
    public static final int MAX_VERTICES = 4096;

    /** A class with dimensions. */
    public record Match(String className, List<Integer> dims)
    {
        @Override
        public String toString()
        {
            if (dims.isEmpty())
            {
                return className;
            }
            final StringBuilder sb = new StringBuilder(className).append(' ');
            for (int i = 0; i < dims.size(); i++)
            {
                sb.append(i > 0 ? "x" : "").append(dims.get(i));
            }
            return sb.toString();
        }
    }

    private TopologyClassifier()
    {
    }

    /**
     * Build the undirected graph of a (denoised) matrix and classify it.
     *
     * @param matrix denoised traffic matrix.
     * @return the topology.
     */
    public static Topology classify(final TrafficMatrix matrix)
    {
        final TreeSet<Long> nodeSet = new TreeSet<>();
        for (final TrafficMatrix.Entry e : matrix.entries())
        {
            if (e.srcMac() != e.dstMac())
            {
                nodeSet.add(e.srcMac());
                nodeSet.add(e.dstMac());
            }
        }
        final long[] nodes = nodeSet.stream().mapToLong(Long::longValue).toArray();
        if (nodes.length > MAX_VERTICES)
        {
            final TreeSet<String> seen = new TreeSet<>();
            final List<long[]> edges = new ArrayList<>();
            for (final TrafficMatrix.Entry e : matrix.entries())
            {
                final long a = Math.min(e.srcMac(), e.dstMac());
                final long b = Math.max(e.srcMac(), e.dstMac());
                if (a != b && seen.add(a + ":" + b))
                {
                    edges.add(new long[]{ a, b });
                }
            }
            return new Topology(OTHER, List.of(), new ArrayList<>(nodeSet), edges, List.of(),
                "too many endpoints to classify (" + nodes.length + " > " + MAX_VERTICES + ")");
        }
        final Graph graph = new Graph(nodes.length);
        for (final TrafficMatrix.Entry e : matrix.entries())
        {
            if (e.srcMac() != e.dstMac())
            {
                graph.addEdge(Arrays.binarySearch(nodes, e.srcMac()), Arrays.binarySearch(nodes, e.dstMac()));
            }
        }
        final List<long[]> edges = new ArrayList<>();
        for (int v = 0; v < nodes.length; v++)
        {
            for (int w = v + 1; w < nodes.length; w++)
            {
                if (graph.hasEdge(v, w))
                {
                    edges.add(new long[]{ nodes[v], nodes[w] });
                }
            }
        }
        final List<Match> matches = new ArrayList<>();
        final String note = classify(graph, matches);
        final Match first = matches.isEmpty() ? new Match(nodes.length < 2 ? NONE : OTHER, List.of()) : matches.get(0);
        final List<String> alternatives = new ArrayList<>();
        for (int i = 1; i < matches.size(); i++)
        {
            alternatives.add(matches.get(i).toString());
        }
        final List<Long> nodeList = new ArrayList<>(nodeSet);
        return new Topology(first.className(), first.dims(), nodeList, edges, alternatives, note);
    }

    /**
     * Classify a graph.
     *
     * @param graph   undirected graph, every vertex with at least one edge.
     * @param matches receives every matching class, the preferred first.
     * @return a note explaining an empty result, or "".
     */
    public static String classify(final Graph graph, final List<Match> matches)
    {
        final int n = graph.vertexCount();
        if (n < 2)
        {
            return "fewer than 2 communicating endpoints";
        }
        final int components = graph.componentCount();
        if (components > 1)
        {
            return "communication graph is disconnected (" + components + " components)";
        }
        if (n > MAX_VERTICES)
        {
            return "too many endpoints to classify (" + n + " > " + MAX_VERTICES + ")";
        }
        final int m = graph.edgeCount();
        final int[] degrees = graph.degreeSequence();
        if ((long)m == (long)n * (n - 1) / 2)
        {
            matches.add(new Match(ALL_TO_ALL, List.of(n)));
        }
        if (n >= 4 && m == n - 1 && degrees[n - 1] == n - 1)
        {
            matches.add(new Match(STAR, List.of(n - 1)));
        }
        if (n >= 3 && m == n && degrees[0] == 2 && degrees[n - 1] == 2)
        {
            matches.add(new Match(RING, List.of(n)));
        }
        if (Integer.bitCount(n) == 1 && n >= 4)
        {
            final int d = Integer.numberOfTrailingZeros(n);
            if (degrees[0] == d && degrees[n - 1] == d && Isomorphism.isomorphic(graph, Graph.hypercube(d)))
            {
                matches.add(new Match(HYPERCUBE, List.of(d)));
            }
        }
        final List<int[]> factorizations = new ArrayList<>();
        factorize(n, n, new ArrayList<>(), factorizations);
        for (final int[] dims : factorizations)
        {
            if (dims.length >= 2 && dims[dims.length - 1] >= 3 && matchesTemplate(graph, degrees, Graph.torus(dims)))
            {
                matches.add(new Match(TORUS, toList(dims)));
            }
        }
        for (final int[] dims : factorizations)
        {
            if (matchesTemplate(graph, degrees, Graph.mesh(dims)))
            {
                matches.add(new Match(MESH, toList(dims)));
            }
        }
        if (m == n - 1 && degrees[n - 1] <= 3)
        {
            int height = Integer.MAX_VALUE;
            for (int v = 0; v < n; v++)
            {
                if (graph.degree(v) <= 2)
                {
                    height = Math.min(height, graph.eccentricity(v));
                }
            }
            if (height != Integer.MAX_VALUE)
            {
                matches.add(new Match(BINARY_TREE, List.of(height)));
            }
        }
        return matches.isEmpty() ? "matches no template" : "";
    }

    private static boolean matchesTemplate(final Graph graph, final int[] degrees, final Graph template)
    {
        return template.edgeCount() == graph.edgeCount() &&
            Arrays.equals(degrees, template.degreeSequence()) &&
            Isomorphism.isomorphic(graph, template);
    }

    /** Non-increasing factorizations of n into factors >= 2 (n itself included as the 1-D case). */
    private static void factorize(final int n, final int maxFactor, final List<Integer> prefix, final List<int[]> out)
    {
        if (n == 1)
        {
            if (!prefix.isEmpty())
            {
                out.add(prefix.stream().mapToInt(Integer::intValue).toArray());
            }
            return;
        }
        for (int f = Math.min(n, maxFactor); f >= 2; f--)
        {
            if (n % f == 0)
            {
                prefix.add(f);
                factorize(n / f, f, prefix, out);
                prefix.remove(prefix.size() - 1);
            }
        }
    }

    private static List<Integer> toList(final int[] dims)
    {
        final List<Integer> list = new ArrayList<>(dims.length);
        for (final int d : dims)
        {
            list.add(d);
        }
        return List.copyOf(list);
    }
}
