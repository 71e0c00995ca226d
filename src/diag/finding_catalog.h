/*
 * The findings catalog: every conclusion erwatch can reach, in one table.
 * Columns: CODE, default severity, layer, summary template (the shape of the
 * concrete one-line summary the analyzer writes; {braces} mark values), and
 * the remedy, spoken for an ExpressRoute private peering.
 *
 * docs/findings.md is generated from this table (`erwatch findings
 * --markdown`) and tests/integration/test_findings_doc.sh fails when they
 * drift.  Add codes at the end of their layer group; never renumber meaning.
 */

/* ---- L2 ---------------------------------------------------------- */
FINDING(ARP_UNANSWERED, SEV_ERROR, LAYER_L2,
    "ARP requests for {ip} from {asker} got no reply ({n} requests)",
    "Nothing answers ARP for the peer address. Check that the peer IP is the "
    "right one of the /30 (on-premises uses the first usable address, "
    "Microsoft the second: .1/.2 primary, .5/.6 secondary), that the VLAN "
    "(C-tag, and S-tag for QinQ) matches the peering, and that the "
    "provider's L2 path is up.")
FINDING(ARP_TABLE_EMPTY, SEV_ERROR, LAYER_L2,
    "{path} path ARP table is empty",
    "No ARP entry at all on the Microsoft edge: the layer-2 path to the MSEE "
    "is down. Check that the provider has provisioned the circuit, that the "
    "VLAN ID (C-tag/S-tag) configured on your router matches the peering's "
    "vlanId, and that the interface toward the provider is up.")
FINDING(ARP_INCOMPLETE, SEV_ERROR, LAYER_L2,
    "{path} path: on-premises entry {ip} is {state}",
    "The MSEE cannot resolve the on-premises address. The peer IP is wrong or "
    "swapped within the /30 (on-premises must use the first usable address, "
    "Microsoft the second), or the VLAN/provider cross-connect is wrong.")
FINDING(CARRIER_LINK_DOWN, SEV_WARNING, LAYER_L2,
    "the provider's log has {link} down from {from} to {to} ({duration}), "
    "or down since {from}, not restored",
    "The carrier reports an outage of the link toward the Microsoft edge. "
    "Set the interval against the BGP session's drops (diagnose does) and, "
    "when it is still open or recurs, raise it with the carrier's NOC with "
    "their interval and the router's side by side.")
FINDING(ROUTER_LINK_DOWN, SEV_WARNING, LAYER_L2,
    "{host} logged {interface} down from {from} to {to} ({duration}), or "
    "down since {from}, not restored",
    "The router's interface toward the provider lost its link or line "
    "protocol. Check optics and cabling, the interface's error counters "
    "and the provider's cross-connect; a sub-interface down alone points at "
    "the VLAN configuration.")
FINDING(LINK_OUTAGE_AT_DROP, SEV_ERROR, LAYER_L2,
    "session {peer} dropped at {time}, {delay} after {link} went down "
    "({source}, {code})",
    "The session went down because the link under it did: fix the link "
    "(the carrier's outage or the interface), not BGP. BFD on the session "
    "and a second path on the other device keep traffic flowing through "
    "such outages.")

FINDING(PEER_ADDR_NOT_PEERING, SEV_ERROR, LAYER_L2,
    "{source} {file}: {use} (ARP, BGP session, neighbor), but the {path} "
    "path's /30 {prefix} gives on-premises {expect_local} and Microsoft "
    "{expect_peer} ({circuit}): {how}; or: outside the peering's /30s",
    "The session is set up on addresses other than the peering's: the "
    "router must use the first usable address of the path's /30 on its "
    "interface and the second (Microsoft's) as its neighbor. A swapped pair "
    "or an address outside the /30 leaves ARP unanswered and the neighbor "
    "Active whatever the link does. Fix the router's interface and "
    "neighbor, or the peering's prefixes if they are the wrong ones.")
FINDING(VLAN_TAG_MISMATCH, SEV_ERROR, LAYER_L2,
    "{file}: frames of {peer} carry {tags}, the peering's vlanId is "
    "{vlan} ({circuit})",
    "The Microsoft edge drops frames whose C-tag is not the peering's "
    "vlanId (with QinQ the outer S-tag is the provider's and the inner "
    "C-tag must be the vlanId). Tag the sub-interface with the vlanId, or "
    "ask the provider which tags they hand over.")

/* ---- TCP --------------------------------------------------------- */
FINDING(TCP_NO_SYN, SEV_ERROR, LAYER_TCP,
    "no TCP connection attempt to port {port} in {file}",
    "Neither side tried to open the BGP session. Check that the neighbor is "
    "configured and not shut down on both routers, that the peer address is "
    "reachable (ARP, routing), and that the capture point sees the link.")
FINDING(TCP_SYN_UNANSWERED, SEV_ERROR, LAYER_TCP,
    "{n} SYNs from {src} to {dst}:{port} never answered",
    "SYNs to TCP/179 are silently dropped: a firewall, ACL or NSG filters "
    "the BGP port. Allow TCP/179 both ways between the two addresses of the "
    "/30 on every filter on the path (router ACLs, firewalls, NSGs on test "
    "VMs).")
FINDING(TCP_RST_ON_SYN, SEV_ERROR, LAYER_TCP,
    "{dst} answered {n} SYNs to port {port} with RST",
    "The peer has no BGP listener for this source: BGP is not running, or "
    "the neighbor is not configured (wrong neighbor IP, wrong /30 side, "
    "peering disabled). Configure the neighbor with the exact address of "
    "the other end of the /30.")
FINDING(TCP_RST_ESTABLISHED, SEV_ERROR, LAYER_TCP,
    "{src} reset the established connection to {dst}",
    "An established BGP connection was torn down by RST. Look at what came "
    "just before (NOTIFICATION, hold timer, retransmissions) and at the "
    "router logs of the sender.")
FINDING(TCP_MD5_ASYMMETRIC, SEV_ERROR, LAYER_TCP,
    "{signer} signs its segments with TCP MD5, {other} does not",
    "Only one side has an MD5 password for this neighbor, and the kernel of "
    "the other drops the segments silently. Configure the same key on both "
    "ends (on ExpressRoute, the peering's sharedKey on both primary and "
    "secondary paths) or remove it from both.")
FINDING(TCP_MD5_SUSPECTED_MISMATCH, SEV_ERROR, LAYER_TCP,
    "both sides sign with TCP MD5 but the handshake never completes "
    "({n} SYNs)",
    "Both routers use TCP MD5, yet every SYN is dropped: the keys differ. "
    "Re-enter the same key on both ends (watch for trailing spaces and "
    "character-set issues) on both ExpressRoute paths.")
