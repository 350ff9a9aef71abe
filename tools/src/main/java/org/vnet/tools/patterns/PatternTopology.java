package org.vnet.tools.patterns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The communication topologies of the Patterns BSP benchmark and each rank's neighbours in them: n-D mesh, n-D
 * torus (wrap-around on sides of 3 or more), hypercube, binary reduction tree (rank r's parent is (r - 1) / 2) and
 * all-to-all.
 */
public final class PatternTopology
{
    /** Topology kinds. */
    public enum Kind
    {
        MESH, TORUS, HYPERCUBE, TREE, ALL_TO_ALL;

        /**
         * Parse a kind name: mesh, torus, hypercube, tree (or binary-tree), all-to-all (or alltoall).
         *
         * @throws IllegalArgumentException naming the accepted values.
         */
        public static Kind parse(final String text)
        {
            switch (text.toLowerCase(Locale.ROOT))
            {
                case "mesh": return MESH;
                case "torus": return TORUS;
                case "hypercube": return HYPERCUBE;
                case "tree":
                case "binary-tree": return TREE;
                case "all-to-all":
                case "alltoall": return ALL_TO_ALL;
                default:
                    throw new IllegalArgumentException("unknown topology '" + text +
                        "' (mesh, torus, hypercube, tree, all-to-all)");
            }
        }
    }

    private final Kind kind;
    private final int processes;
    private final int[] dims;

    /**
     * @param kind      topology kind.
     * @param processes number of ranks.
     * @param dims      mesh/torus side lengths whose product is {@code processes}; null or empty for a near-square
     *                  2-D grid (1-D when {@code processes} is prime).
     * @throws IllegalArgumentException if the sizes do not fit the kind.
     */
    public PatternTopology(final Kind kind, final int processes, final int[] dims)
    {
        if (processes < 2)
        {
            throw new IllegalArgumentException("need at least 2 processes: " + processes);
        }
        this.kind = kind;
        this.processes = processes;
        if (kind == Kind.HYPERCUBE && Integer.bitCount(processes) != 1)
        {
            throw new IllegalArgumentException("a hypercube needs a power-of-two number of processes: " + processes);
        }
        if (kind == Kind.MESH || kind == Kind.TORUS)
        {
            this.dims = dims == null || dims.length == 0 ? nearSquare(processes) : dims.clone();
            int product = 1;
            for (final int d : this.dims)
            {
                if (d < 1)
                {
                    throw new IllegalArgumentException("dimensions must be positive: " + Arrays.toString(dims));
                }
                product *= d;
            }
            if (product != processes)
            {
                throw new IllegalArgumentException("dimensions " + format(this.dims) + " hold " + product +
                    " processes, not " + processes);
            }
        }
        else
        {
            this.dims = new int[0];
        }
    }

    /** Parse "4x3x2" into {4, 3, 2}. */
    public static int[] parseDims(final String text)
    {
        final String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x");
        final int[] dims = new int[parts.length];
        for (int i = 0; i < parts.length; i++)
        {
            try
            {
                dims[i] = Integer.parseInt(parts[i].trim());
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("dimensions must look like 4x3: " + text, ex);
            }
        }
        return dims;
    }

    public static String format(final int[] dims)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++)
        {
            sb.append(i > 0 ? "x" : "").append(dims[i]);
        }
        return sb.toString();
    }

    private static int[] nearSquare(final int n)
    {
        int a = (int)Math.sqrt(n);
        while (n % a != 0)
        {
            a--;
        }
        return a == 1 ? new int[]{ n } : new int[]{ n / a, a };
    }

    public Kind kind()
    {
        return kind;
    }

    public int processes()
    {
        return processes;
    }

    public int[] dims()
    {
        return dims.clone();
    }

    /** Human-readable name, e.g. "torus 4x3". */
    public String describe()
    {
        final String name = kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
        return dims.length == 0 ? name : name + " " + format(dims);
    }

    /**
     * The distinct neighbours of {@code rank}, ascending.
     *
     * @param rank 0 .. processes - 1.
     * @return neighbour ranks.
     */
    public int[] neighbours(final int rank)
    {
        if (rank < 0 || rank >= processes)
        {
            throw new IllegalArgumentException("rank " + rank + " outside 0.." + (processes - 1));
        }
        final TreeSet<Integer> set = new TreeSet<>();
        switch (kind)
        {
            case ALL_TO_ALL:
                for (int r = 0; r < processes; r++)
                {
                    set.add(r);
                }
                break;
            case HYPERCUBE:
                for (int bit = 1; bit < processes; bit <<= 1)
                {
                    set.add(rank ^ bit);
                }
                break;
            case TREE:
                if (rank > 0)
                {
                    set.add((rank - 1) / 2);
                }
                if (2 * rank + 1 < processes)
                {
                    set.add(2 * rank + 1);
                }
                if (2 * rank + 2 < processes)
                {
                    set.add(2 * rank + 2);
                }
                break;
            default:
                grid(rank, kind == Kind.TORUS, set);
        }
        set.remove(rank);
        return set.stream().mapToInt(Integer::intValue).toArray();
    }

    private void grid(final int rank, final boolean wrap, final TreeSet<Integer> set)
    {
        int stride = 1;
        for (final int side : dims)
        {
            final int coordinate = (rank / stride) % side;
            if (coordinate + 1 < side)
            {
                set.add(rank + stride);
            }
            else if (wrap && side > 2)
            {
                set.add(rank - coordinate * stride);
            }
            if (coordinate > 0)
            {
                set.add(rank - stride);
            }
            else if (wrap && side > 2)
            {
                set.add(rank + (side - 1) * stride);
            }
            stride *= side;
        }
    }

    /** Every undirected edge {a, b} with a &lt; b. */
    public List<int[]> edges()
    {
        final List<int[]> edges = new ArrayList<>();
        for (int a = 0; a < processes; a++)
        {
            for (final int b : neighbours(a))
            {
                if (a < b)
                {
                    edges.add(new int[]{ a, b });
                }
            }
        }
        return edges;
    }
}
