/*
 * Flows for IP flow verify from text (az_nsg_flow.h): endpoints of the
 * --local / --remote options and the CSV lines of a batch file.  The
 * fields are words, addresses and numbers: no CSV quoting.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "azure/az_nsg_flow.h"

/* A port: decimal digits only, 0..65535.  0 or -1.  By hand: strtoull()
 * was a twentieth of a flow batch. */
static int
parse_port(const char *s, uint32_t *out)
{
	uint32_t v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (uint32_t)(*s - '0');
		if (v > 65535)
			return -1;
	}
	*out = v;
	return 0;
}

int
nsg_parse_endpoint(const char *s, struct net_addr *a, uint32_t *port)
{
	char buf[NET_ADDR_STRLEN + 8];
	const char *colon, *ps = NULL;
	size_t n;

	*port = NSG_PORT_NONE;
	if (s[0] == '[') {
		const char *end = strchr(s, ']');

		if (end == NULL || (size_t)(end - s - 1) >= sizeof(buf))
			return -1;
		n = (size_t)(end - s - 1);
		memcpy(buf, s + 1, n);
		buf[n] = '\0';
		if (end[1] == ':')
			ps = end + 2;
		else if (end[1] != '\0')
			return -1;
	} else {
		/* One colon: IPv4 and a port; more: a bare IPv6 address. */
		colon = strchr(s, ':');
		if (colon != NULL && strchr(colon + 1, ':') == NULL) {
			n = (size_t)(colon - s);
			ps = colon + 1;
		} else
			n = strlen(s);
		if (n >= sizeof(buf))
			return -1;
		memcpy(buf, s, n);
		buf[n] = '\0';
	}
	if (net_addr_parse(buf, a) == -1)
		return -1;
	if (ps != NULL && parse_port(ps, port) == -1)
		return -1;
	return 0;
}

int
nsg_flow_check(struct nsg_flow *f, const char **why)
{
	if (f->proto != NSG_P_TCP && f->proto != NSG_P_UDP &&
	    f->proto != NSG_P_ANY) {
		f->lport = f->rport = NSG_PORT_NONE;
		return 0;
	}
	if ((f->proto == NSG_P_TCP || f->proto == NSG_P_UDP) &&
	    (f->lport == NSG_PORT_NONE || f->rport == NSG_PORT_NONE)) {
		*why = "tcp and udp flows need a local and a remote port";
		return -1;
	}
	if (f->local.family != f->remote.family) {
		*why = "local and remote addresses differ in family";
		return -1;
	}
	return 0;
}

/* Split a CSV line, blanks around fields trimmed.  The field count, or
 * max + 1 when there are more. */
static size_t
split_csv(char *line, char *fields[], size_t max)
{
	/* Bytes that end a run of field text: a table test each, where
	 * four comparisons per byte were most of a batch line's parse. */
	static const bool stop[256] = {
		['\0'] = true, [' '] = true, ['\t'] = true, [','] = true
	};
	size_t n = 0;
	char *p = line, *q, *r, *last;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (n == max)
			return max + 1;
		fields[n++] = p;
		/* one pass to the comma, remembering the last non-blank */
		for (q = p, last = p;;) {
			for (r = q; !stop[(unsigned char)*q]; q++)
				;
			if (q != r)
				last = q;
			if (*q != ' ' && *q != '\t')
				break;
			q++;
		}
		if (*q == '\0') {
			*last = '\0';
			return n;
		}
		*last = '\0';
		p = q + 1;
	}
}

/* An optional port field: empty or "*" is NSG_PORT_NONE.  0 or -1. */
static int
port_field(const char *s, uint32_t *port)
{
	*port = NSG_PORT_NONE;
	if (s[0] == '\0' || s[0] == '*')
		return 0;
	return parse_port(s, port);
}

const char *
nsg_flow_parse_csv(char *line, struct nsg_flow *f)
{
	char *fld[6];
	const char *why = NULL;

	memset(f, 0, sizeof(*f));
	if (split_csv(line, fld, 6) != 6)
		return "expected 6 fields: direction,protocol,local_ip,"
		    "local_port,remote_ip,remote_port";
	if (nsg_parse_dir(fld[0], &f->dir) == -1)
		return "bad direction (in|out)";
	if (nsg_parse_proto(fld[1], &f->proto) == -1)
		return "bad protocol (tcp|udp|icmp|esp|ah|*)";
	if (net_addr_parse(fld[2], &f->local) == -1)
		return "bad local address";
	if (net_addr_parse(fld[4], &f->remote) == -1)
		return "bad remote address";
	if (port_field(fld[3], &f->lport) == -1)
		return "bad local port";
	if (port_field(fld[5], &f->rport) == -1)
		return "bad remote port";
	if (nsg_flow_check(f, &why) == -1)
		return why;
	return NULL;
}