FINDING(TCP_RETRANSMISSIONS, SEV_WARNING, LAYER_TCP,
    "{n} retransmitted segments from {src} to {dst}",
    "Segments are being lost between the routers. Check interface errors, "
    "policers and congestion on the provider link; persistent loss of "
    "large segments only points to an MTU problem.")
FINDING(TCP_ZERO_WINDOW, SEV_WARNING, LAYER_TCP,
    "{src} advertised a zero receive window {n} times",
    "The receiver is not reading from its BGP socket fast enough (busy "
    "control plane, slow route processing). Check the router's CPU and BGP "
    "process; a stalled reader eventually expires the hold timer.")
FINDING(TCP_REASSEMBLY_LIMIT, SEV_WARNING, LAYER_TCP,
    "stream reassembly dropped {bytes} bytes from {src} (cap {cap} bytes)",
    "The capture has a gap or more out-of-order data than erwatch buffers; "
    "BGP messages after the gap may be missing from the analysis. Capture "
    "with a full snaplen and without packet loss (check kernel drops).")
FINDING(PROBE_ICMP_UNREACHABLE, SEV_ERROR, LAYER_TCP,
    "{router} reported {type} for {dst}:{port}",
    "A router on the path rejects the connection with an ICMP error: an ACL "
    "with reject, or no route to the peer. Fix the filter or the route on "
    "the router named in the evidence.")
FINDING(PROBE_NO_ROUTE, SEV_ERROR, LAYER_TCP,
    "no route from this host to {dst}",
    "This host has no route toward the peer. Add a route or probe from a "
    "host on the /30 or on a network routed to it.")
FINDING(ICMP_UNREACHABLE, SEV_ERROR, LAYER_TCP,
    "{router} sent ICMP {type} about {flow}",
    "A router rejects or cannot deliver the BGP traffic: an ACL with "
    "reject, or no route to the peer. Fix the filter or route on the router "
    "that sent the ICMP error.")
FINDING(TCP_OVERLAP_MISMATCH, SEV_WARNING, LAYER_TCP,
    "{src} sent {n} segments whose bytes differ from the first copy of "
    "the same sequence range ({bytes} bytes; frame {frame} against frame "
    "{frame})",
    "A retransmission carried other bytes than the first copy of the same "
    "TCP sequence range. TCP never changes bytes it sends again, so "
    "something rewrote them: a device on the path that edits TCP payload "
    "(WAN optimizer, firewall or NAT helper), faulty NIC offload or "
    "memory, or a capture that merges two sources. erwatch kept the first "
    "copy. Compare the two frames named, then check the capture setup and "
    "every device between the routers.")

/* ---- MTU --------------------------------------------------------- */
FINDING(ICMP_FRAG_NEEDED, SEV_ERROR, LAYER_MTU,
    "{router} reports MTU {mtu} for {flow}",
    "A link on the path has a smaller MTU than the BGP speakers use. Align "
    "the MTU end to end (ExpressRoute supports 1500 bytes on the circuit "
    "interfaces), or clamp the TCP MSS on the router "
    "(e.g. 'ip tcp adjust-mss 1360') so large UPDATEs fit.")
FINDING(PMTU_BLACKHOLE_SUSPECTED, SEV_ERROR, LAYER_MTU,
    "{src} retransmits {n} full-size segments ({size} bytes) to {dst} with "
    "no ACK and no ICMP, while small segments pass",
    "A path MTU black hole: large segments are dropped and the ICMP "
    "'fragmentation needed' never arrives (filtered). Allow ICMP type 3 "
    "code 4 / ICMPv6 type 2 on the path, align MTUs, or clamp the TCP MSS "
    "on the router toward the circuit.")

/* ---- BGP --------------------------------------------------------- */
FINDING(BGP_ESTABLISHED, SEV_INFO, LAYER_BGP,
    "session {a} (AS {as_a}) - {b} (AS {as_b}) established, hold time {hold} "
    "s, prefixes {pfx_a}/{pfx_b}",
    "The session is healthy. ExpressRoute expects 60 s keepalive / 180 s "
    "hold on the MSEE; enable BFD on your side for fast failover.")
FINDING(BGP_OPEN_PEER_AS_MISMATCH, SEV_ERROR, LAYER_BGP,
    "{sender} sent AS {got} in its OPEN, {expect} was expected",
    "The neighbor's remote-as does not match the AS its peer announces. On "
    "ExpressRoute the Microsoft side is always AS 12076, and the peering's "
    "peerASN must be your router's AS. Fix the neighbor's remote-as (or the "
    "peering's peerASN).")
FINDING(BGP_LOCAL_AS_MISMATCH, SEV_ERROR, LAYER_BGP,
    "{sender} announces AS {got}, expected local AS {expect}",
    "The on-premises router announces an AS other than the one configured "
    "as the peering's peerASN. Align the router's local AS with the "
    "peering.")
FINDING(BGP_NOTIFICATION, SEV_ERROR, LAYER_BGP,
    "{sender} sent NOTIFICATION {code}/{subcode} ({name})",
    "The sender closed the session for the reason named. Read its log for "
    "the same event and fix the configuration it points to.")
FINDING(BGP_HOLD_TIMER_EXPIRED, SEV_ERROR, LAYER_BGP,
    "{sender} closed the session: hold timer expired ({hold} s); or: no "
    "BGP message from {sender} for {gap} s, longer than the hold time, "
    "before connection {new} superseded the session",
    "Keepalives stopped arriving within the hold time: loss on the link, a "
    "stalled TCP connection (MTU), or a busy/frozen BGP process. Check the "
    "link for loss and MTU, the router's CPU, and use the ExpressRoute "
    "60/180 s timers with BFD for fast detection instead of short timers.")
FINDING(BGP_HOLD_TIME_SHORT, SEV_WARNING, LAYER_BGP,
    "negotiated hold time {hold} s is below {min} s",
    "A short hold time makes the session fragile against brief loss and "
    "CPU spikes. Use 60/180 s (ExpressRoute's MSEE default) and BFD for "
    "fast failure detection.")
FINDING(BGP_KEEPALIVE_GAP, SEV_ERROR, LAYER_BGP,
    "{sender} was silent for {gap} s (hold time {hold} s)",
    "No BGP message arrived for longer than the hold time (or close to it): "
    "the link dropped traffic one way, a TCP queue stalled, or the peer's "
    "BGP process froze. Check loss and MTU on the path and the router's "
    "CPU.")
