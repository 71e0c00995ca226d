/*
 * Capabilities: what a command holds while it reads untrusted input.  The
 * package installs erwatch with file capabilities (debian/postinst), so an
 * ordinary user's process starts with CAP_NET_RAW and CAP_NET_ADMIN; the
 * cli gives up, before anything is read, those its command does not need
 * (main.c), and capture gives up the rest once the interface is open
 * (cap_drop_privileges()).  The system calls are used directly: two of
 * them do not justify a library (libcap) and its runtime dependency.
 */
#include <errno.h>
#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

_Static_assert(PRIV_NET_ADMIN == 1ULL << CAP_NET_ADMIN &&
    PRIV_NET_RAW == 1ULL << CAP_NET_RAW, "PRIV_* are capability bits");

int
priv_drop_caps(uint64_t caps, struct err *e)
{
	struct __user_cap_header_struct h;
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];
	uint64_t held;
	uint32_t m;
	size_t i;

	memset(&h, 0, sizeof(h));
	memset(d, 0, sizeof(d));
	h.version = _LINUX_CAPABILITY_VERSION_3;
	if (syscall(SYS_capget, &h, d) == -1)
		return ERR(e, ERR_RUNTIME, "cannot read the capabilities: %s",
		    strerror(errno));
	held = (uint64_t)d[1].permitted << 32 | d[0].permitted;
	if ((held & caps) == 0)
		return 0;
	for (i = 0; i < _LINUX_CAPABILITY_U32S_3; i++) {
		m = (uint32_t)(caps >> (32 * i));
		d[i].effective &= ~m;
		d[i].permitted &= ~m;
		d[i].inheritable &= ~m;
	}
	/* Lowering the permitted set needs no privilege; the kernel also
	 * clears from the ambient set what is no longer permitted. */
	if (syscall(SYS_capset, &h, d) == -1)
		return ERR(e, ERR_RUNTIME, "cannot drop capabilities: %s",
		    strerror(errno));
	/* A drop that did not happen is no drop: read the sets back. */
	memset(d, 0, sizeof(d));
	if (syscall(SYS_capget, &h, d) == -1)
		return ERR(e, ERR_RUNTIME, "cannot read the capabilities: %s",
		    strerror(errno));
	held = (uint64_t)d[1].permitted << 32 | d[0].permitted;
	if ((held & caps) != 0)
		return ERR(e, ERR_RUNTIME, "capabilities still held after "
		    "dropping them");
	return 1;
}
