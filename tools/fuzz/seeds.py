#!/usr/bin/env python3
"""Writes the fuzz tests' seed inputs (valid messages, frames and files) under each module's
src/test/resources/.../<Class>Inputs/<method>/. Run from the repository root; the output is checked in."""
import os
import struct

VN = 0x564E


def frame_tcp4(payload=b'payload!', vlan=False):
    eth = bytes.fromhex('020000000002020000000001')
    if vlan:
        eth += b'\x81\x00\x00\x05'
    eth += b'\x08\x00'
    ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 40 + len(payload), 1, 0x4000, 64, 6, 0, bytes([10, 0, 0, 1]),
                     bytes([10, 0, 0, 2]))
    tcp = struct.pack('>HHIIBBHHH', 40000, 5201, 1, 0, 0x50, 0x18, 65535, 0, 0)
    return eth + ip + tcp + payload


def frame_udp6(payload=b'datagram'):
    eth = bytes.fromhex('020000000002020000000001') + b'\x86\xdd'
    ip = struct.pack('>IHBB16s16s', 0x60000000, 8 + len(payload), 17, 64, bytes.fromhex('fd00' + '00' * 13 + '01'),
                     bytes.fromhex('fd00' + '00' * 13 + '02'))
    udp = struct.pack('>HHHH', 5000, 5001, 8 + len(payload), 0)
    return eth + ip + udp + payload


def virtio(gso_type=0, flags=0, hdr_len=0, gso_size=0, csum_start=0, csum_offset=0):
    return struct.pack('<BBHHHH', flags, gso_type, hdr_len, gso_size, csum_start, csum_offset)


def message(type_, payload, flags=0):
    return struct.pack('>HBBBBH', VN, 1, type_, flags, 0, len(payload)) + payload


def offer(accept=True, port=4789, vni=7, macs=(0x020000000001, 0x020000000002)):
    n = len(macs) if accept else 0
    b = struct.pack('>BBHIH', 1, 1 if accept else 0, port, vni, n)
    for m in macs[:n]:
        b += m.to_bytes(6, 'big')
    return b


def write(directory, name, data):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())


VNETD = 'vnetd/src/test/resources/org/vnet/daemon'
big = frame_tcp4(b'x' * 2800)
gso = virtio(gso_type=1, flags=1, hdr_len=54, gso_size=1400, csum_start=34, csum_offset=16) + big
MESSAGES = {
    'data': message(1, frame_tcp4()),
    'data-vlan': message(1, frame_tcp4(vlan=True)),
    'data-gso': message(1, gso, flags=1),
    'data-udp6': message(1, frame_udp6()),
    'hello': message(2, b'host-b'),
    'keepalive': message(3, b''),
    'summary': message(4, b'{"observer":"b","pairs":[]}'),
    'offer': message(5, offer()),
    'offer-declines': message(5, offer(accept=False)),
    'adapt': message(6, b'{"links":[]}'),
}
d = VNETD + '/wire/WireFuzzTestInputs/shouldCheckAnyMessageHeaderWithoutThrowing'
for k, v in MESSAGES.items():
    write(d, k, v)
d = VNETD + '/wire/WireFuzzTestInputs/shouldParseAnyFrameHeadersInsideTheFrame'
write(d, 'tcp4', frame_tcp4())
write(d, 'tcp4-vlan', frame_tcp4(vlan=True))
write(d, 'udp6', frame_udp6())
write(d, 'gso-tcp4', gso)
write(d, 'gso-udp6', virtio(gso_type=5, gso_size=500) + frame_udp6(b'y' * 1500))
write(d, 'offer', offer())
d = VNETD + '/link/LinkInputFuzzTestInputs/shouldCountOrDeliverAnyDatagram'
for k, v in MESSAGES.items():
    write(d, k, v)
