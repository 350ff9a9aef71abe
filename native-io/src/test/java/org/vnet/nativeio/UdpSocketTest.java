package org.vnet.nativeio;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.vnet.testing.Await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UdpSocketTest
{
    @Test
    void shouldReportThePortTheKernelChoseWhenOpenedOnPortZero() throws Exception
    {
        try (UdpSocket socket = UdpSocket.open(new InetSocketAddress("127.0.0.1", 0), 0, 0, false);
            DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            final int port = socket.localPort();
            assertTrue(port > 0, "bound port " + port);
            // the port is really this socket's: a datagram sent to it arrives here
            probe.send(new DatagramPacket(new byte[] {42}, 1, new InetSocketAddress("127.0.0.1", port)));
            final UnsafeBuffer buffer = UdpSocket.directBuffer(64 + UdpSocket.SOCKADDR_LENGTH);
            Await.until(Duration.ofSeconds(5), "the 1-byte datagram sent to port " + port,
                () -> socket.receive(buffer.addressOffset(), 64, buffer.addressOffset() + 64), n -> n == 1);
        }
    }

    @Test
    void shouldTellAnEmptyDatagramFromNothingQueued() throws Exception
    {
        try (UdpSocket socket = UdpSocket.open(new InetSocketAddress("127.0.0.1", 0), 0, 0, false);
            DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            final UnsafeBuffer buffer = UdpSocket.directBuffer(64 + UdpSocket.SOCKADDR_LENGTH);
            assertEquals(-Errno.EAGAIN, socket.receive(buffer.addressOffset(), 64, buffer.addressOffset() + 64));
            probe.send(new DatagramPacket(new byte[0], 0, new InetSocketAddress("127.0.0.1", socket.localPort())));
            Await.until(Duration.ofSeconds(5), "the empty datagram",
                () -> socket.receive(buffer.addressOffset(), 64, buffer.addressOffset() + 64), n -> n == 0);
        }
    }
}
