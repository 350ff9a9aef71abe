package org.vnet.tools.ctl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table: a header row, columns padded to their widest cell, numbers aligned right. */
final class Table {
    private final String[] headers;
    private final boolean[] right;
    private final List<String[]> rows = new ArrayList<>();

    /** Columns named {@code headers}; a header ending in '>' (not printed) is right-aligned. */
    Table(final String... headers) {
        this.headers = new String[headers.length];
        this.right = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++) {
            right[i] = headers[i].endsWith(">");
            this.headers[i] = right[i] ? headers[i].substring(0, headers[i].length() - 1) : headers[i];
        }
    }

    Table row(final Object... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("want " + headers.length + " cells, got " + cells.length);
        }
        final String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = String.valueOf(cells[i]);
        }
        rows.add(r);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(final PrintWriter out) {
        final int[] width = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            width[i] = headers[i].length();
            for (final String[] r : rows) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        printRow(out, headers, width);
        for (final String[] r : rows) {
            printRow(out, r, width);
        }
    }

    private void printRow(final PrintWriter out, final String[] cells, final int[] width) {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            final String pad = " ".repeat(width[i] - cells[i].length());
            if (i > 0) {
                sb.append("  ");
            }
            if (right[i]) {
                sb.append(pad).append(cells[i]);
            } else {
                sb.append(cells[i]);
                if (i < cells.length - 1) {
                    sb.append(pad);
                }
            }
        }
        out.println(sb);
    }

    /** {@code 999}, {@code 12.3k}, {@code 4.50M}: counts with SI prefixes once they pass 9999. */
    static String count(final long n) {
        if (n < 10_000) {
            return Long.toString(n);
        }
        final String[] units = {"k", "M", "G", "T", "P", "E"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(java.util.Locale.ROOT, v < 100 ? "%.1f%s" : "%.0f%s", v, units[u]);
    }

    /** {@code 512 B}, {@code 14.6 KiB}, {@code 2.4 MiB}: bytes with binary prefixes. */
    static String bytes(final long n) {
        if (n < 1024) {
            return n + " B";
        }
        final String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, v < 100 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }

    /** {@code 3d 04h}, {@code 1h 02m 03s}, {@code 12s}. */
    static String duration(final long millis) {
        long s = Math.max(0, millis / 1000);
        final long d = s / 86_400;
        s %= 86_400;
        final long h = s / 3600;
        s %= 3600;
        final long m = s / 60;
        s %= 60;
        if (d > 0) {
            return String.format(java.util.Locale.ROOT, "%dd %02dh %02dm", d, h, m);
        }
        if (h > 0) {
            return String.format(java.util.Locale.ROOT, "%dh %02dm %02ds", h, m, s);
        }
        if (m > 0) {
            return String.format(java.util.Locale.ROOT, "%dm %02ds", m, s);
        }
        return s + "s";
    }
}
