package org.vnet.daemon.config;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The problems found in one file, each as {@code FILE[:LINE]: KEY.PATH: reason}, with the line of
 * the key (or of its nearest enclosing key) looked up in the file's text.
 */
final class Problems {
    private final String fileName;
    private final List<String> list = new ArrayList<>();
    private Map<String, Integer> lines = Map.of();

    /** @param fileName the file's name as the messages show it */
    Problems(final String fileName) {
        this.fileName = fileName;
    }

    /** Learns the line of every key and list element of the YAML text {@code bytes}. */
    void lines(final byte[] bytes) {
        lines = keyLines(bytes);
    }

    /** Records that the value at {@code path} ({@code links[2].peer}) is wrong because {@code why}. */
    void add(final String path, final String why) {
        String p = path;
        Integer line = lines.get(p);
        while (line == null && !p.isEmpty()) {
            final int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut > 0 ? p.substring(0, cut) : "";
            line = lines.get(p);
        }
        list.add(fileName + (line != null ? ":" + line : "") + ": " + path + ": " + why);
    }

    /** Runs {@code check}; on IllegalArgumentException records it at {@code path} and returns null. */
    <T> T checked(final String path, final Supplier<T> check) {
        try {
            return check.get();
        } catch (final IllegalArgumentException e) {
            add(path, e.getMessage());
            return null;
        }
    }

    /** Whether nothing was recorded. */
    boolean isEmpty() {
        return list.isEmpty();
    }

    /** Every problem recorded, in the order found. */
    List<String> list() {
        return list;
    }

    /** Line of every key and list element, by key path ({@code links[2].peer}). */
    private static Map<String, Integer> keyLines(final byte[] bytes) {
        final Map<String, Integer> result = new HashMap<>();
        try (JsonParser p = new YAMLFactory().createParser(bytes)) {
            while (p.nextToken() != null) {
                final String path = pathOf(p.getParsingContext());
                if (!path.isEmpty()) {
                    result.putIfAbsent(path, p.currentTokenLocation().getLineNr());
                }
            }
        } catch (final IOException e) {
            return result;
        }
        return result;
    }

    private static String pathOf(final JsonStreamContext ctx) {
        if (ctx == null || ctx.inRoot()) {
            return "";
        }
        final String parent = pathOf(ctx.getParent());
        if (ctx.inArray()) {
            return parent + "[" + Math.max(0, ctx.getCurrentIndex()) + "]";
        }
        final String name = ctx.getCurrentName();
        if (name == null) {
            return parent;
        }
        return parent.isEmpty() ? name : parent + "." + name;
    }
}
