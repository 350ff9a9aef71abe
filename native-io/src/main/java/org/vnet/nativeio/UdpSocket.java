package org.vnet.nativeio;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A non-blocking UDP socket of libvnetfwd with UDP GRO on receive and batched UDP GSO sends
 * ({@code sendmmsg} + {@code UDP_SEGMENT}). Native only: check {@link NativeLibrary#isAvailable()}
 * first. One thread does I/O on a socket; nothing here allocates or throws after {@link #open}.
 *
 * <p>Send batches are laid out by the caller in a {@link #DESCRIPTOR_LENGTH}-byte descriptor per
 * message ({@code struct vnetfwd_msg}): peer sockaddr address, its length, iovec count, iovec
 * array address ({@code {base, len}} pairs of longs), segment size (0 = one datagram).
 */
public final class UdpSocket implements AutoCloseable
{
    /** Bytes of one send descriptor. */
    public static final int DESCRIPTOR_LENGTH = 32;
    /** Messages one {@link #sendBatch} takes at most. */
    public static final int MAX_BATCH = 64;
    /** Bytes of a sockaddr buffer (a {@code sockaddr_in6}). */
    public static final int SOCKADDR_LENGTH = 28;
    /** Bytes of an iovec. */
    public static final int IOVEC_LENGTH = 16;

    private static final short AF_INET = 2;
    private static final short AF_INET6 = 10;

    private final int fd;
    private final boolean v6;
    private final UnsafeBuffer out = new UnsafeBuffer(BufferUtil.allocateDirectAligned(16, 8));
    private boolean closed;

    private UdpSocket(final int fd, final boolean v6)
    {
        this.fd = fd;
        this.v6 = v6;
    }

    /** Whether this is an IPv6 socket (IPv4 peers then have IPv4-mapped addresses). */
    public boolean isV6()
    {
        return v6;
    }

    /**
     * Opens a socket bound to {@code local}.
     *
     * @param local  address and port (port 0 = any)
     * @param rcvbuf receive buffer bytes (0 = system default)
     * @param sndbuf send buffer bytes (0 = system default)
     * @param gro    whether to switch UDP GRO on
     * @return the socket
     * @throws java.net.BindException when another socket holds {@code local} (the socket never shares it)
     * @throws IOException naming the step that failed and errno
     */
    public static UdpSocket open(final InetSocketAddress local, final int rcvbuf, final int sndbuf, final boolean gro)
        throws IOException
    {
        NativeLibrary.ensureAvailability();
        final UnsafeBuffer addr = new UnsafeBuffer(BufferUtil.allocateDirectAligned(SOCKADDR_LENGTH + 4, 8));
        final int length = sockaddr(local, addr, 0, false);
        final UnsafeBuffer out = new UnsafeBuffer(BufferUtil.allocateDirectAligned(8, 8));
        final int fd = VnetFwd.vnetfwd_udp_open(addr.addressOffset(), length, rcvbuf, sndbuf, gro ? 1 : 0,
            out.addressOffset());
        if (fd < 0)
        {
            final String step = switch (out.getInt(0))
            {
                case 1 -> "socket";
                case 2 -> "bind";
                default -> "setsockopt(UDP_GRO)";
            };
            final String message = "udp " + local + ": " + step + " failed: " + Errno.describe(-fd);
            if (-fd == Errno.EADDRINUSE)
            {
                throw new java.net.BindException(message);
            }
            throw new IOException(message);
        }
        return new UdpSocket(fd, local.getAddress() instanceof Inet6Address);
    }

    /**
     * The local port this socket is bound to: the one the kernel chose when it was opened with port 0.
     *
     * @throws IOException if getsockname fails
     */
    public int localPort() throws IOException
    {
        final UnsafeBuffer addr = new UnsafeBuffer(BufferUtil.allocateDirectAligned(SOCKADDR_LENGTH + 4, 8));
        addr.putInt(SOCKADDR_LENGTH, SOCKADDR_LENGTH, ByteOrder.nativeOrder());
        if (0 != LibC.getsockname(fd, addr.addressOffset(), addr.addressOffset() + SOCKADDR_LENGTH))
        {
            throw new IOException("udp getsockname failed: " + Errno.describe(LibC.errno()));
        }
        return ((addr.getByte(2) & 0xFF) << 8) | (addr.getByte(3) & 0xFF);
    }

    /**
     * Writes {@code address} as a {@code sockaddr_in} (IPv4) or {@code sockaddr_in6} into {@code buffer};
     * with {@code v6Socket} an IPv4 address becomes an IPv4-mapped IPv6 one, as an IPv6 socket
     * sends to and reports it.
     *
     * @return the sockaddr's length (16 or 28)
     */
    public static int sockaddr(
        final InetSocketAddress address, final UnsafeBuffer buffer, final int index, final boolean v6Socket)
    {
        buffer.setMemory(index, SOCKADDR_LENGTH, (byte)0);
        final int port = address.getPort();
        buffer.putByte(index + 2, (byte)(port >>> 8));
        buffer.putByte(index + 3, (byte)port);
        if (address.getAddress() instanceof Inet4Address v4)
        {
            if (!v6Socket)
            {
                buffer.putShort(index, AF_INET, ByteOrder.nativeOrder());
                buffer.putBytes(index + 4, v4.getAddress());
                return 16;
            }
            buffer.putShort(index, AF_INET6, ByteOrder.nativeOrder());
            buffer.putByte(index + 18, (byte)0xFF);
            buffer.putByte(index + 19, (byte)0xFF);
            buffer.putBytes(index + 20, v4.getAddress());
            return 28;
        }
        final Inet6Address v6 = (Inet6Address)address.getAddress();
        buffer.putShort(index, AF_INET6, ByteOrder.nativeOrder());
        buffer.putBytes(index + 8, v6.getAddress());
        buffer.putInt(index + 24, v6.getScopeId(), ByteOrder.nativeOrder());
        return 28;
    }

    /**
     * Whether the sockaddr at {@code a} and the one at {@code b} (each {@code length} bytes as
     * written by {@link #sockaddr} or the kernel) name the same family, port and address.
     */
    public static boolean sameAddress(final UnsafeBuffer a, final int ia, final UnsafeBuffer b, final int ib)
    {
        final short family = a.getShort(ia, ByteOrder.nativeOrder());
        if (family != b.getShort(ib, ByteOrder.nativeOrder()) || a.getShort(ia + 2) != b.getShort(ib + 2))
        {
            return false;
        }
        if (family == AF_INET)
        {
            return a.getInt(ia + 4) == b.getInt(ib + 4);
        }
        return a.getLong(ia + 8) == b.getLong(ib + 8) && a.getLong(ia + 16) == b.getLong(ib + 16);
    }

    /** The file descriptor, for an epoll registration. */
    public int fd()
    {
        return fd;
    }

    /**
     * Receives into {@code address}. Afterwards {@link #segmentSize()} tells whether GRO joined
     * several datagrams and {@link #truncated()} whether the buffer was too small.
     *
     * @param source room for {@link #SOCKADDR_LENGTH} bytes: the sender's sockaddr
     * @return bytes (0: an empty datagram), {@code -Errno.EAGAIN} when nothing is queued, or another -errno
     */
    public int receive(final long address, final int length, final long source)
    {
        return VnetFwd.vnetfwd_udp_recv(fd, address, length, source, out.addressOffset());
    }

    /** Datagram size of the last {@link #receive} when GRO joined several, else 0. */
    public int segmentSize()
    {
        return out.getInt(0);
    }

    /** Whether the last {@link #receive} was cut short by the buffer. */
    public boolean truncated()
    {
        return out.getInt(8) != 0;
    }

    /**
     * Sends {@code count} messages described at {@code descriptors}.
     *
     * @return messages sent, or -errno when the first failed ({@code -EAGAIN}: socket buffer full)
     */
    public int sendBatch(final long descriptors, final int count)
    {
        return VnetFwd.vnetfwd_udp_send_batch(fd, descriptors, count);
    }

    /** Allocates a page-aligned direct buffer for descriptors, iovecs and headers. */
    public static UnsafeBuffer directBuffer(final int length)
    {
        return new UnsafeBuffer(ByteBuffer.allocateDirect(length).order(ByteOrder.nativeOrder()));
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            VnetFwd.vnetfwd_close(fd);
        }
    }
}
