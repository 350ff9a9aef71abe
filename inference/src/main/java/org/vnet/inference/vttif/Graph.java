package org.vnet.inference.vttif;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Small undirected simple graph on vertices 0..n-1 with adjacency bitsets and neighbour lists.
 */
public final class Graph
{
    private final int n;
    private final long[][] adjacency;
    private final int[][] neighbours;
    private final int[] degree;
    private int edgeCount;

    public Graph(final int n)
    {
        this.n = n;
        adjacency = new long[n][(n + 63) >>> 6];
        neighbours = new int[n][4];
        degree = new int[n];
    }

    /** Add the undirected edge {a, b}; self-loops and duplicates are ignored. */
    public void addEdge(final int a, final int b)
    {
        if (a == b || hasEdge(a, b))
        {
            return;
        }
        adjacency[a][b >>> 6] |= 1L << b;
        adjacency[b][a >>> 6] |= 1L << a;
        append(a, b);
        append(b, a);
        edgeCount++;
    }

    private void append(final int a, final int b)
    {
        if (degree[a] == neighbours[a].length)
        {
            neighbours[a] = Arrays.copyOf(neighbours[a], degree[a] * 2);
        }
        neighbours[a][degree[a]++] = b;
    }

    public boolean hasEdge(final int a, final int b)
    {
        return (adjacency[a][b >>> 6] & (1L << b)) != 0;
    }

    public int vertexCount()
    {
        return n;
    }

    public int edgeCount()
    {
        return edgeCount;
    }

    public int degree(final int v)
    {
        return degree[v];
    }

    public int neighbour(final int v, final int i)
    {
        return neighbours[v][i];
    }

    /** Degrees sorted ascending. */
    public int[] degreeSequence()
    {
        final int[] sorted = Arrays.copyOf(degree, n);
        Arrays.sort(sorted);
        return sorted;
    }

    /** Number of connected components (0 for the empty graph). */
    public int componentCount()
    {
        final boolean[] seen = new boolean[n];
        final ArrayDeque<Integer> queue = new ArrayDeque<>();
        int components = 0;
        for (int s = 0; s < n; s++)
        {
            if (seen[s])
            {
                continue;
            }
            components++;
            seen[s] = true;
            queue.add(s);
            while (!queue.isEmpty())
            {
                final int v = queue.poll();
                for (int i = 0; i < degree[v]; i++)
                {
                    final int w = neighbours[v][i];
                    if (!seen[w])
                    {
                        seen[w] = true;
                        queue.add(w);
                    }
                }
            }
        }
        return components;
    }

    /** Eccentricity of {@code root} (longest BFS distance), or -1 if the graph is disconnected. */
    public int eccentricity(final int root)
    {
        final int[] distance = new int[n];
        Arrays.fill(distance, -1);
        final ArrayDeque<Integer> queue = new ArrayDeque<>();
        distance[root] = 0;
        queue.add(root);
        int max = 0;
        int reached = 1;
        while (!queue.isEmpty())
        {
            final int v = queue.poll();
            for (int i = 0; i < degree[v]; i++)
            {
                final int w = neighbours[v][i];
                if (distance[w] < 0)
                {
                    distance[w] = distance[v] + 1;
                    max = Math.max(max, distance[w]);
                    reached++;
                    queue.add(w);
                }
            }
        }
        return reached == n ? max : -1;
    }

    /** Copy with vertices renamed: vertex v becomes {@code permutation[v]}. */
    public Graph permuted(final int[] permutation)
    {
        final Graph g = new Graph(n);
        for (int v = 0; v < n; v++)
        {
            for (int i = 0; i < degree[v]; i++)
            {
                g.addEdge(permutation[v], permutation[neighbours[v][i]]);
            }
        }
        return g;
    }

    // ---- templates ----

    public static Graph ring(final int n)
    {
        final Graph g = new Graph(n);
        for (int i = 0; i < n; i++)
        {
            g.addEdge(i, (i + 1) % n);
        }
        return g;
    }

    public static Graph complete(final int n)
    {
        final Graph g = new Graph(n);
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                g.addEdge(i, j);
            }
        }
        return g;
    }

    public static Graph star(final int n)
    {
        final Graph g = new Graph(n);
        for (int i = 1; i < n; i++)
        {
            g.addEdge(0, i);
        }
        return g;
    }

    public static Graph hypercube(final int dimension)
    {
        final int n = 1 << dimension;
        final Graph g = new Graph(n);
        for (int v = 0; v < n; v++)
        {
            for (int d = 0; d < dimension; d++)
            {
                g.addEdge(v, v ^ (1 << d));
            }
        }
        return g;
    }

    /** Heap-shaped binary tree: vertex i's parent is (i - 1) / 2. */
    public static Graph binaryTree(final int n)
    {
        final Graph g = new Graph(n);
        for (int i = 1; i < n; i++)
        {
            g.addEdge(i, (i - 1) / 2);
        }
        return g;
    }

    public static Graph mesh(final int... dims)
    {
        return grid(false, dims);
    }

    public static Graph torus(final int... dims)
    {
        return grid(true, dims);
    }

    private static Graph grid(final boolean wrap, final int... dims)
    {
        int n = 1;
        for (final int d : dims)
        {
            n *= d;
        }
        final Graph g = new Graph(n);
        final int[] coordinate = new int[dims.length];
        for (int v = 0; v < n; v++)
        {
            int rest = v;
            for (int k = 0; k < dims.length; k++)
            {
                coordinate[k] = rest % dims[k];
                rest /= dims[k];
            }
            int stride = 1;
            for (int k = 0; k < dims.length; k++)
            {
                if (coordinate[k] + 1 < dims[k])
                {
                    g.addEdge(v, v + stride);
                }
                else if (wrap && dims[k] > 2)
                {
                    g.addEdge(v, v - coordinate[k] * stride);
                }
                stride *= dims[k];
            }
        }
        return g;
    }
}