FINDING(BGP_MAX_PREFIX, SEV_ERROR, LAYER_BGP,
    "{sender} closed the session: maximum prefixes reached ({count} "
    "prefixes announced by {peer})",
    "Too many prefixes were announced. ExpressRoute private peering accepts "
    "4,000 prefixes (10,000 with Premium), Microsoft peering 200; the "
    "session drops when exceeded. Summarize or filter what you advertise.")
FINDING(BGP_SESSION_FLAP, SEV_ERROR, LAYER_BGP,
    "session {a} - {b} went down {n} times",
    "The session is flapping. Look at the cause of each teardown in the "
    "timeline (link down, hold timer, NOTIFICATION); on ExpressRoute check "
    "the provider link and enable BFD with the MSEE.")
FINDING(BGP_MALFORMED, SEV_ERROR, LAYER_BGP,
    "malformed BGP message from {sender}: {what}",
    "A BGP message does not parse. If the capture is intact, the sender has "
    "a bug or the stream is not BGP; compare with the router logs.")
FINDING(BGP_DEFAULT_ROUTE_RECEIVED, SEV_WARNING, LAYER_BGP,
    "{sender} announced the default route {prefix}",
    "A default route sent to Azure over private peering replaces the VNet's "
    "Internet route: all Internet-bound traffic is forced on-premises (and "
    "KMS activation breaks). Filter 0.0.0.0/0 toward the MSEE unless forced "
    "tunneling is intended.")
FINDING(BGP_PEER_RESET_NO_OPEN, SEV_ERROR, LAYER_BGP,
    "{peer} accepts the TCP connection but closes it without sending OPEN "
    "({n} times)",
    "The peer's BGP speaker accepts the connection but has no matching "
    "neighbor (wrong source address, neighbor not configured or "
    "administratively down). Configure the neighbor with this exact "
    "address on the peer.")
FINDING(BGP_CAPABILITY_MISSING, SEV_WARNING, LAYER_BGP,
    "{sender} does not advertise {capability}",
    "A capability the session needs is missing: 4-octet AS numbers (RFC "
    "6793) for 4-byte ASNs, multiprotocol (RFC 4760) for IPv6. Enable it on "
    "the router.")
FINDING(PROBE_BGP_NO_OPEN, SEV_ERROR, LAYER_BGP,
    "{peer} accepted the TCP connection but sent no OPEN within {timeout} s",
    "The peer's TCP stack answers but its BGP speaker stays silent: the "
    "neighbor is configured for another address or is shut down, or the "
    "BGP process is stuck. Check the neighbor statement on the peer for "
    "this exact source address; on ExpressRoute, probe from the router's "
    "own /30 address.")
FINDING(BGP_SESSION_SUPERSEDED, SEV_WARNING, LAYER_BGP,
    "connection {old} ended without a close on the wire: connection {new} "
    "between the same peers reached Established ({silences}, hold time "
    "{hold} s)",
    "The session restarted although the capture shows no NOTIFICATION, FIN "
    "or RST for the old connection, and no silence as long as the hold "
    "time: a router restarted, or the close went where the capture point "
    "cannot see. Check both routers' logs and uptime at that moment.")
FINDING(BGP_GRACEFUL_RESTART, SEV_WARNING, LAYER_BGP,
    "{sender} restarted gracefully: its new OPEN carries the Restart State "
    "bit ({silence} s silent, hold time {hold} s, restart time {restart} s)",
    "The peer's BGP process restarted (RFC 4724) and came back; routes were "
    "kept as stale meanwhile, so forwarding continued if the restart stayed "
    "within the restart time. Check why it restarted (upgrade, crash, "
    "failover); an error here means it took longer than the hold time plus "
    "the restart time, and the routes were withdrawn.")
FINDING(CAPTURE_TRUNCATED, SEV_WARNING, LAYER_EVIDENCE,
    "{file}: {what} at frame {frame}",
    "The capture is cut short or damaged; what follows the damage was not "
    "analyzed. Copy the file again or capture anew.")
FINDING(CAPTURE_KERNEL_DROPS, SEV_WARNING, LAYER_EVIDENCE,
    "the kernel dropped {n} packets during the capture",
    "The capture missed packets; retransmissions and gaps in it may be "
    "artifacts. Use a narrower filter, a larger buffer, or a smaller "
    "snaplen.")

FINDING(SESSION_AS_MISMATCH, SEV_ERROR, LAYER_BGP,
    "{source} {file} shows {side} AS {got} for {local} - {peer} (or "
    "neighbor {peer}), the peering has {expect} ({field}, {circuit})",
    "The AS a session uses is not the one the peering is set up with: "
    "Microsoft is AS 12076 (or the circuit's azureASN) and the router's own "
    "AS must be the peering's peerASN. Fix the router's local AS or the "
    "neighbor's remote-as, or the peering's peerASN.")

/* ---- CIRCUIT ----------------------------------------------------- */
FINDING(CIRCUIT_NOT_PROVISIONED, SEV_ERROR, LAYER_CIRCUIT,
    "circuit {name}: {what}",
    "The circuit is not usable until circuitProvisioningState is Enabled "
    "and serviceProviderProvisioningState is Provisioned. Ask the "
    "connectivity provider to finish provisioning (quote the serviceKey).")
FINDING(CIRCUIT_PEERING_DISABLED, SEV_ERROR, LAYER_CIRCUIT,
    "peering {peering} is {state}",
    "A disabled peering shuts both BGP sessions. Enable the peering.")
FINDING(CIRCUIT_PEER_IP_INVALID, SEV_ERROR, LAYER_CIRCUIT,
    "{peering}: {what}",
    "Each path needs its own /30 network address (primary and secondary, "
    "non-overlapping); your router uses the first usable address and "
    "Microsoft the second. Correct the peering's primary/secondary "
    "prefixes or the router's interface addresses.")
FINDING(CIRCUIT_BGP_DOWN, SEV_ERROR, LAYER_CIRCUIT,
    "{path} path: BGP with {neighbor} (AS {as}) is {state}",
    "Layer 2 answers but BGP does not come up. Check the /30 addresses, "
    "the VLAN, the peer ASN (Microsoft is AS 12076) and the MD5 key "
    "between your router and the MSEE, and that TCP/179 is allowed.")
FINDING(CIRCUIT_NO_ROUTES, SEV_ERROR, LAYER_CIRCUIT,
    "{path} path learns no routes from on-premises",
    "The MSEE learns nothing from your router: the session is down or your "
    "router's export policy advertises nothing. Advertise the on-premises "
    "prefixes toward both MSEEs.")
