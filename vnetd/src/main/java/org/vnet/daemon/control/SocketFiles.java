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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The control socket's place in the file system: an owner-only directory and no stale socket file. */
final class SocketFiles {
    static final Set<PosixFilePermission> DIR_PERMISSIONS = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> SOCKET_PERMISSIONS = PosixFilePermissions.fromString("rw-------");

    private static final Logger LOG = LoggerFactory.getLogger(SocketFiles.class);

    private SocketFiles() {
    }

    /**
     * Makes the socket's directory (0700) if missing, refuses an existing one that group or
     * others can write (they could replace the socket), warns about one they can list, and
     * removes a stale socket file nobody listens on.
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
            if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new IOException("control socket directory " + dir + " is " + PosixFilePermissions.toString(perms)
                    + ": others could replace the socket; it must be rwx------ (0700):"
                    + " chmod 700 " + dir + ", or choose a control path in a directory of its own");
            }
            if (!DIR_PERMISSIONS.containsAll(perms)) {
                LOG.warn("control socket directory {} is {}; the socket itself is rw------- so only its owner can connect,"
                    + " but chmod 700 {} to hide it as well", dir, PosixFilePermissions.toString(perms), dir);
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
