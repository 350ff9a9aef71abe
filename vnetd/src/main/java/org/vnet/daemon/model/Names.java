package org.vnet.daemon.model;

import java.util.regex.Pattern;

/** Validation of the names of daemons, interfaces and links. */
public final class Names {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

    private Names() {
    }

    /** Returns {@code name} if it is 1-32 of [A-Za-z0-9_.-], else throws naming {@code what}. */
    public static String check(final String what, final String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad " + what + " name '" + name + "' (1-32 of A-Z a-z 0-9 _ . -)");
        }
        return name;
    }

    /** Returns {@code name} if it is a valid Linux interface name (1-15 of [A-Za-z0-9_.-]). */
    public static String checkInterface(final String name) {
        if (name == null || !IFNAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad interface name '" + name + "' (1-15 of A-Z a-z 0-9 _ . -)");
        }
        return name;
    }
}