FINDING(CIRCUIT_PREFIX_LIMIT, SEV_ERROR, LAYER_CIRCUIT,
    "{path} path: {count} prefixes received, limit {limit} ({pct}%)",
    "ExpressRoute drops the BGP session when the prefix limit is exceeded "
    "(private peering 4,000 Standard / 10,000 Premium; Microsoft peering "
    "200). Summarize the on-premises routes or upgrade to Premium.")
FINDING(CIRCUIT_DEFAULT_ROUTE_LEARNED, SEV_WARNING, LAYER_CIRCUIT,
    "{path} path learns the default route {prefix} from on-premises",
    "A default route over private peering forces all Internet-bound "
    "traffic from the VNets on-premises. Filter 0.0.0.0/0 toward the MSEE "
    "unless forced tunneling is intended.")
FINDING(CIRCUIT_PEER_ASN_MISMATCH, SEV_ERROR, LAYER_CIRCUIT,
    "peering peerASN {configured} but {path} path sees AS {seen}",
    "The peering's peerASN must equal your router's AS. Fix the peering or "
    "the router.")
FINDING(CIRCUIT_AZURE_ASN_UNUSUAL, SEV_WARNING, LAYER_CIRCUIT,
    "peering {peering} shows Azure AS {asn}, not 12076",
    "Microsoft uses AS 12076 on every ExpressRoute peering; check that the "
    "export is from the right circuit.")
FINDING(CIRCUIT_SINGLE_PATH, SEV_ERROR, LAYER_CIRCUIT,
    "only the {up} path is up; the {down} path is {state}",
    "Without both paths there is no redundancy and no SLA. Fix the down "
    "path (see its ARP and BGP findings).")
FINDING(CIRCUIT_PATH_ASYMMETRY, SEV_WARNING, LAYER_CIRCUIT,
    "primary and secondary learn different prefixes ({n} differ, e.g. "
    "{example})",
    "Advertise the same prefixes on both paths (use AS-path prepending, "
    "not withholding, to prefer one) so failover keeps every route.")
FINDING(CIRCUIT_MD5_ONE_PATH, SEV_ERROR, LAYER_CIRCUIT,
    "{peering}: MD5 key set on {set} only",
    "An MD5 key must be configured on both paths and both ends; configure "
    "the same key on the secondary (or remove it everywhere).")
FINDING(CIRCUIT_HEALTHY, SEV_INFO, LAYER_CIRCUIT,
    "{path} path: ARP resolved, BGP established with {neighbor}, {count} "
    "prefixes",
    "Nothing to fix on this path.")

/* ---- ROUTER: the router's own view (erwatch router) -------------- */
FINDING(ROUTER_BGP_NOT_ESTABLISHED, SEV_ERROR, LAYER_BGP,
    "{router}neighbor {ip} (AS {as}) is {state}{for}: {meaning}",
    "What the state usually means: Active or Connect - the TCP connection "
    "to the peer does not complete (no route or ARP, an ACL, firewall or "
    "NSG dropping TCP/179, a TCP MD5 key mismatch, or the peer not "
    "configured for this address); Idle - shut down by configuration "
    "(admin), or backing off after an error (read the last error; Idle "
    "(PfxCt) is the maximum-prefix limit); OpenSent/OpenConfirm - TCP "
    "works but the OPEN is rejected (wrong peer AS, BGP identifier, hold "
    "time or capability): read the NOTIFICATION. On ExpressRoute the "
    "MSEE is AS 12076 on the second usable address of each /30.")
FINDING(ROUTER_MD5_AUTH_FAILURE, SEV_ERROR, LAYER_TCP,
    "{ip}: {n} TCP MD5 failures ({what}) between {first} and {last}",
    "Segments from the peer carry a wrong MD5 signature (the keys differ) "
    "or none at all (only this end has a key). Enter the same key on both "
    "ends - on ExpressRoute the peering's sharedKey, on both paths - "
    "watching for trailing spaces, or remove it from both.")
FINDING(ROUTER_NOTIFICATION, SEV_ERROR, LAYER_BGP,
    "{ip}: NOTIFICATION {code}/{subcode} ({name}) {dir} {n} time(s), "
    "last {when}",
    "The session was closed for the reason named. Hold timer expired: "
    "keepalives were lost (link loss, MTU, a busy CPU); Bad Peer AS: fix "
    "the neighbor's remote-as (Microsoft is AS 12076) or the peering's "
    "peerASN; maximum prefixes: see ROUTER_MAX_PREFIX; administrative "
    "shutdown or reset: someone cleared or shut the session.")
FINDING(ROUTER_FLAPS, SEV_WARNING, LAYER_BGP,
    "{ip}: the session went down {n} times ({source})",
    "The session is unstable. Look at the reason of each drop (hold "
    "timer, NOTIFICATION, interface flap) in the router's log; on "
    "ExpressRoute check the provider link and enable BFD with the MSEE.")
FINDING(ROUTER_HOLD_TIMER_SHORT, SEV_WARNING, LAYER_BGP,
    "{ip}: {which} hold time {hold} s is below {min} s",
    "A short hold time drops the session on brief loss or CPU spikes. Use "
    "ExpressRoute's 60/180 s keepalive/hold and BFD for fast failure "
    "detection.")
FINDING(ROUTER_MAX_PREFIX, SEV_ERROR, LAYER_BGP,
    "{ip}: maximum-prefix limit {what}",
    "The peer announced more prefixes than this router's limit for it, "
    "and the session was torn down (or is about to be). Summarize or "
    "filter what the peer sends, or raise the limit knowingly; after the "
    "fix, clear the session (Idle (PfxCt) does not recover by itself on "
    "most routers).")
FINDING(ROUTER_BGP_ESTABLISHED, SEV_INFO, LAYER_BGP,
    "{router}neighbor {ip} (AS {as}) is Established{for}, {pfx} prefixes "
    "received",
    "Nothing to fix for this session.")
FINDING(ROUTER_INPUT_TRUNCATED, SEV_WARNING, LAYER_EVIDENCE,
    "{file}: the {what} is cut short at line {line}",
    "The paste ends in the middle of an output: neighbors or lines after "
    "the cut are missing. Capture the output again with paging off "
    "('terminal length 0', '| no-more') and save it whole.")

/* ---- CONFIG: the on-premises config against the circuit ---------- */
FINDING(CONFIG_PEER_IP_WRONG, SEV_ERROR, LAYER_BGP,
    "{path} path: {what} is {got}, the circuit expects {expect} "
    "({prefix})",
    "In each /30 of the peering the customer's router takes the first "
    "usable address and Microsoft the second (.1/.2 of the primary, .5/.6 "
    "of the secondary): put the first on the sub-interface and point the "
    "BGP neighbor at the second. Swapped addresses never come up: ARP "
    "and the MSEE both refuse them.")
