/*
 * The root-cause catalog: what `erwatch diagnose` can conclude, in one
 * table.  Columns: id (stable, lower case: scripts and tickets key on it),
 * whether it is a fault (the exit code is 1 when the best hypothesis is),
 * the title, and the remedy, spoken for an ExpressRoute private peering.
 * Which findings support or contradict each cause is in diag_hypo.c.
 *
 * docs/findings.md lists these after the findings (`erwatch findings
 * --markdown`); never renumber meaning, add at the end.
 */

CAUSE(peer_ip_wrong, true,
    "the peer addresses are not the ones of the /30",
    "Use the first usable address of each path's /30 on the router and the "
    "second as the neighbor (.1/.2 primary, .5/.6 secondary for a /29 split "
    "in two): compare the router's interface and neighbor with the peering's "
    "primaryPeerAddressPrefix and secondaryPeerAddressPrefix.")
CAUSE(l2_down, true,
    "layer 2 toward the Microsoft edge is down",
    "Nothing answers below IP: check the interface toward the provider, the "
    "provider's cross-connect and circuit provisioning "
    "(serviceProviderProvisioningState), and the ARP table of each path.")
CAUSE(vlan_mismatch, true,
    "the VLAN tag on the wire is not the peering's vlanId",
    "Tag the sub-interface with the peering's vlanId (the C-tag; with QinQ "
    "the S-tag is the provider's): frames with another tag never reach the "
    "Microsoft edge's peering.")
CAUSE(tcp179_blocked, true,
    "TCP/179 is filtered between the peers",
    "Allow TCP/179 both ways between the two addresses of the /30 on every "
    "filter on the path: router ACLs and control-plane policing, firewalls, "
    "and for tests from a VM its NSG and route table.")
CAUSE(no_bgp_listener, true,
    "nothing listens on TCP/179 at the peer",
    "The peer refuses the connection: BGP is not configured for this "
    "neighbor address, or is shut down. Check the neighbor statement (its "
    "address and remote AS) and that the peering is enabled.")
CAUSE(md5_mismatch, true,
    "the TCP MD5 keys differ, or only one side uses one",
    "Set the same MD5 key on the router's neighbor as the peering's "
    "sharedKey, or remove it on both sides; re-enter it by hand (no trailing "
    "space, right case), then reset the session.")
CAUSE(peer_as_mismatch, true,
    "an AS number is configured wrong",
    "The router must peer with remote-as 12076 (or the circuit's azureASN) "
    "and use the peering's peerASN as its own AS; fix the one the OPEN or "
    "the export shows differing.")
CAUSE(hold_timer_expiry, true,
    "the session dies of hold timer expiry (loss or one-way traffic)",
    "Keepalives stop arriving while TCP lives: look for loss or a one-way "
    "path on the link (interface errors, provider maintenance, policers on "
    "TCP/179), CPU starvation on the router, and compare both sides' hold "
    "times. Enable BFD to fail over in under a second instead of 180 s.")
CAUSE(short_timers_flap, true,
    "timers shorter than the link tolerates make the session flap",
    "Go back to keepalive 60 / hold 180 (Microsoft's values) and use BFD for "
    "fast failover: short BGP timers turn any brief loss into a flap.")
CAUSE(max_prefix, true,
    "a prefix limit was exceeded",
    "Advertise fewer prefixes (summarise: private peering accepts 4,000 "
    "IPv4 prefixes, 10,000 with Premium) or raise the router's "
    "maximum-prefix for routes from Microsoft, then clear the session.")
CAUSE(pmtu_blackhole, true,
    "large segments are lost on the path (MTU black hole)",
    "Clamp the TCP MSS on the sub-interface (ip tcp adjust-mss 1360 or the "
    "MTU minus 40) or fix the MTU along the provider's path, and let ICMP "
    "fragmentation-needed through every filter.")
CAUSE(default_route_from_onprem, true,
    "a default route is advertised from on-premises",
    "0.0.0.0/0 from the router forces Azure's Internet traffic through "
    "on-premises. Filter it from the advertisement unless forced tunnelling "
    "is intended (and then check the VMs' own Internet needs).")
CAUSE(udr_blackhole, true,
    "a user-defined route sends the traffic nowhere",
    "A UDR points the destination at None or at an appliance that does not "
    "forward it: fix the route table associated with the subnet, or the "
    "appliance's own forwarding.")
CAUSE(path_preference, true,
    "traffic takes another path than the intended circuit",
    "The route chosen prefers another circuit, the VPN or the Internet: "
    "check AS-path length, local preference and weight on both sides, and "
    "the connection weights on the virtual network gateway.")
CAUSE(carrier_outage, true,
    "the provider's link was down when the session dropped",
    "The session drops line up with the provider's own link outages: open a "
    "ticket with the carrier with their intervals and yours side by side.")
CAUSE(healthy, false,
    "nothing wrong found",
    "The evidence shows the sessions up and nothing failing. If users still "
    "see a problem, collect the layers the report lists as missing.")
CAUSE(unclassified, true,
    "something fails that no known cause explains",
    "The evidence shows failures that match none of the known causes: read "
    "the findings below layer by layer, and collect the layers the report "
    "lists as missing; they usually narrow it down.")
CAUSE(monitor_path, true,
    "the monitor's path to the peer fails, not the BGP session",
    "The agent's probes failed while the Microsoft edge kept the session up: "
    "check what lies between the monitoring host and the peer (firewall or "
    "ACL rules for the probes, the host's route and interface, control-plane "
    "policing on the router) and leave BGP alone.")
