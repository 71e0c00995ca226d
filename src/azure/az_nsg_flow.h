/*
 * az_nsg_flow: reading the flows that IP flow verify is asked about, as
 * `erwatch flow` takes them: endpoints "IP[:PORT]" ("[v6]:PORT" for IPv6)
 * from options, and batch lines "direction,protocol,local_ip,local_port,
 * remote_ip,remote_port" (a port may be empty or "*").  The text is
 * untrusted; errors are fixed strings, never an echo of the input.
 */
#ifndef ERW_AZ_NSG_FLOW_H
#define ERW_AZ_NSG_FLOW_H

#include <stdint.h>

#include "azure/az_nsg.h"

/*
 * "10.0.0.1", "10.0.0.1:443", "::1", "[::1]:443" into *a and *port
 * (NSG_PORT_NONE when absent).  0, or -1 when s is not such an endpoint
 * or the port is above 65535.
 */
int	 nsg_parse_endpoint(const char *s, struct net_addr *a, uint32_t *port);

/*
 * Make f's ports fit its protocol: cleared for ICMP, ESP and AH, which
 * have none; required on both sides for TCP and UDP.  The two addresses
 * must be of one family.  0, or -1 with *why set (a static string).
 */
int	 nsg_flow_check(struct nsg_flow *f, const char **why);

/*
 * One batch line (without its line break) into f, checked as
 * nsg_flow_check() does; line is modified (fields are cut in place).
 * Returns NULL, or why the line is bad (a static string).
 */
const char *nsg_flow_parse_csv(char *line, struct nsg_flow *f);

#endif /* ERW_AZ_NSG_FLOW_H */
