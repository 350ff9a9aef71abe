/*
 * libvnetfwd: TAP device open and frame I/O for vnet's data plane.
 *
 * Every function returns a non-negative result on success and -errno on failure;
 * errno itself is never left for the caller to read. The Java side
 * (org.vnet.nativeio.NativeTapIo) binds these with JNA direct mapping, so the
 * signatures use only int, long-sized pointers, char* and int*.
 */
#ifndef VNETFWD_H
#define VNETFWD_H

#include <stdint.h>

/* Bumped whenever a signature below changes; checked by Java at load time. */
#define VNETFWD_ABI_VERSION 2

/* Steps of vnetfwd_tap_open, reported in out[VNETFWD_OUT_FAILED_STEP] on failure.
 * Must match org.vnet.nativeio.TapOpenStep codes. */
enum vnetfwd_open_step {
    VNETFWD_STEP_NONE = 0,
    VNETFWD_STEP_SAVE_NETNS = 1,    /* open /proc/thread-self/ns/net */
    VNETFWD_STEP_OPEN_NETNS = 2,    /* open the target netns path */
    VNETFWD_STEP_ENTER_NETNS = 3,   /* setns(target, CLONE_NEWNET) */
    VNETFWD_STEP_OPEN_TUN = 4,      /* open /dev/net/tun */
    VNETFWD_STEP_TUNSETIFF = 5,     /* ioctl TUNSETIFF */
    VNETFWD_STEP_SOCKET = 6,        /* control socket inside the netns */
    VNETFWD_STEP_SET_MTU = 7,       /* ioctl SIOCSIFMTU */
    VNETFWD_STEP_GET_MTU = 8,       /* ioctl SIOCGIFMTU */
    VNETFWD_STEP_GET_FLAGS = 9,     /* ioctl SIOCGIFFLAGS */
    VNETFWD_STEP_SET_FLAGS = 10,    /* ioctl SIOCSIFFLAGS */
    VNETFWD_STEP_RESTORE_NETNS = 11,/* setns back to the original netns */
    VNETFWD_STEP_NONBLOCK = 12      /* fcntl O_NONBLOCK */
};

/* Indexes into the out array of vnetfwd_tap_open (length >= 2). */
#define VNETFWD_OUT_FAILED_STEP 0
#define VNETFWD_OUT_MTU 1

int vnetfwd_abi_version(void);

/*
 * Opens (creating or attaching to) TAP device `name` inside the network namespace at
 * `netns_path` (NULL or "" = the caller's namespace). `name` is IFNAMSIZ bytes, NUL
 * terminated; on success it holds the kernel's name for the device (useful when the
 * requested name was empty or a pattern such as "tap%d"). `tun_flags` are the
 * TUNSETIFF flags (IFF_TAP | IFF_NO_PI | ...). `mtu` > 0 sets the MTU; `up` != 0
 * sets IFF_UP. The calling thread is back in its original namespace on return.
 * Returns the non-blocking, close-on-exec fd, or -errno with out[0] naming the step.
 */
int vnetfwd_tap_open(const char *netns_path, char *name, int tun_flags, int mtu, int up, int *out);

/* One frame. Returns bytes, or -errno (-EAGAIN when nothing is queued). */
int vnetfwd_read(int fd, void *buf, int length);
int vnetfwd_write(int fd, const void *buf, int length);

/*
 * Reads up to max_frames frames into fixed slots: frame i lands at buf + i * slot_size
 * and its length in lengths[i]. Stops at the first EAGAIN. Returns the number of
 * frames read (0 when none was queued), or -errno when the first read failed
 * otherwise. An error after some frames were read is left for the next call.
 */
int vnetfwd_read_batch(int fd, void *buf, int slot_size, int max_frames, int *lengths);

/*
 * Writes count frames from fixed slots (frame i at buf + i * slot_size, lengths[i]
 * bytes). Returns the number written, or -errno when the first write failed.
 */
int vnetfwd_write_batch(int fd, const void *buf, int slot_size, const int *lengths, int count);

/* TUNSETOFFLOAD with TUN_F_* flags (meaningful only with IFF_VNET_HDR); unknown bits give -EINVAL. */
int vnetfwd_set_offload(int fd, unsigned int flags);

/* TUNSETVNETHDRSZ: 10 (virtio_net_hdr) or 12 (with num_buffers). */
int vnetfwd_set_vnet_hdr_size(int fd, int size);

/* The device's MAC as a 48-bit big-endian value in the low bits, or -errno. */
int64_t vnetfwd_mac_address(int fd);

int vnetfwd_close(int fd);

/*
 * UDP (udp.c). vnetfwd_udp_open: a non-blocking, close-on-exec UDP socket bound to the
 * sockaddr_in/sockaddr_in6 at addr, with SO_RCVBUF/SO_SNDBUF (forced where permitted) and,
 * if gro != 0, UDP_GRO. Returns the fd, or -errno with out[0] = 1 socket, 2 bind, 3 UDP_GRO.
 */
int vnetfwd_udp_open(const void *addr, int addr_len, int rcvbuf, int sndbuf, int gro, int *out);

/*
 * One recvmsg into buf. With UDP_GRO the buffer may hold several datagrams of out[0] bytes
 * each (the last may be shorter); out[0] = 0 means one datagram. src receives the source
 * sockaddr (room for a sockaddr_in6, 28 bytes), out[1] its length, out[2] = 1 if the
 * datagram was truncated. Returns bytes, or -errno (-EAGAIN when nothing is queued).
 */
int vnetfwd_udp_recv(int fd, void *buf, int length, void *src, int *out);

/* One message of vnetfwd_udp_send_batch, 32 bytes, laid out by Java (UdpSocket). */
struct vnetfwd_msg {
    int64_t peer;         /* address of a sockaddr_in/sockaddr_in6 */
    int32_t peer_len;
    int32_t iov_count;
    int64_t iov;          /* address of iov_count struct iovec {base, len} */
    int32_t segment_size; /* > 0: UDP_SEGMENT, the kernel cuts the bytes into datagrams of this size */
    int32_t reserved;
};

/*
 * sendmmsg of count (<= 64) messages. Returns how many were sent (fewer when the socket
 * buffer filled after the first), or -errno when the first failed.
 */
int vnetfwd_udp_send_batch(int fd, const void *descriptors, int count);

#endif
