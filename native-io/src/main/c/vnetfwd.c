/*
 * libvnetfwd: see vnetfwd.h for the contract of each function.
 */
#define _GNU_SOURCE
#include "vnetfwd.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <linux/if_tun.h>

#define VNETFWD_EXPORT __attribute__((visibility("default")))

int VNETFWD_EXPORT vnetfwd_abi_version(void)
{
    return VNETFWD_ABI_VERSION;
}

static int fail(int *out, int step, int err)
{
    out[VNETFWD_OUT_FAILED_STEP] = step;
    return -err;
}

static void close_quietly(int fd)
{
    if (fd >= 0) {
        int saved = errno;
        close(fd);
        errno = saved;
    }
}

/* Steps that run inside the target namespace; returns the fd or -errno, setting out[0]. */
static int open_in_current_netns(char *name, int tun_flags, int mtu, int up, int *out)
{
    struct ifreq ifr;
    int fd;
    int sock;

    fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        return fail(out, VNETFWD_STEP_OPEN_TUN, errno);
    }

    memset(&ifr, 0, sizeof(ifr));
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    ifr.ifr_flags = (short)tun_flags;
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        int err = errno;
        close_quietly(fd);
        return fail(out, VNETFWD_STEP_TUNSETIFF, err);
    }
    memcpy(name, ifr.ifr_name, IFNAMSIZ);
    name[IFNAMSIZ - 1] = '\0';

    sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0) {
        int err = errno;
        close_quietly(fd);
        return fail(out, VNETFWD_STEP_SOCKET, err);
    }

    if (mtu > 0) {
        memset(&ifr, 0, sizeof(ifr));
        memcpy(ifr.ifr_name, name, IFNAMSIZ);
        ifr.ifr_mtu = mtu;
        if (ioctl(sock, SIOCSIFMTU, &ifr) < 0) {
            int err = errno;
            close_quietly(sock);
            close_quietly(fd);
            return fail(out, VNETFWD_STEP_SET_MTU, err);
        }
    }

    memset(&ifr, 0, sizeof(ifr));
    memcpy(ifr.ifr_name, name, IFNAMSIZ);
    if (ioctl(sock, SIOCGIFMTU, &ifr) < 0) {
        int err = errno;
        close_quietly(sock);
        close_quietly(fd);
        return fail(out, VNETFWD_STEP_GET_MTU, err);
    }
    out[VNETFWD_OUT_MTU] = ifr.ifr_mtu;

    if (up) {
        memset(&ifr, 0, sizeof(ifr));
        memcpy(ifr.ifr_name, name, IFNAMSIZ);
        if (ioctl(sock, SIOCGIFFLAGS, &ifr) < 0) {
            int err = errno;
            close_quietly(sock);
            close_quietly(fd);
            return fail(out, VNETFWD_STEP_GET_FLAGS, err);
        }
        if (!(ifr.ifr_flags & IFF_UP)) {
            ifr.ifr_flags = (short)(ifr.ifr_flags | IFF_UP);
            if (ioctl(sock, SIOCSIFFLAGS, &ifr) < 0) {
                int err = errno;
                close_quietly(sock);
                close_quietly(fd);
                return fail(out, VNETFWD_STEP_SET_FLAGS, err);
            }
        }
    }

    close_quietly(sock);
    return fd;
}

int VNETFWD_EXPORT vnetfwd_tap_open(const char *netns_path, char *name, int tun_flags, int mtu, int up, int *out)
{
    int original = -1;
    int target = -1;
    int fd;
    int flags;

    out[VNETFWD_OUT_FAILED_STEP] = VNETFWD_STEP_NONE;
    out[VNETFWD_OUT_MTU] = 0;
    name[IFNAMSIZ - 1] = '\0';

    if (netns_path != NULL && netns_path[0] != '\0') {
        original = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
        if (original < 0) {
            return fail(out, VNETFWD_STEP_SAVE_NETNS, errno);
        }
        target = open(netns_path, O_RDONLY | O_CLOEXEC);
        if (target < 0) {
            int err = errno;
            close_quietly(original);
            return fail(out, VNETFWD_STEP_OPEN_NETNS, err);
        }
        if (setns(target, CLONE_NEWNET) < 0) {
            int err = errno;
            close_quietly(target);
            close_quietly(original);
            return fail(out, VNETFWD_STEP_ENTER_NETNS, err);
        }
        close_quietly(target);
    }

    fd = open_in_current_netns(name, tun_flags, mtu, up, out);

    if (original >= 0) {
        if (setns(original, CLONE_NEWNET) < 0) {
            int err = errno;
            close_quietly(original);
            close_quietly(fd);
            return fail(out, VNETFWD_STEP_RESTORE_NETNS, err);
        }
        close_quietly(original);
    }
    if (fd < 0) {
        return fd;
    }

    flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
        int err = errno;
        close_quietly(fd);
        return fail(out, VNETFWD_STEP_NONBLOCK, err);
    }
    return fd;
}

int VNETFWD_EXPORT vnetfwd_read(int fd, void *buf, int length)
{
    ssize_t n = read(fd, buf, (size_t)length);
    return n < 0 ? -errno : (int)n;
}

int VNETFWD_EXPORT vnetfwd_write(int fd, const void *buf, int length)
{
    ssize_t n = write(fd, buf, (size_t)length);
    return n < 0 ? -errno : (int)n;
}

int VNETFWD_EXPORT vnetfwd_read_batch(int fd, void *buf, int slot_size, int max_frames, int *lengths)
{
    char *slot = (char *)buf;
    int count = 0;

    while (count < max_frames) {
        ssize_t n = read(fd, slot, (size_t)slot_size);
        if (n < 0) {
            int err = errno;
            if (err == EINTR) {
                continue;
            }
            if (count > 0 || err == EAGAIN) {
                break;
            }
            return -err;
        }
        lengths[count++] = (int)n;
        slot += slot_size;
    }
    return count;
}

int VNETFWD_EXPORT vnetfwd_write_batch(int fd, const void *buf, int slot_size, const int *lengths, int count)
{
    const char *slot = (const char *)buf;
    int written = 0;

    while (written < count) {
        ssize_t n = write(fd, slot, (size_t)lengths[written]);
        if (n < 0) {
            int err = errno;
            if (err == EINTR) {
                continue;
            }
            if (written > 0) {
                break;
            }
            return -err;
        }
        written++;
        slot += slot_size;
    }
    return written;
}

int VNETFWD_EXPORT vnetfwd_set_offload(int fd, unsigned int flags)
{
    return ioctl(fd, TUNSETOFFLOAD, (unsigned long)flags) < 0 ? -errno : 0;
}

int VNETFWD_EXPORT vnetfwd_set_vnet_hdr_size(int fd, int size)
{
    return ioctl(fd, TUNSETVNETHDRSZ, &size) < 0 ? -errno : 0;
}

int64_t VNETFWD_EXPORT vnetfwd_mac_address(int fd)
{
    struct ifreq ifr;
    const unsigned char *mac;
    int64_t value = 0;
    int i;

    memset(&ifr, 0, sizeof(ifr));
    if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) {
        return -errno;
    }
    mac = (const unsigned char *)ifr.ifr_hwaddr.sa_data;
    for (i = 0; i < 6; i++) {
        value = (value << 8) | mac[i];
    }
    return value;
}

int VNETFWD_EXPORT vnetfwd_close(int fd)
{
    return close(fd) < 0 ? -errno : 0;
}
