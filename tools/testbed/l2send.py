#!/usr/bin/env python3
"""l2send.py - sends raw Ethernet frames out of an interface (AF_PACKET), bounded in count and time.

For the port-security end-to-end tests, inside a testbed VM namespace only:
  l2send.py --src MAC|random --dst MAC|random --count N --seconds S [--rate FRAMES_PER_S] [--iface eth0]
'random' draws a fresh locally administered unicast MAC per frame (a MAC flood; as --dst, unknown
unicast). Stops at N frames or S seconds, whichever comes first; prints the frames sent and the
sends refused (ENOBUFS: the TAP's queue was full, or a tc program on the TAP dropped the frame).
Never waits after a refusal: an attacker does not either.
"""
import argparse
import os
import socket
import struct
import time

ETHERTYPE = struct.pack('!H', 0x88B5)  # IEEE local experimental
PAYLOAD = b'vnet-e2e l2send'.ljust(46, b'\0')


def mac(text):
    return None if text == 'random' else bytes.fromhex(text.replace(':', ''))


def random_mac():
    return bytes([0x02]) + os.urandom(5)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--iface', default='eth0')
    p.add_argument('--src', required=True)
    p.add_argument('--dst', default='ff:ff:ff:ff:ff:ff')
    p.add_argument('--count', type=int, required=True)
    p.add_argument('--seconds', type=float, required=True)
    p.add_argument('--rate', type=float, default=0.0)
    a = p.parse_args()
    src, dst = mac(a.src), mac(a.dst)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((a.iface, 0))
    start = time.monotonic()
    sent = refused = 0
    while sent + refused < a.count and time.monotonic() - start < a.seconds:
        frame = (dst or random_mac()) + (src or random_mac()) + ETHERTYPE + PAYLOAD
        try:
            s.send(frame)
            sent += 1
        except OSError:
            refused += 1
        if a.rate > 0:
            wait = start + (sent + refused) / a.rate - time.monotonic()
            if wait > 0:
                time.sleep(wait)
    print(sent, refused, flush=True)


if __name__ == '__main__':
    main()