d = VNETD + '/link/StreamFramingFuzzTestInputs/shouldFrameOrCloseAnyStream'
hello = message(2, b'b')
write(d, 'hello-then-data', hello + message(1, frame_tcp4()) + message(1, gso, flags=1))
write(d, 'hello-then-control', hello + message(4, b'{}') + message(3, b'') + message(6, b'{"links":[]}'))
write(d, 'data-before-hello', message(1, frame_tcp4()) + hello)
write(d, 'hello-twice', hello + message(2, b'other'))
write(d, 'split-header', hello + message(1, frame_udp6())[:5])
d = VNETD + '/control/ControlFuzzTestInputs/shouldAnswerEveryRequestLineWithoutInternalError'
write(d, 'status', '{"cmd":"status","id":1}\n')
write(d, 'changes', '{"cmd":"if.add","name":"tap0"}\n{"cmd":"link.add","name":"b","transport":"udp","peer":"10.0.0.2:7700"}\n'
      '{"cmd":"rule.add","src":"02:00:00:00:00:0a","from":"if:tap0","to":"link:b"}\n{"cmd":"rule.list"}\r\n'
      '{"cmd":"rule.del","rule":1}\n{"cmd":"link.del","name":"b"}\n{"cmd":"if.del","name":"tap0"}\n')
write(d, 'lists', '{"cmd":"if.list"}\n{"cmd":"link.list"}\n{"cmd":"stats","id":"s"}\n')
write(d, 'inference', '{"cmd":"topology"}\n{"cmd":"matrix","resolution":5}\n{"cmd":"analysis"}\n{"cmd":"plan"}\n')
write(d, 'adapt', '{"cmd":"adapt.status"}\n{"cmd":"adapt.set","enabled":true}\n{"cmd":"adapt.once"}\n')
write(d, 'mistakes', '{"cmd":"nope"}\nnot json\n{"cmd":"link.add","name":"b","transport":"udp","peer":"0.0.0.0:1"}\n'
      '{"cmd":"rule.add","to":"link:zz","src":"xx"}\n[]\n\n')
write(d, 'no-newline', '{"cmd":"status"}')
write(d, 'too-long', '{"cmd":"status","id":"' + 'x' * 300 + '"}\n')
d = VNETD + '/config/ConfigFuzzTestInputs/shouldLoadOrRefuseAnyYaml'
write(d, 'full', '''name: h1
hub: false
listen: { udp: "10.200.0.1:7700", tcp: "10.200.0.1:7701" }
control: /run/vnet/h1.sock
state: /var/lib/vnet/h1.state.json
counters: /run/vnet/h1.counters
underlayMtu: 1500
interfaces: [ { name: eth0, netns: vm1, mtu: 1400 } ]
links: [ { name: h2, transport: udp, peer: "10.200.0.2:7700", accept: false },
         { name: h3, transport: tcp, peer: "[fd00::3]:7701", accept: true } ]
rules: [ { src: any, dst: "02:00:00:00:00:03", from: "if:eth0", to: "link:h2" } ]
journal: { dir: h1.journal, rollCycle: HOURLY, cycles: 24 }
datapath: { mode: auto, vxlanPort: 7703, vni: 1, hook: egress, bpffs: /sys/fs/bpf/vnet, holdoffMicros: 2000 }
adaptation: { leader: true, enabled: false, addBytesPerSecond: 1000000, removeBytesPerSecond: 200000 }
''')
write(d, 'minimal', 'name: h1\n')
write(d, 'follower', 'name: h2\nlisten: { udp: "10.200.0.2:7700" }\nlinks:\n  - name: h1\n    transport: udp\n'
      '    peer: "10.200.0.1:7700"\nadaptation: { follow: h1 }\ndatapath: { mode: java }\n')
write(d, 'tls', 'name: h1\nlisten: { tls: "10.200.0.1:7702" }\ntls: { cert: h1.crt, key: h1.key, ca: ca.crt }\n'
      'links: [ { name: h2, transport: tls, peer: "10.200.0.2:7702", accept: true } ]\n')