FINDING(CONFIG_SUBNET_MISMATCH, SEV_ERROR, LAYER_L2,
    "{path} path: interface {ifname} has {addr}, not the {prefix} of the "
    "peering",
    "The sub-interface toward the provider must be in the peering's /30 "
    "with a /30 mask, or it cannot reach Microsoft's address at all. Set "
    "the address to the first usable one of the path's prefix, mask "
    "255.255.255.252.")
FINDING(CONFIG_VLAN_MISMATCH, SEV_ERROR, LAYER_L2,
    "{path} path: interface {ifname} is tagged {got}, the peering's "
    "vlanId is {expect}",
    "The 802.1Q tag (the inner C-tag with QinQ) must be the peering's "
    "vlanId, or frames never reach the MSEE's sub-interface: ARP stays "
    "unanswered. Set encapsulation dot1Q (second-dot1q / vlan-tags inner "
    "for QinQ) to the vlanId.")
FINDING(CONFIG_REMOTE_AS_WRONG, SEV_ERROR, LAYER_BGP,
    "{path} path: neighbor {ip} remote-as {got}, Microsoft is AS {expect}",
    "The MSEE speaks AS 12076 (or the peering's azureASN): with another "
    "remote-as the OPEN is refused with Bad Peer AS. Set the neighbor's "
    "remote-as to it.")
FINDING(CONFIG_LOCAL_AS_WRONG, SEV_ERROR, LAYER_BGP,
    "{path} path: the router speaks AS {got} to {ip}, {why}",
    "The MSEE expects the peering's peerASN in the OPEN: make the router's "
    "AS (or the neighbor's local-as) the peerASN, or change the peerASN. "
    "ASNs 65515-65520 are reserved by Azure and cannot be used on "
    "premises.")
FINDING(CONFIG_MD5_MISSING, SEV_ERROR, LAYER_TCP,
    "{path} path: neighbor {ip} has no MD5 key, the peering sets a "
    "sharedKey",
    "The MSEE signs every segment and drops unsigned ones silently: "
    "configure the peering's sharedKey as the neighbor's password on both "
    "paths.")
FINDING(CONFIG_MD5_UNEXPECTED, SEV_ERROR, LAYER_TCP,
    "{path} path: neighbor {ip} has an MD5 key, the peering has no "
    "sharedKey",
    "Only one end signs: the MSEE ignores the option and the router drops "
    "its unsigned replies. Remove the neighbor's password, or set the same "
    "key as the peering's sharedKey.")
FINDING(CONFIG_TIMERS_AGGRESSIVE, SEV_WARNING, LAYER_BGP,
    "{path} path: neighbor {ip} keepalive/hold {ka}/{hold} s ({why})",
    "The MSEE uses 60/180 s and the lower hold time of the two wins: a "
    "short one drops the session on any brief loss. Keep 60/180 (or "
    "close) and detect failures with BFD instead.")
FINDING(CONFIG_NO_BFD, SEV_INFO, LAYER_BGP,
    "{path} path: neighbor {ip} has no BFD",
    "The MSEE runs BFD (300 ms x 3) on private peering: without it a "
    "path failure is noticed only at the hold time (180 s). Enable BFD on "
    "the neighbor (fall-over bfd, bfd-liveness-detection).")
FINDING(CONFIG_MAX_PREFIX_MISSING, SEV_WARNING, LAYER_BGP,
    "{path} path: neighbor {ip} has no maximum-prefix and no outbound "
    "filter (the SKU accepts {limit} prefixes)",
    "Nothing stops a redistribution mistake from sending more prefixes "
    "than the circuit accepts (4000 Standard, 10000 Premium), which makes "
    "the MSEE drop the session. Filter what is advertised to Azure and "
    "set a maximum-prefix on what is received.")
FINDING(CONFIG_SECONDARY_MISSING, SEV_ERROR, LAYER_BGP,
    "{path} path ({prefix}) has no BGP neighbor in the config",
    "ExpressRoute's SLA needs both paths: configure the second "
    "sub-interface and neighbor (on a second router, ideally) from the "
    "peering's other /30.")
FINDING(CONFIG_DEFAULT_ORIGINATE, SEV_WARNING, LAYER_ROUTING,
    "{path} path: neighbor {ip} {how}: a default route is advertised to "
    "Azure",
    "Azure then sends every VNet's Internet traffic on premises (forced "
    "tunnelling). If that is not intended, remove default-originate (or "
    "the 0.0.0.0/0 in the export policy).")
FINDING(CONFIG_MSS_NOT_CLAMPED, SEV_WARNING, LAYER_MTU,
    "{path} path: interface {ifname} MTU {mtu} without a TCP MSS clamp "
    "of {mss} or less",
    "With an IP MTU below 1500 TCP sessions across the path stall on "
    "large segments unless the MSS is clamped: set ip tcp adjust-mss to "
    "the MTU minus 40 (1360 is Microsoft's recommendation).")
FINDING(CONFIG_AF_NOT_ACTIVE, SEV_ERROR, LAYER_BGP,
    "{path} path: neighbor {ip} is not activated for IPv4 unicast",
    "The session comes up but exchanges no routes: activate the neighbor "
    "in address-family ipv4 unicast.")
FINDING(CONFIG_NEIGHBOR_SHUTDOWN, SEV_ERROR, LAYER_BGP,
    "{path} path: neighbor {ip} is shut down in the config",
    "The router will not open the session: remove the shutdown "
    "(disable, disabled) when the path is meant to be up.")
FINDING(CONFIG_LINE_UNCLEAR, SEV_WARNING, LAYER_EVIDENCE,
    "{file}:{line}: {what}",
    "The statement was recognised but not read: the check may miss what "
    "it sets. Look at the line; if it is valid for the router, report the "
    "syntax so erwatch learns it.")
FINDING(CONFIG_OK, SEV_INFO, LAYER_BGP,
    "{path} path: the config matches the circuit (neighbor {ip}, VLAN "
    "{vlan})",
    "Nothing to fix in this path's configuration.")

/* ---- NSG --------------------------------------------------------- */
FINDING(NSG_DENY, SEV_ERROR, LAYER_NSG,
    "{direction} {protocol} {local} {dir_arrow} {remote} denied by {nsg} "
    "rule {rule} (priority {priority})",
    "Add an allow rule with a lower priority number than the deny rule "
    "for this flow (TCP/179 to and from the peer for BGP tests), or narrow "
    "the deny rule.")
FINDING(NSG_ALLOW_BUT_NO_ROUTE, SEV_ERROR, LAYER_NSG,
    "NSGs allow {flow} but the next hop is None (route {prefix})",
    "IP flow verify ignores routing: the NSG allows this flow, yet the "
    "effective route drops it. Fix the route (see nexthop findings).")
