package org.vnet.daemon.control;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** The control socket's place in the file system: an owner-only directory and no stale socket file. */
final class SocketFiles {
    static final Set<PosixFilePermission> DIR_PERMISSIONS = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> SOCKET_PERMISSIONS = PosixFilePermissions.fromString("rw-------");

    private SocketFiles() {
    }

    /**
     * Makes the socket's directory (0700) if missing, refuses one that group or others can
     * enter, and removes a stale socket file nobody listens on.
     *
     * @throws IOException naming the path and what to do, when the socket cannot safely be bound
     */
    static void prepare(final Path socket) throws IOException {
        final Path dir = socket.getParent();
        if (dir == null) {
            throw new IOException("control socket path " + socket + " has no directory");
        }
        if (!Files.isDirectory(dir)) {
            final Path parent = dir.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_PERMISSIONS));
            Files.setPosixFilePermissions(dir, DIR_PERMISSIONS);
        } else {
            final Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
            if (!DIR_PERMISSIONS.containsAll(perms)) {
                throw new IOException("control socket directory " + dir + " is " + PosixFilePermissions.toString(perms)
                    + "; it must be rwx------ (0700) so that only the daemon's user reaches the socket:"
                    + " chmod 700 " + dir + ", or choose a control path in a directory of its own");
            }
        }
        if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            final BasicFileAttributes a = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isOther()) {
                throw new IOException(socket + " exists and is not a socket; refusing to replace it");
            }
            if (someoneListens(socket)) {
                throw new IOException("another process is already serving " + socket + " (is a vnetd running?)");
            }
            Files.delete(socket);
        }
    }

    private static boolean someoneListens(final Path socket) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return probe.isConnected();
        } catch (final IOException e) {
            return false;
        }
    }
}
