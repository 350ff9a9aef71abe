package org.vnet.inference.vttif;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Graph isomorphism test for topology templates: degree sequence, colour refinement, then backtracking in BFS
 * order with adjacency-count pruning and a step budget.
 */
public final class Isomorphism
{
    /** Default backtracking budget: enough for the templates, bounded for adversarial inputs. */
    public static final long DEFAULT_BUDGET = 2_000_000L;

    private Isomorphism()
    {
    }

    /**
     * Whether {@code a} and {@code b} are isomorphic.
     *
     * @return true only if a mapping was found within the default budget.
     */
    public static boolean isomorphic(final Graph a, final Graph b)
    {
        return isomorphic(a, b, DEFAULT_BUDGET);
    }

    /**
     * Whether {@code a} and {@code b} are isomorphic, giving up (false) after {@code budget} search steps.
     */
    public static boolean isomorphic(final Graph a, final Graph b, final long budget)
    {
        final int n = a.vertexCount();
        if (n != b.vertexCount() || a.edgeCount() != b.edgeCount() ||
            !Arrays.equals(a.degreeSequence(), b.degreeSequence()))
        {
            return false;
        }
        if (n == 0)
        {
            return true;
        }
        final int[][] colours = refine(a, b);
        final int[] colourA = colours[0];
        final int[] colourB = colours[1];
        final int[] histogramA = histogram(colourA);
        final int[] histogramB = histogram(colourB);
        if (!Arrays.equals(histogramA, histogramB))
        {
            return false;
        }
        final int[] order = new int[n];
        final int[] parent = new int[n];
        bfsOrder(a, colourA, histogramA, order, parent);
        final int[] mapping = new int[n];
        final int[] inverse = new int[n];
        Arrays.fill(mapping, -1);
        Arrays.fill(inverse, -1);
        final long[] steps = { budget };
        return extend(a, b, colourA, colourB, order, parent, 0, mapping, inverse, steps);
    }

    private static boolean extend(
        final Graph a, final Graph b, final int[] colourA, final int[] colourB, final int[] order, final int[] parent,
        final int depth, final int[] mapping, final int[] inverse, final long[] steps)
    {
        if (depth == order.length)
        {
            return true;
        }
        final int v = order[depth];
        final int p = parent[v];
        final int n = b.vertexCount();
        final int candidates = p >= 0 ? b.degree(mapping[p]) : n;
        for (int i = 0; i < candidates; i++)
        {
            final int c = p >= 0 ? b.neighbour(mapping[p], i) : i;
            if (inverse[c] >= 0 || colourB[c] != colourA[v])
            {
                continue;
            }
            if (--steps[0] < 0)
            {
                return false;
            }
            if (!consistent(a, b, v, c, mapping, inverse))
            {
                continue;
            }
            mapping[v] = c;
            inverse[c] = v;
            if (extend(a, b, colourA, colourB, order, parent, depth + 1, mapping, inverse, steps))
            {
                return true;
            }
            mapping[v] = -1;
            inverse[c] = -1;
            if (steps[0] < 0)
            {
                return false;
            }
        }
        return false;
    }

    private static boolean consistent(
        final Graph a, final Graph b, final int v, final int c, final int[] mapping, final int[] inverse)
    {
        int mappedA = 0;
        for (int i = 0; i < a.degree(v); i++)
        {
            final int w = a.neighbour(v, i);
            if (mapping[w] >= 0)
            {
                if (!b.hasEdge(c, mapping[w]))
                {
                    return false;
                }
                mappedA++;
            }
        }
        int mappedB = 0;
        for (int i = 0; i < b.degree(c); i++)
        {
            if (inverse[b.neighbour(c, i)] >= 0)
            {
                mappedB++;
            }
        }
        return mappedA == mappedB;
    }

    private static int[][] refine(final Graph a, final Graph b)
    {
        final int n = a.vertexCount();
        int[] ca = new int[n];
        int[] cb = new int[n];
        for (int v = 0; v < n; v++)
        {
            ca[v] = a.degree(v);
            cb[v] = b.degree(v);
        }
        int classes = -1;
        for (int round = 0; round < n; round++)
        {
            final Map<String, Integer> ids = new HashMap<>();
            final int[] na = recolour(a, ca, ids);
            final int[] nb = recolour(b, cb, ids);
            ca = na;
            cb = nb;
            if (ids.size() == classes)
            {
                break;
            }
            classes = ids.size();
        }
        return new int[][]{ ca, cb };
    }

    private static int[] recolour(final Graph g, final int[] colour, final Map<String, Integer> ids)
    {
        final int n = g.vertexCount();
        final int[] next = new int[n];
        for (int v = 0; v < n; v++)
        {
            final int[] around = new int[g.degree(v)];
            for (int i = 0; i < around.length; i++)
            {
                around[i] = colour[g.neighbour(v, i)];
            }
            Arrays.sort(around);
            final String signature = colour[v] + ":" + Arrays.toString(around);
            next[v] = ids.computeIfAbsent(signature, k -> ids.size());
        }
        return next;
    }

    private static int[] histogram(final int[] colour)
    {
        int max = 0;
        for (final int c : colour)
        {
            max = Math.max(max, c);
        }
        final int[] h = new int[max + 1];
        for (final int c : colour)
        {
            h[c]++;
        }
        return h;
    }

    private static void bfsOrder(final Graph g, final int[] colour, final int[] histogram, final int[] order,
        final int[] parent)
    {
        final int n = g.vertexCount();
        final boolean[] seen = new boolean[n];
        Arrays.fill(parent, -1);
        int filled = 0;
        final ArrayDeque<Integer> queue = new ArrayDeque<>();
        while (filled < n)
        {
            int root = -1;
            for (int v = 0; v < n; v++)
            {
                if (!seen[v] && (root < 0 || histogram[colour[v]] < histogram[colour[root]]))
                {
                    root = v;
                }
            }
            seen[root] = true;
            queue.add(root);
            while (!queue.isEmpty())
            {
                final int v = queue.poll();
                order[filled++] = v;
                for (int i = 0; i < g.degree(v); i++)
                {
                    final int w = g.neighbour(v, i);
                    if (!seen[w])
                    {
                        seen[w] = true;
                        parent[w] = v;
                        queue.add(w);
                    }
                }
            }
        }
    }
}
