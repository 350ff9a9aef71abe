package org.vnet.daemon.config;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Turns what Jackson and SnakeYAML throw while binding a file into one line a person can act on:
 * {@code FILE[:LINE]: [KEY.PATH: ]reason} (a syntax error, an unknown key with the known ones, a
 * value of the wrong type).
 */
final class YamlErrors {
    private final String fileName;

    /** @param fileName the file's name as the messages show it */
    YamlErrors(final String fileName) {
        this.fileName = fileName;
    }

    /** The problem {@code e} reports, as a refusal of the file. */
    ConfigException refusal(final JsonProcessingException e) {
        final MarkedYAMLException yaml = yamlError(e);
        if (yaml != null) {
            return new ConfigException(syntax(yaml), e);
        }
        if (e instanceof JsonMappingException m) {
            return new ConfigException(describe(m), e);
        }
        return new ConfigException(at(e.getLocation()) + ": YAML syntax error: " + e.getOriginalMessage(), e);
    }

    private static MarkedYAMLException yamlError(final Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException m) {
                return m;
            }
        }
        return null;
    }

    private String syntax(final MarkedYAMLException e) {
        final String where = e.getProblemMark() != null ? fileName + ":" + (e.getProblemMark().getLine() + 1) : fileName;
        final String context = e.getContext() != null ? e.getContext() + ": " : "";
        return where + ": YAML syntax error: " + context + e.getProblem();
    }

    private String describe(final JsonMappingException e) {
        final StringBuilder path = new StringBuilder();
        for (final JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        final String why;
        if (e instanceof UnrecognizedPropertyException u) {
            final Set<String> known = new TreeSet<>();
            if (u.getKnownPropertyIds() != null) {
                u.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
            }
            why = "unknown key '" + u.getPropertyName() + "' (known keys here: " + String.join(", ", known) + ")";
        } else if (e instanceof InvalidFormatException f) {
            why = "'" + f.getValue() + "' is not " + typeName(f.getTargetType());
        } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            why = "wrong type: want " + typeName(m.getTargetType());
        } else {
            why = e.getOriginalMessage();
        }
        return at(e.getLocation()) + (path.length() > 0 ? ": " + path : "") + ": " + why;
    }

    private static String typeName(final Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a mapping of keys";
    }

    private String at(final JsonLocation location) {
        return location != null && location.getLineNr() > 0 ? fileName + ":" + location.getLineNr() : fileName;
    }
}
