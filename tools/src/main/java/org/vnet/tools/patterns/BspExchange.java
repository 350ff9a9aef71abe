package org.vnet.tools.patterns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Map;

/**
 * One rank's TCP connections to its neighbours and the exchange step of a BSP iteration: send one message to
 * every neighbour and receive one from each, all at once through a selector so large messages cannot deadlock.
 * Rank r connects (from its own listen address, so each rank's traffic carries its own IP even on one host) to
 * its higher-ranked neighbours and accepts the lower-ranked ones; each connection starts with the connecting rank
 * as a 4-byte integer.
 */
public final class BspExchange implements AutoCloseable
{
    private final int rank;
    private final int[] neighbours;
    private final SocketChannel[] channels;
    private final ByteBuffer outgoing;
    private final ByteBuffer[] sending;
    private final ByteBuffer[] receiving;
    private final Selector selector;
    private long bytesSent;
    private long bytesReceived;

    /**
     * Bind, connect and accept.
     *
     * @param rank         this rank.
     * @param neighbours   neighbour ranks.
     * @param peers        listen address of every rank, indexed by rank.
     * @param bind         address to listen on.
     * @param messageBytes bytes per message.
     * @param timeoutMs    how long to keep retrying connections and waiting for accepts.
     * @throws IOException if the neighbours cannot be reached in time.
     */
    public BspExchange(final int rank, final int[] neighbours, final InetSocketAddress[] peers,
        final InetSocketAddress bind, final int messageBytes, final long timeoutMs) throws IOException
    {
        this.rank = rank;
        this.neighbours = neighbours.clone();
        this.channels = new SocketChannel[neighbours.length];
        final long deadline = System.currentTimeMillis() + timeoutMs;
        final Map<Integer, Integer> slot = new HashMap<>();
        for (int i = 0; i < neighbours.length; i++)
        {
            slot.put(neighbours[i], i);
        }
        try (ServerSocketChannel server = ServerSocketChannel.open())
        {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(bind, Math.max(16, neighbours.length));
            for (int i = 0; i < neighbours.length; i++)
            {
                if (neighbours[i] > rank)
                {
                    channels[i] = connect(peers[neighbours[i]], bind, deadline);
                    final ByteBuffer hello = ByteBuffer.allocate(4).putInt(0, rank);
                    while (hello.hasRemaining())
                    {
                        channels[i].write(hello);
                    }
                }
            }
            server.configureBlocking(false);
            int expected = 0;
            for (final int n : neighbours)
            {
                expected += n < rank ? 1 : 0;
            }
            while (expected > 0)
            {
                final SocketChannel accepted = server.accept();
                if (accepted == null)
                {
                    if (System.currentTimeMillis() > deadline)
                    {
                        throw new IOException("rank " + rank + ": timed out waiting for " + expected +
                            " lower-ranked neighbours to connect");
                    }
                    sleep(5);
                    continue;
                }
                accepted.configureBlocking(true);
                final ByteBuffer hello = ByteBuffer.allocate(4);
                while (hello.hasRemaining())
                {
                    if (accepted.read(hello) < 0)
                    {
                        throw new IOException("rank " + rank + ": a neighbour closed during the handshake");
                    }
                }
                final Integer index = slot.get(hello.getInt(0));
                if (index == null || channels[index] != null)
                {
                    accepted.close();
                    throw new IOException("rank " + rank + ": unexpected connection from rank " + hello.getInt(0));
                }
                channels[index] = accepted;
                expected--;
            }
        }
        selector = Selector.open();
        outgoing = ByteBuffer.allocateDirect(Math.max(1, messageBytes));
        for (int i = 0; i < outgoing.capacity(); i++)
        {
            outgoing.put(i, (byte)(rank + i));
        }
        outgoing.limit(messageBytes);
        sending = new ByteBuffer[neighbours.length];
        receiving = new ByteBuffer[neighbours.length];
        for (int i = 0; i < channels.length; i++)
        {
            channels[i].setOption(StandardSocketOptions.TCP_NODELAY, true);
            channels[i].configureBlocking(false);
            channels[i].register(selector, 0, i);
            sending[i] = outgoing.duplicate();
            receiving[i] = ByteBuffer.allocateDirect(Math.max(1, messageBytes));
            receiving[i].limit(messageBytes);
        }
    }

    private static SocketChannel connect(final InetSocketAddress address, final InetSocketAddress local,
        final long deadline) throws IOException
    {
        while (true)
        {
            final SocketChannel channel = SocketChannel.open();
            try
            {
                if (!local.getAddress().isAnyLocalAddress())
                {
                    channel.bind(new InetSocketAddress(local.getAddress(), 0));
                }
                channel.connect(address);
                return channel;
            }
            catch (final IOException ex)
            {
                channel.close();
                if (System.currentTimeMillis() > deadline)
                {
                    throw new IOException("cannot connect to " + address + ": " + ex.getMessage(), ex);
                }
                sleep(50);
            }
        }
    }

    private static void sleep(final long ms) throws IOException
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", ex);
        }
    }

    /**
     * Send one message to every neighbour and receive one from each.
     *
     * @throws IOException if a neighbour closes or fails.
     */
    public void exchange() throws IOException
    {
        int pending = 0;
        for (int i = 0; i < channels.length; i++)
        {
            sending[i].clear().limit(outgoing.limit());
            receiving[i].clear().limit(outgoing.limit());
            final SelectionKey key = channels[i].keyFor(selector);
            int interest = 0;
            if (sending[i].hasRemaining())
            {
                interest |= SelectionKey.OP_WRITE;
                pending++;
            }
            if (receiving[i].hasRemaining())
            {
                interest |= SelectionKey.OP_READ;
                pending++;
            }
            key.interestOps(interest);
        }
        while (pending > 0)
        {
            selector.select();
            for (final SelectionKey key : selector.selectedKeys())
            {
                final int i = (Integer)key.attachment();
                if (key.isValid() && key.isWritable())
                {
                    bytesSent += channels[i].write(sending[i]);
                    if (!sending[i].hasRemaining())
                    {
                        key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
                        pending--;
                    }
                }
                if (key.isValid() && key.isReadable())
                {
                    final int read = channels[i].read(receiving[i]);
                    if (read < 0)
                    {
                        throw new IOException("rank " + rank + ": neighbour " + neighbours[i] + " closed");
                    }
                    bytesReceived += read;
                    if (!receiving[i].hasRemaining())
                    {
                        key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
                        pending--;
                    }
                }
            }
            selector.selectedKeys().clear();
        }
    }

    public long bytesSent()
    {
        return bytesSent;
    }

    public long bytesReceived()
    {
        return bytesReceived;
    }

    @Override
    public void close() throws IOException
    {
        IOException failure = null;
        for (final SocketChannel channel : channels)
        {
            if (channel != null)
            {
                try
                {
                    channel.close();
                }
                catch (final IOException ex)
                {
                    failure = ex;
                }
            }
        }
        if (selector != null)
        {
            selector.close();
        }
        if (failure != null)
        {
            throw failure;
        }
    }
}