FINDING(NSG_RULE_NOT_EVALUABLE, SEV_WARNING, LAYER_NSG,
    "{nsg} rule {rule}: {why}; it matches nothing in this evaluation",
    "The export does not say which addresses the rule covers, so the "
    "verdict may differ from Azure's. Export with 'az network nic "
    "list-effective-nsg' (it expands service tags and lists tagMap), or "
    "give the members: --tag VirtualNetwork=PREFIX,... (the VNet, peered "
    "VNets and the on-premises prefixes learned over ExpressRoute) or "
    "--asg NAME=IP,...")

/* ---- ROUTING ----------------------------------------------------- */
FINDING(ROUTE_NONE, SEV_ERROR, LAYER_ROUTING,
    "traffic to {dst} is dropped: route {prefix} ({source}) has next hop "
    "None",
    "Remove or correct the route that sends this destination to None (a "
    "UDR with next hop None, or a system route for a private range that "
    "no BGP route covers because the circuit learns nothing).")
FINDING(ROUTE_DEFAULT_VIA_GATEWAY, SEV_WARNING, LAYER_ROUTING,
    "0.0.0.0/0 learned through the gateway replaces the Internet route "
    "(next hop {next_hop})",
    "Internet-bound traffic is forced on-premises. Stop advertising the "
    "default route over ExpressRoute, or set disableBgpRoutePropagation on "
    "subnets that need direct Internet access and add a UDR.")
FINDING(ROUTE_VIA_APPLIANCE, SEV_INFO, LAYER_ROUTING,
    "traffic to {dst} goes to the virtual appliance {ip} (route {prefix})",
    "Make sure the appliance forwards this traffic and has a return path.")
FINDING(ROUTE_APPLIANCE_UNKNOWN, SEV_ERROR, LAYER_ROUTING,
    "next hop {ip} for {dst} {what}",
    "A VirtualAppliance next hop must be the private IP of a NIC with IP "
    "forwarding enabled (or an internal load balancer frontend). Correct "
    "the route's nextHopIpAddress or enable IP forwarding on the NIC.")
FINDING(ROUTE_BGP_OVERRIDDEN, SEV_INFO, LAYER_ROUTING,
    "user route {name} overrides the gateway route {prefix}",
    "A UDR with the same prefix wins over the route learned from "
    "ExpressRoute; the BGP route is Invalid. Remove the UDR if traffic "
    "should follow the circuit.")
FINDING(ROUTE_UNEXPECTED_NEXT_HOP, SEV_ERROR, LAYER_ROUTING,
    "next hop for {dst} is {got}, expected {expect}",
    "The effective route is not the expected one; follow the winning route "
    "back to its source (User route, BGP, system).")

/* ---- MONITOR: the connection monitor's history (monitor report) --- */
FINDING(MONITOR_OUTAGE, SEV_ERROR, LAYER_MONITOR,
    "{endpoint} failing from {from} to {to} ({duration}, {failed} failed "
    "checks, {status}), or failing since {from}, not recovered",
    "The monitor's probes of the endpoint failed for the whole interval. "
    "Set the interval against the BGP session's drops and the cloud's "
    "BgpAvailability/ArpAvailability (erwatch diagnose does, with the "
    "database in the evidence folder); an interval still open means the "
    "endpoint is down now: run erwatch probe against it and check ARP, "
    "TCP/179 filtering and the router's neighbor state.")
FINDING(MONITOR_FLAPPING, SEV_WARNING, LAYER_MONITOR,
    "{endpoint} changed state {n} times within {window} ({from} to {to})",
    "The endpoint goes down and up again repeatedly: look for a link with "
    "errors (optics, the provider's cross-connect), hold-time expiries in "
    "the router's log, or BFD timers too tight for the path; a flapping "
    "session is also damped by some providers.")
FINDING(MONITOR_CLOUD_BGP_DOWN, SEV_ERROR, LAYER_MONITOR,
    "Azure Monitor's BgpAvailability of {peer} ({path}) was below 100% from "
    "{from} to {to} ({duration}, lowest {min}%)",
    "The Microsoft edge itself saw the BGP session down on this path: the "
    "problem is the session (or the link under it), not the agent's view. "
    "Set the interval against the router's log and the circuit's ARP "
    "availability; a planned maintenance shows in the circuit's Service "
    "Health notifications.")
FINDING(MONITOR_CLOUD_ARP_DOWN, SEV_ERROR, LAYER_MONITOR,
    "Azure Monitor's ArpAvailability of {peer} ({path}) was below 100% from "
    "{from} to {to} ({duration}, lowest {min}%)",
    "The Microsoft edge could not resolve the on-premises address on this "
    "path: layer 2 toward it was down. Check the interface toward the "
    "provider and the provider's cross-connect for the interval, and the "
    "VLAN tag if it never recovered.")
FINDING(MONITOR_AGENT_ONLY_OUTAGE, SEV_WARNING, LAYER_MONITOR,
    "{endpoint} failed from {from} to {to} while Azure Monitor saw "
    "BgpAvailability of {peer} at 100%: the problem is between the agent "
    "and the edge",
    "The cloud kept the BGP session up while the agent's probes failed, so "
    "the session itself was fine: look at the path from the monitoring host "
    "to the peer (a firewall or ACL in front of TCP/179, the host's own "
    "route or interface, the router's control-plane policing of probes) "
    "before touching BGP.")
FINDING(MONITOR_SESSION_DOWN_BOTH, SEV_ERROR, LAYER_MONITOR,
    "{endpoint} failed from {from} to {to} and Azure Monitor's "
    "BgpAvailability of {peer} was below 100% from {cfrom} to {cto}: the "
    "session itself was down",
    "The agent and the Microsoft edge both saw the session down at the "
    "same time: the BGP session (or the link under it) failed, not the "
    "monitoring path. Read the router's log and any capture of the interval "
    "for the reason (hold timer expiry, a NOTIFICATION, the link).")
FINDING(MONITOR_OUTAGE_AT_DROP, SEV_ERROR, LAYER_MONITOR,
    "{endpoint}'s outage from {from} to {to} covers session {peer}'s drop at "
    "{time} ({source}, {code})",
    "The monitor's outage and the session drop seen in other evidence are "
    "the same event: the drop is what made the endpoint unavailable. The "
    "drop's own finding tells why the session went down; fix that.")

/* ---- EVIDENCE ---------------------------------------------------- */
FINDING(EVIDENCE_MISSING, SEV_INFO, LAYER_EVIDENCE,
    "{what} not checked: no {evidence} given",
    "Collect the missing evidence with the command shown and run again.")
