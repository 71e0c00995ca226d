/*
 * Findings for `erwatch flow`: an NSG verdict becomes NSG_DENY with the
 * deciding rule and its place in the export as evidence; an allowed flow
 * is checked against the effective routes when they are given, because
 * Network Watcher's IP flow verify looks at NSGs only and a UDR black
 * hole still reports Allow (azure-formats.md 6.2, IPFV).
 */
#include <stdio.h>
#include <string.h>

#include "diag_flow.h"
#include "diag_nexthop.h"

static const char *
endpoint(const struct net_addr *a, uint32_t port, char *buf, size_t len)
{
	char ip[NET_ADDR_STRLEN];

	net_addr_str(a, ip);
	if (port == NSG_PORT_NONE)
		snprintf(buf, len, "%s", ip);
	else if (a->family == NET_AF_INET6)
		snprintf(buf, len, "[%s]:%u", ip, (unsigned)port);
	else
		snprintf(buf, len, "%s:%u", ip, (unsigned)port);
	return buf;
}

const char *
diag_flow_str(const struct nsg_flow *f, char *buf, size_t len)
{
	char l[NET_ADDR_STRLEN + 10], r[NET_ADDR_STRLEN + 10];

	endpoint(&f->local, f->lport, l, sizeof(l));
	endpoint(&f->remote, f->rport, r, sizeof(r));
	snprintf(buf, len, "%s %s %s %s %s", nsg_dir_name(f->dir),
	    nsg_proto_name(f->proto), l, f->dir == NSG_OUT ? "->" : "<-", r);
	return buf;
}

/*
 * The flow as a subject: this side (the NIC's address) local, the other
 * end peer, as the flow names them; ports only when the protocol has
 * them.
 */
static void
flow_subject(const struct nsg_flow *f, struct finding_subject *s)
{
	memset(s, 0, sizeof(*s));
	s->local = f->local;
	s->peer = f->remote;
	if (f->lport != NSG_PORT_NONE && f->lport <= 65535)
		s->local_port = (uint16_t)f->lport;
	if (f->rport != NSG_PORT_NONE && f->rport <= 65535)
		s->peer_port = (uint16_t)f->rport;
}

/* "NSG/securityRules/NAME": the rule as its ARM id ends (rule_name is
 * what test-ip-flow prints), so two NSGs' rules of one name stay apart. */
static void
subj_rule(struct finding *fd, const char *nsg, const char *rule)
{
	char name[sizeof(fd->subject.object) * 2];

	if (fd == NULL)
		return;
	snprintf(name, sizeof(name), "%s/%s", nsg, rule);
	finding_subj_object(fd, "rule", name);
}

int
diag_flow_judge(struct finding_list *fl, const struct nsg_flow *f,
    const struct nsg_verdict *v, const struct az_routes *routes,
    struct az_route_result *rr, struct err *e)
{
	struct finding *fd;
	struct az_route_result local;
	struct finding_subject subj;
	char flow[256], pfx[NET_PREFIX_STRLEN];
	unsigned i;

	if (rr == NULL)
		rr = &local;
	memset(rr, 0, sizeof(*rr));
	diag_flow_str(f, flow, sizeof(flow));
	flow_subject(f, &subj);
	if (v->access == NSG_DENY) {
		const struct nsg_rule *r = v->rule;

		if (r != NULL)
			fd = finding_add(fl, FC_NSG_DENY, "%s denied by %s "
			    "rule %s (priority %u)", flow, v->nsg->name,
			    r->rule_name, r->priority);
		else
			fd = finding_add(fl, FC_NSG_DENY, "%s denied by %s: "
			    "no rule matches", flow, v->nsg->name);
		if (fd == NULL)
			return err_isset(e) ? -1 : 0;
		finding_set_group(fd, flow);
		finding_set_subject(fd, &subj);
		if (r != NULL)
			subj_rule(fd, v->nsg->name, r->rule_name);
		else
			finding_subj_object(fd, "nsg", v->nsg->name);
		if (r != NULL && !r->synthesized) {
			char ptr[AZ_PTR_MAX + 8];

			/* The rule's name, as Network Watcher reports it. */
			snprintf(ptr, sizeof(ptr), "%s/name", r->ptr);
			finding_ev_json(fd, v->nsg->file, ptr);
		} else if (r != NULL)
			finding_ev_note(fd, v->nsg->file, "default rule %s, "
			    "absent from the export, added as Azure does",
			    r->rule_name);
		for (i = 0; i < v->nstages; i++) {
			const struct nsg_stage *st = &v->stage[i];

			finding_ev_note(fd, st->nsg->file, "stage %u: %s (%s) "
			    "%s by %s", i + 1, st->nsg->name,
			    nsg_level_name(st->nsg->level),
			    nsg_access_name(st->access), st->rule != NULL ?
			    st->rule->rule_name : "no matching rule");
		}
		return 0;
	}
	if (routes == NULL)
		return 0;
	if (az_routes_lookup(routes, &f->remote, rr) == -1)
		return ERR(e, ERR_RUNTIME, "route set not built");
	if (rr->winner != NULL &&
	    str_casecmp(rr->winner->next_hop_type, "None") != 0)
		return 0;
	if (rr->winner != NULL)
		net_prefix_str(&rr->winner->prefix, pfx);
	else
		str_copy(pfx, "no route", sizeof(pfx));
	fd = finding_add(fl, FC_NSG_ALLOW_BUT_NO_ROUTE, "NSGs allow %s but "
	    "the next hop is None (route %s)", flow, pfx);
	if (fd == NULL)
		return 0;
	finding_set_group(fd, flow);
	finding_set_subject(fd, &subj);
	/* what drops it is the route: its table and name for a UDR */
	if (rr->winner != NULL)
		diag_subj_route(fd, rr->winner);
	if (v->rule != NULL && !v->rule->synthesized)
		finding_ev_json(fd, v->nsg->file, v->rule->ptr);
	if (rr->winner != NULL && rr->winner->ptr[0] != '\0')
		finding_ev_json(fd, rr->winner->input, rr->winner->ptr);
	return 0;
}

void
diag_flow_warnings(struct finding_list *fl, const struct nsg_set *set)
{
	struct finding *fd;
	size_t i;

	for (i = 0; i < set->nwarn; i++) {
		const struct nsg_warning *w = &set->warn[i];

		if (w->rule[0] == '\0')
			continue;	/* not about a rule: cli prints it */
		fd = finding_add(fl, FC_NSG_RULE_NOT_EVALUABLE, "%s rule %s: "
		    "%s", w->nsg, w->rule, w->msg);
		if (fd == NULL)
			return;
		subj_rule(fd, w->nsg, w->rule);
		if (w->ptr[0] == '/')
			finding_ev_json(fd, w->file, w->ptr);
		else
			finding_ev_note(fd, w->file, "default rule %s, absent "
			    "from the export, added as Azure does", w->rule);
	}
}