write(d, 'mistakes', 'name: "bad name!"\nunderlayMtu: big\ninterfaces: eth0\nlinks: [ { name: h2, transport: carrier, '
      'peer: nowhere } ]\nname: twice\n')
write(d, 'anchors', 'name: &n h1\nlinks: &l []\nrules: *l\n')


def delta(seq=7, next_rule=9, removed_rules=(3,), removed_links=('h9',), removed_ifs=(),
          ifs=(('eth0', 'vm1', 1400), ('eth1', None, 0)), links=(('h2', 'udp', '10.0.0.2:7700', 0),
          ('h3', 'tls', '[fd00::3]:7702', 1)), rules=((2, (1, 0x020000000003), (0, 0), (1, 'eth0'), (2, 'h2')),)):
    def s(v):
        if v is None:
            return struct.pack('<i', -1)
        b = v.encode()
        return struct.pack('<i', len(b)) + b
    b = struct.pack('<IIqi', 0x564E4A01, 0, seq, next_rule)
    b += struct.pack('<i', len(removed_rules)) + b''.join(struct.pack('<i', r) for r in removed_rules)
    b += struct.pack('<i', len(removed_links)) + b''.join(s(x) for x in removed_links)
    b += struct.pack('<i', len(removed_ifs)) + b''.join(s(x) for x in removed_ifs)
    b += struct.pack('<i', len(ifs)) + b''.join(s(n) + s(ns) + struct.pack('<i', m) for n, ns, m in ifs)
    b += struct.pack('<i', len(links)) + b''.join(s(n) + s(t) + s(p) + bytes([f]) for n, t, p, f in links)
    b += struct.pack('<i', len(rules))
    for rid, src, dst, frm, to in rules:
        b += struct.pack('<i', rid) + struct.pack('<Bq', *src) + struct.pack('<Bq', *dst)
        b += bytes([frm[0]]) + s(frm[1]) + bytes([to[0]]) + s(to[1])
    return b  # the test sets the length and appends the CRC


d = VNETD + '/state/StateFuzzTestInputs/shouldDecodeOrRefuseAnyDelta'
write(d, 'full', delta())
write(d, 'empty', delta(removed_rules=(), removed_links=(), ifs=(), links=(), rules=()))
write(d, 'adapted', delta(links=(('h4', 'tcp', '10.0.0.4:7701', 2),), rules=((5, (2, 0x020000000001), (0, 0), (0, None),
                                                                              (0x42, 'h4')),)))
d = VNETD + '/state/StateFuzzTestInputs/shouldReadOrRefuseAnyStateFile'
for name in ('state-format-1.json', 'state-format-2.json'):
    with open(VNETD + '/state/' + name, 'rb') as f:
        write(d, name[:-5], f.read())
write(d, 'newer', '{"format":3}')
write(d, 'bad-seq', '{"format":2,"journalSeq":-1,"interfaces":[],"links":[],"rules":[]}')

# the control protocol's request lines
import json  # noqa: E402

d = 'protocol/src/test/resources/org/vnet/protocol/RequestFuzzTestInputs/shouldDecodeOrRefuseWithReasonAnyLine'
REQUESTS = {
    'status': {"cmd": "status", "id": 1},
    'stats': {"cmd": "stats"},
    'if-add': {"cmd": "if.add", "id": "a", "name": "tap0", "netns": "vm1", "mtu": 9000},
    'if-del': {"cmd": "if.del", "name": "tap0"},
    'link-add': {"cmd": "link.add", "name": "h2", "transport": "tcp", "peer": "10.0.0.2:7700", "accept": True},
    'link-add6': {"cmd": "link.add", "name": "h3", "transport": "udp", "peer": "[fd00::3]:7700"},
    'link-del': {"cmd": "link.del", "name": "h2"},
    'rule-add': {"cmd": "rule.add", "src": "02:00:00:00:00:0a", "dst": "any", "from": "if:tap0", "to": "link:h2"},
    'rule-del': {"cmd": "rule.del", "rule": 3},
    'topology': {"cmd": "topology", "resolution": 10},
    'matrix': {"cmd": "matrix"},
    'adapt-set': {"cmd": "adapt.set", "enabled": False},
    'plan': {"cmd": "plan", "algorithm": "greedy+annealing", "seed": 7, "steps": 1000},
    'bad-type': {"cmd": "rule.del", "rule": "x"},
    'unknown-field': {"cmd": "status", "bogus": [1, {"a": None}]},
}
for k, v in REQUESTS.items():
    write(d, k, json.dumps(v, separators=(',', ':')))