FINDING(AZ_EXPORT_INCOMPLETE, SEV_WARNING, LAYER_EVIDENCE,
    "{file}: {what}",
    "The export says it holds only part of the answer (a nextLink, a "
    "Resource Graph skip token or truncation), so the verdict is built on "
    "part of the data. Fetch every page (az rest on each nextLink, az graph "
    "query --skip-token) and give the merged export, or use the az command "
    "that pages for you.")
FINDING(AZ_ENTRY_SKIPPED, SEV_WARNING, LAYER_EVIDENCE,
    "{file}: {what}",
    "Part of an export was not read (a duplicate, a value that cannot be "
    "parsed, a resource of another kind or beyond a limit); the verdict "
    "does not include it. Check the entry at the JSON pointer shown and "
    "export it in a form erwatch reads (docs/flow.md, docs/nexthop.md, "
    "docs/circuit.md list the accepted shapes).")
FINDING(EVIDENCE_UNRECOGNISED, SEV_INFO, LAYER_EVIDENCE,
    "{file}: not used: {reason}",
    "erwatch recognises files by content: captures (pcap, pcapng and what "
    "Wireshark reads), az CLI and PowerShell JSON exports, router show "
    "outputs, logs and configs, commands.txt and context.json. Re-export "
    "the file in one of those forms (erwatch diagnose --init writes a README "
    "with the commands) or remove it from the folder.")
FINDING(EVIDENCE_PATH_UNKNOWN, SEV_WARNING, LAYER_EVIDENCE,
    "{file}: {table} of unknown path (primary or secondary): not used",
    "A circuit's ARP and route tables do not say which path they are from. "
    "Keep the commands.txt line that wrote the file beside it, name the "
    "path in the file name (arp-primary.json) or in context.json "
    "(\"files\": {\"name\": \"primary\"}).")
FINDING(CLOCK_OFFSET, SEV_INFO, LAYER_EVIDENCE,
    "{b}'s clock is {offset} {ahead_behind} {a}'s ({n} session events "
    "seen in both)",
    "The same session events appear in both with a constant shift: one "
    "clock is off (or a log's time zone is not the one assumed). diagnose "
    "compares times after removing the shift; set the zone in context.json "
    "(\"timezone\") or fix NTP on the device to line the evidence up.")
FINDING(SESSION_STATE_CONFLICT, SEV_WARNING, LAYER_EVIDENCE,
    "{a} has session {peer} {state_a} from {from} to {to}, {b} has it "
    "{state_b}",
    "Two pieces of evidence disagree on the state of one session at the "
    "same time: they may watch different devices or links (a capture on "
    "the other path, a router of another site), or one is stale. Check "
    "which device and interface each was taken on before trusting either.")

/* ---- capture storage: SAS URLs (erwatch sas) ---------------------- */
FINDING(SAS_ACCOUNT_SAS, SEV_WARNING, LAYER_EVIDENCE,
    "an account SAS (services {ss}, resource types {srt}): it opens the "
    "whole storage account",
    "Give Network Watcher a service SAS on the one container that receives "
    "the captures (sr=c): az storage container generate-sas --name "
    "CONTAINER --permissions w --expiry ... --https-only.")
FINDING(SAS_SCOPE_NOT_CONTAINER, SEV_WARNING, LAYER_EVIDENCE,
    "the SAS is scoped to {scope}, not to a container",
    "A packet capture writes one blob per capture into a container: sign "
    "the SAS for the container (sr=c), not for one blob, a share or the "
    "account.")
FINDING(SAS_NO_WRITE, SEV_ERROR, LAYER_EVIDENCE,
    "the SAS does not allow writing (permissions {sp})",
    "The capture cannot be uploaded: sign it with write permission (w; c "
    "to create blobs is fine).")
FINDING(SAS_PERMISSIONS_EXCESS, SEV_WARNING, LAYER_EVIDENCE,
    "the SAS allows more than writing: {extra}",
    "Least privilege: a capture only writes. Leave out read (unless you "
    "ask for it with --allow-read), list, delete, add and the rest; a "
    "leaked SAS then cannot read or destroy earlier captures.")
FINDING(SAS_EXPIRED, SEV_ERROR, LAYER_EVIDENCE,
    "the SAS expired at {se} ({ago} ago)",
    "Generate a new SAS with a short expiry (hours, covering the capture "
    "and its upload) and start the capture with it.")
FINDING(SAS_EXPIRY_TOO_LONG, SEV_WARNING, LAYER_EVIDENCE,
    "the SAS is valid until {se}, {hours} h from now (more than {max} h)",
    "A long-lived SAS is a standing credential: sign it for the hours the "
    "capture needs (--max-hours sets what erwatch accepts).")
FINDING(SAS_NO_EXPIRY, SEV_ERROR, LAYER_EVIDENCE,
    "the SAS has no expiry (se) and no stored access policy (si)",
    "Storage refuses such a SAS: sign it with an expiry time.")
FINDING(SAS_START_IN_FUTURE, SEV_ERROR, LAYER_EVIDENCE,
    "the SAS starts at {st}, {in} from now",
    "Until then storage refuses the upload. Leave st out (valid at once) or "
    "set it a few minutes in the past to allow for clock skew.")
FINDING(SAS_TIME_UNREADABLE, SEV_ERROR, LAYER_EVIDENCE,
    "the SAS's {which} time is not an ISO 8601 time",
    "Storage refuses the SAS. Generate it again (az storage container "
    "generate-sas writes the times correctly).")
FINDING(SAS_HTTP_ALLOWED, SEV_WARNING, LAYER_EVIDENCE,
    "the SAS {how}",
    "Sign it for HTTPS only (spr=https, --https-only) and use an https:// "
    "URL: over HTTP the signature travels in clear.")
FINDING(SAS_NO_SIGNATURE, SEV_ERROR, LAYER_EVIDENCE,
    "the SAS URL has no signature (sig)",
    "The URL was cut when pasted, or the signature was removed: copy the "
    "whole SAS URL again.")
FINDING(SAS_VERSION_UNUSUAL, SEV_WARNING, LAYER_EVIDENCE,
    "signed version {sv}: {why}",
    "Generate the SAS again with current tools (az CLI, the portal); they "
    "sign with a current service version.")
FINDING(SAS_NOT_BLOB, SEV_WARNING, LAYER_EVIDENCE,
    "the SAS is for the {service} service, not blob storage",
    "Packet captures are written to blob storage: sign a SAS for a blob "
    "container (https://ACCOUNT.blob.core.windows.net/CONTAINER?...).")
