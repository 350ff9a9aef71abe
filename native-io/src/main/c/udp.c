/*
 * libvnetfwd UDP: a socket with UDP GRO on receive, and batched sends with UDP GSO
 * (UDP_SEGMENT), so that a 64 KiB TCP super-frame crosses the underlay in one or two
 * system calls each way. See vnetfwd.h for the contracts.
 */
#define _GNU_SOURCE
#include "vnetfwd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <sys/socket.h>
#include <sys/uio.h>

#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif
#ifndef UDP_GRO
#define UDP_GRO 104
#endif

#define VNETFWD_EXPORT __attribute__((visibility("default")))
#define MAX_BATCH 64

int VNETFWD_EXPORT vnetfwd_udp_open(const void *addr, int addr_len, int rcvbuf, int sndbuf, int gro, int *out)
{
    const struct sockaddr *sa = (const struct sockaddr *)addr;
    int fd;
    int on = 1;

    out[0] = 0;
    fd = socket(sa->sa_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP);
    if (fd < 0) {
        out[0] = 1;
        return -errno;
    }
    /* the FORCE variants pass the system limits when we are root; fall back quietly */
    if (rcvbuf > 0 && setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0) {
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
    }
    if (sndbuf > 0 && setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf, sizeof(sndbuf)) < 0) {
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
    }
    /* no SO_REUSEADDR: with it any local user could bind the same address beside us and take our datagrams */
    if (bind(fd, sa, (socklen_t)addr_len) < 0) {
        int err = errno;
        close(fd);
        out[0] = 2;
        return -err;
    }
    if (gro && setsockopt(fd, IPPROTO_UDP, UDP_GRO, &on, sizeof(on)) < 0) {
        int err = errno;
        close(fd);
        out[0] = 3;
        return -err;
    }
    return fd;
}

int VNETFWD_EXPORT vnetfwd_udp_recv(int fd, void *buf, int length, void *src, int *out)
{
    struct iovec iov = { buf, (size_t)length };
    char control[CMSG_SPACE(sizeof(int))];
    struct msghdr msg;
    struct cmsghdr *c;
    ssize_t n;

    memset(&msg, 0, sizeof(msg));
    msg.msg_name = src;
    msg.msg_namelen = sizeof(struct sockaddr_in6);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    do {
        n = recvmsg(fd, &msg, 0);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        return -errno;
    }
    out[0] = 0;
    out[1] = (int)msg.msg_namelen;
    out[2] = (msg.msg_flags & MSG_TRUNC) ? 1 : 0;
    for (c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == IPPROTO_UDP && c->cmsg_type == UDP_GRO) {
            int size;
            memcpy(&size, CMSG_DATA(c), sizeof(size));
            out[0] = size;
        }
    }
    return (int)n;
}

int VNETFWD_EXPORT vnetfwd_udp_send_batch(int fd, const void *descriptors, int count)
{
    const struct vnetfwd_msg *d = (const struct vnetfwd_msg *)descriptors;
    struct mmsghdr msgs[MAX_BATCH];
    char control[MAX_BATCH][CMSG_SPACE(sizeof(uint16_t))];
    int sent = 0;
    int i;

    if (count <= 0) {
        return 0;
    }
    if (count > MAX_BATCH) {
        return -EINVAL;
    }
    memset(msgs, 0, sizeof(msgs[0]) * (size_t)count);
    for (i = 0; i < count; i++) {
        struct msghdr *m = &msgs[i].msg_hdr;
        m->msg_name = (void *)(uintptr_t)d[i].peer;
        m->msg_namelen = (socklen_t)d[i].peer_len;
        m->msg_iov = (struct iovec *)(uintptr_t)d[i].iov;
        m->msg_iovlen = (size_t)d[i].iov_count;
        if (d[i].segment_size > 0) {
            struct cmsghdr *c;
            uint16_t size = (uint16_t)d[i].segment_size;
            m->msg_control = control[i];
            m->msg_controllen = sizeof(control[i]);
            c = CMSG_FIRSTHDR(m);
            c->cmsg_level = SOL_UDP;
            c->cmsg_type = UDP_SEGMENT;
            c->cmsg_len = CMSG_LEN(sizeof(uint16_t));
            memcpy(CMSG_DATA(c), &size, sizeof(size));
        }
    }
    while (sent < count) {
        int n = sendmmsg(fd, msgs + sent, (unsigned int)(count - sent), 0);
        if (n < 0) {
            int err = errno;
            if (err == EINTR) {
                continue;
            }
            if (sent > 0) {
                break;
            }
            return -err;
        }
        sent += n;
    }
    return sent;
}