write(d, 'truncated', '{"cmd":"link.add","name":"h')
write(d, 'not-object', '[1,2,3]')

# capture files: each link type, both byte orders, both pcap resolutions, pcapng options and skipped blocks
CAPTURE = 'inference/src/test/resources/org/vnet/inference/capture/CaptureFuzzTestInputs'


def sll(frame):
    return struct.pack('>HHH8sH', 0, 1, 6, bytes.fromhex('0200000000010000'), 0x0800) + frame[14:]


def sll2(frame):
    return struct.pack('>HHIHBB8s', 0x0800, 0, 3, 1, 4, 6, bytes.fromhex('0200000000010000')) + frame[14:]


def pcap(order, magic, link, pkts, snap=262144):
    o = '<' if order == 'le' else '>'
    b = struct.pack(o + 'IHHiII', magic, 2, 4, 0, snap, link)
    for i, p in enumerate(pkts):
        b += struct.pack(o + 'IIII', 1700000000 + i, 500 * i, len(p), len(p)) + p
    return b


def block(o, t, body):
    n = 12 + len(body)
    return struct.pack(o + 'II', t, n) + body + struct.pack(o + 'I', n)


def pad(b):
    return b + b'\0' * ((-len(b)) % 4)


def pcapng(order, link, pkts, tsresol=None, simple=False, extra=False):
    o = '<' if order == 'le' else '>'
    b = block(o, 0x0A0D0D0A, struct.pack(o + 'IHHq', 0x1A2B3C4D, 1, 0, -1))
    opts = b''
    if tsresol is not None:
        opts = struct.pack(o + 'HH', 9, 1) + bytes([tsresol]) + b'\0\0\0' + struct.pack(o + 'HH', 0, 0)
    b += block(o, 1, struct.pack(o + 'HHI', link, 0, 262144) + opts)
    if extra:
        b += block(o, 5, b'\0' * 8)  # interface statistics: skipped
    for i, p in enumerate(pkts):
        if simple:
            b += block(o, 3, struct.pack(o + 'I', len(p)) + pad(p))
        else:
            flags = struct.pack(o + 'HHI', 2, 4, 1) + struct.pack(o + 'HH', 0, 0)
            b += block(o, 6, struct.pack(o + 'IIIII', 0, 0, 1000 * i, len(p), len(p)) + pad(p) + flags)
    return b


f = frame_tcp4()
d = CAPTURE + '/shouldReadOrRefuseAnyPcap'
write(d, 'ethernet-le-micros', pcap('le', 0xA1B2C3D4, 1, [f, f[:30]]))
write(d, 'ethernet-be-nanos', pcap('be', 0xA1B23C4D, 1, [f]))
write(d, 'sll', pcap('le', 0xA1B2C3D4, 113, [sll(f)]))
write(d, 'sll2', pcap('le', 0xA1B2C3D4, 276, [sll2(f)]))
write(d, 'raw', pcap('le', 0xA1B2C3D4, 101, [f[14:]]))
d = CAPTURE + '/shouldReadOrRefuseAnyPcapng'
write(d, 'ethernet-le', pcapng('le', 1, [f, f[:20]], tsresol=9, extra=True))
write(d, 'ethernet-be', pcapng('be', 1, [f]))
write(d, 'simple', pcapng('le', 1, [f], simple=True))
write(d, 'sll2-binary-res', pcapng('le', 276, [sll2(f)], tsresol=0x80 | 20))