FINDING(SAS_OK, SEV_INFO, LAYER_EVIDENCE,
    "container SAS for {account}/{container}: {sp}, https only, valid for "
    "{hours} h",
    "Nothing to change: the SAS follows the practice for capture "
    "storage.")

/* ---- capture prerequisites: Network Watcher (erwatch preflight) -- */
FINDING(PREREQ_WATCHER_MISSING, SEV_ERROR, LAYER_EVIDENCE,
    "no Network Watcher in {region}, the region of VM {vm} ({n} watchers "
    "listed)",
    "Packet capture and connection monitor run through the Network Watcher "
    "of the VM's region: az network watcher configure --locations REGION "
    "--enabled true -g NetworkWatcherRG")
FINDING(PREREQ_WATCHER_NOT_PROVISIONED, SEV_ERROR, LAYER_EVIDENCE,
    "Network Watcher {name} in {region} is {state}, not Succeeded",
    "The watcher exists but is not usable. Enable it again: az network "
    "watcher configure --locations REGION --enabled true -g "
    "NetworkWatcherRG (and if it stays Failed, delete it and configure "
    "again).")
FINDING(PREREQ_AGENT_MISSING, SEV_ERROR, LAYER_EVIDENCE,
    "VM {vm} has no Network Watcher agent extension ({n} extensions "
    "listed)",
    "A capture needs the agent on the VM: az vm extension set --publisher "
    "Microsoft.Azure.NetworkWatcher --name NetworkWatcherAgentLinux "
    "(NetworkWatcherAgentWindows on Windows) --vm-name VM -g RG")
FINDING(PREREQ_AGENT_FAILED, SEV_ERROR, LAYER_EVIDENCE,
    "the Network Watcher agent {ext} on VM {vm} is {state}",
    "Install the agent again: az vm extension set --publisher "
    "Microsoft.Azure.NetworkWatcher --name NetworkWatcherAgentLinux "
    "--vm-name VM -g RG --force-update (a VM agent that is not running, "
    "or no outbound access to Azure, keeps it failing).")
FINDING(PREREQ_STORAGE_REGION, SEV_ERROR, LAYER_EVIDENCE,
    "storage account {storage} is in {region}, VM {vm} in {vm_region}",
    "A capture is written to a storage account of the VM's region: az "
    "storage account create -n NAME -g RG -l VM_REGION --sku Standard_LRS "
    "--kind StorageV2 --https-only true --min-tls-version TLS1_2")
FINDING(PREREQ_STORAGE_SHARED_KEY, SEV_ERROR, LAYER_EVIDENCE,
    "storage account {storage} denies shared key access "
    "(allowSharedKeyAccess false)",
    "Network Watcher writes the capture with a shared key or a SAS signed "
    "by one; with shared keys off the upload fails: az storage account "
    "update --allow-shared-key-access true -n NAME -g RG")
FINDING(PREREQ_STORAGE_HTTP, SEV_WARNING, LAYER_EVIDENCE,
    "storage account {storage} accepts HTTP (supportsHttpsTrafficOnly "
    "false)",
    "The capture and its SAS travel in clear over HTTP: az storage account "
    "update --https-only true -n NAME -g RG")
FINDING(PREREQ_STORAGE_TLS, SEV_WARNING, LAYER_EVIDENCE,
    "storage account {storage} accepts {tls}, older than TLS 1.2",
    "Require TLS 1.2: az storage account update --min-tls-version TLS1_2 "
    "-n NAME -g RG")
FINDING(PREREQ_STORAGE_NETWORK_DENY, SEV_ERROR, LAYER_EVIDENCE,
    "storage account {storage} {how}: VM {vm}'s subnet {subnet} is not "
    "allowed and no private endpoint is approved",
    "The upload from the VM is refused by the account's firewall. Allow "
    "the VM's subnet (it needs the Microsoft.Storage service endpoint): az "
    "network vnet subnet update --ids SUBNET_ID --service-endpoints "
    "Microsoft.Storage, then az storage account network-rule add -g RG "
    "--account-name NAME --subnet SUBNET_ID; or give the account a private "
    "endpoint in the VM's VNet.")
FINDING(PREREQ_STORAGE_NSG_DENY, SEV_ERROR, LAYER_NSG,
    "{nsg} rule {rule} denies {flow} (VM {vm} to storage {storage}, "
    "{tag})",
    "The VM cannot upload the capture: allow HTTPS to storage before the "
    "denying rule: az network nsg rule create -g RG --nsg-name NSG -n "
    "allow-storage-443 --priority N --direction Outbound --access Allow "
    "--protocol Tcp --destination-address-prefixes Storage.REGION "
    "--destination-port-ranges 443")
FINDING(PREREQ_STORAGE_NO_ROUTE, SEV_ERROR, LAYER_ROUTING,
    "VM {vm}: traffic to storage {storage} at {ip} has next hop None "
    "({route})",
    "The upload is dropped by the VM's routing: remove the route with next "
    "hop None for the storage addresses (az network route-table route "
    "delete -g RG --route-table-name TABLE -n ROUTE), or route them to the "
    "Internet or through a firewall that allows HTTPS to Storage.REGION.")
FINDING(PREREQ_STORAGE_ROUTE_DETOUR, SEV_WARNING, LAYER_ROUTING,
    "VM {vm}: traffic to storage {storage} at {ip} goes to {next_hop} "
    "({route})",
    "The upload leaves through an appliance or the gateway (forced "
    "tunnelling to on-premises): that path must allow HTTPS to "
    "Storage.REGION, or add a route for the Storage.REGION tag with next "
    "hop Internet: az network route-table route create -g RG "
    "--route-table-name TABLE -n storage --address-prefix Storage.REGION "
    "--next-hop-type Internet")
FINDING(PREREQ_SAS_OTHER_ACCOUNT, SEV_WARNING, LAYER_EVIDENCE,
    "the SAS in {file} is for storage account {account}, the folder's "
    "account is {storage}",
    "The capture would go to another account than the one checked: sign "
    "the SAS on the account in the VM's region (az storage container "
    "generate-sas --account-name NAME ...), or export that account.")
FINDING(PREREQ_NOT_JUDGED, SEV_WARNING, LAYER_EVIDENCE,
    "not checked: {check}, for want of {what}",
    "Export what is missing into the folder with the command given and "
    "run erwatch preflight again; until then this prerequisite is not "
    "known to hold.")
FINDING(PREREQ_OK, SEV_INFO, LAYER_EVIDENCE,
    "capture prerequisites hold for {n} VMs: Network Watcher, agent, "
    "storage {storage} ({checks})",
    "Nothing to change: Network Watcher can capture on these VMs and "
    "upload to the storage account.")
