/*
 * The JSON rendering of a report document (jansson).  Each node appears
 * under its own key, in the order it was added, so that a command's
 * document reproduces its shape of docs/json-output.md member for member;
 * nodes without a key are text and HTML only.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_doc_int.h"

static json_t	*node_json(const struct report_node *);
static void	 members_json(json_t *obj, const struct report_node *sec);

json_t *
report_json_str(const char *s)
{
	const unsigned char *p;
	struct sb sb;
	json_t *j;
	size_t n;

	if ((j = json_string(s)) != NULL || s == NULL)
		return j;
	sb_init(&sb);
	for (p = (const unsigned char *)s; *p != '\0'; p += n) {
		if ((n = report_utf8_len(p)) == 0) {
			sb_add(&sb, "\xef\xbf\xbd");	/* U+FFFD */
			n = 1;
		} else
			sb_addn(&sb, (const char *)p, n);
	}
	j = sb.failed ? NULL : json_string(sb_str(&sb));
	sb_release(&sb);
	return j;
}

static json_t *
val_json(const struct report_val *v)
{
	char buf[40];

	switch (v->type) {
	case REPORT_TEXT:
	case REPORT_ADDR:
		return report_json_str(v->s);
	case REPORT_INT:
	case REPORT_DURATION:
		return json_integer((json_int_t)v->i);
	case REPORT_REAL:
		return json_real(v->r);
	case REPORT_BOOL:
		return json_boolean(v->i != 0);
	case REPORT_TIME:
		return json_string(time_iso(v->t, buf, sizeof(buf)));
	case REPORT_NODE:
		return node_json(v->node);
	default:
		return json_null();
	}
}

static json_t *
table_json(const struct report_node *t)
{
	const struct report_row *r;
	json_t *a = json_array(), *o;
	int c;

	for (r = t->r_first; a != NULL && r != NULL; r = r->next) {
		o = json_object();
		for (c = 0; o != NULL && c < t->ncols; c++)
			if (t->cols[c].key != NULL && !r->cells[c].absent)
				json_object_set_new(o, t->cols[c].key,
				    val_json(&r->cells[c]));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
list_json(const struct report_node *n)
{
	const struct report_line *l;
	json_t *a = json_array();

	for (l = n->l_first; a != NULL && l != NULL; l = l->next)
		json_array_append_new(a, l->is_int ? json_integer(
		    (json_int_t)strtoll(l->s, NULL, 10)) :
		    report_json_str(l->s));
	return a;
}

static json_t *
codes_json(const struct report_code *c)
{
	json_t *a = json_array();

	for (; a != NULL && c != NULL; c = c->next)
		json_array_append_new(a, report_json_str(c->code));
	return a;
}

static json_t *
timeline_json(const struct report_node *n)
{
	const struct report_lane *l;
	const struct report_item *it;
	json_t *o, *lanes, *lo, *ivs, *mks, *x;
	char b1[40], b2[40];

	if ((o = json_object()) == NULL)
		return NULL;
	json_object_set_new(o, "start", json_string(time_iso(n->start, b1,
	    sizeof(b1))));
	json_object_set_new(o, "end", json_string(time_iso(n->end, b2,
	    sizeof(b2))));
	lanes = json_array();
	for (l = n->lane_first; l != NULL; l = l->next) {
		lo = json_object();
		json_object_set_new(lo, "label", report_json_str(l->label));
		json_object_set_new(lo, "kind", report_json_str(l->kind));
		json_object_set_new(lo, "hold_time", l->hold_s > 0 ?
		    json_integer(l->hold_s) : json_null());
		ivs = json_array();
		mks = json_array();
		for (it = l->first; it != NULL; it = it->next) {
			x = json_object();
			if (it->is_mark) {
				json_object_set_new(x, "time", json_string(
				    time_iso(it->start, b1, sizeof(b1))));
				json_object_set_new(x, "kind", json_string(
				    report_mark_kind_name(
				    (enum report_mark_kind)it->kind)));
				if (it->count > 0) {
					json_object_set_new(x, "end",
					    json_string(time_iso(it->end, b2,
					    sizeof(b2))));
					json_object_set_new(x, "count",
					    json_integer((json_int_t)
					    it->count));
				}
			} else {
				json_object_set_new(x, "start", json_string(
				    time_iso(it->start, b1, sizeof(b1))));
				json_object_set_new(x, "end", json_string(
				    time_iso(it->end, b2, sizeof(b2))));
				json_object_set_new(x, "kind", json_string(
				    report_iv_kind_name(
				    (enum report_iv_kind)it->kind)));
			}
			json_object_set_new(x, "label", it->label != NULL ?
			    report_json_str(it->label) : json_null());
			json_array_append_new(it->is_mark ? mks : ivs, x);
		}
		json_object_set_new(lo, "intervals", ivs);
		json_object_set_new(lo, "marks", mks);
		json_array_append_new(lanes, lo);
	}
	json_object_set_new(o, "lanes", lanes);
	return o;
}

static json_t *
layers_json(const struct report_node *n)
{
	const struct report_layer *y;
	json_t *a = json_array();

	for (y = n->ly_first; a != NULL && y != NULL; y = y->next)
		json_array_append_new(a, json_pack("{s:o,s:s,s:o}", "layer",
		    report_json_str(y->name), "state",
		    report_state_name(y->state), "summary",
		    report_json_str(y->summary)));
	return a;
}

static json_t *
hyps_json(const struct report_node *n)
{
	const struct report_hyp *h;
	json_t *a = json_array(), *o;

	for (h = n->h_first; a != NULL && h != NULL; h = h->next) {
		if ((o = json_object()) == NULL)
			break;
		json_object_set_new(o, "cause", report_json_str(h->cause));
		if (h->has_fault)
			json_object_set_new(o, "fault", json_boolean(h->fault));
		json_object_set_new(o, "confidence", json_real(h->confidence));
		json_object_set_new(o, "summary", report_json_str(h->summary));
		json_object_set_new(o, "supporting", codes_json(h->sup_first));
		json_object_set_new(o, "contradicting",
		    codes_json(h->con_first));
		json_object_set_new(o, "remedy", report_json_str(h->remedy));
		if (h->has_subject)
			json_object_set_new(o, "subject",
			    report_subject_json(&h->subject));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
cmds_json(const struct report_node *n)
{
	const struct report_cmd *c;
	json_t *a = json_array();

	for (c = n->c_first; a != NULL && c != NULL; c = c->next)
		json_array_append_new(a, json_pack("{s:o,s:o,s:o}", "layer",
		    report_json_str(c->layer), "why", report_json_str(c->why),
		    "command", report_json_str(c->command)));
	return a;
}

/* The JSON value of a node that stands under a key of its own. */
static json_t *
node_json(const struct report_node *n)
{
	json_t *o;

	switch (n->kind) {
	case RN_SECTION:
		if (n->flags & REPORT_JSON_NULL)
			return json_null();
		if ((o = json_object()) != NULL)
			members_json(o, n);
		return o;
	case RN_FIELDS:
		if ((o = json_object()) != NULL)
			members_json(o, n);
		return o;
	case RN_TABLE:
		return table_json(n);
	case RN_LIST:
	case RN_CODE:
		return list_json(n);
	case RN_FINDINGS:
		return report_findings_json(n->findings,
		    report_node_epoch(n));
	case RN_VERDICT:
		return json_pack("{s:s,s:o}", "state",
		    report_state_name(n->state), "summary",
		    report_json_str(n->summary));
	case RN_TIMELINE:
		return timeline_json(n);
	case RN_LAYERS:
		return layers_json(n);
	case RN_HYPOTHESES:
		return hyps_json(n);
	case RN_COMMANDS:
		return cmds_json(n);
	case RN_CHART:
		break;	/* a picture of values the tables hold */
	}
	return json_null();
}

/* The members a node contributes to the object obj: a fields node its
 * keyed fields, a section without key its children's, any other node
 * itself under its key. */
static void
member_json(json_t *obj, const struct report_node *n)
{
	const struct report_field *f;

	if (n->flags & REPORT_NO_JSON)
		return;
	if (n->kind == RN_FIELDS) {
		for (f = n->f_first; f != NULL; f = f->next)
			if (f->key != NULL && !f->v.absent)
				json_object_set_new(obj, f->key,
				    val_json(&f->v));
		return;
	}
	if (n->key == NULL) {
		if (n->kind == RN_SECTION)
			members_json(obj, n);
		return;
	}
	json_object_set_new(obj, n->key, node_json(n));
}

static void
members_json(json_t *obj, const struct report_node *sec)
{
	const struct report_node *c;

	if (sec->kind == RN_FIELDS) {
		member_json(obj, sec);
		return;
	}
	for (c = sec->first; c != NULL; c = c->next)
		member_json(obj, c);
}

json_t *
report_doc_json(const struct report_doc *d)
{
	uint64_t f0 = erw_alloc_failures();
	json_t *root;

	if (d == NULL || d->nomem || (root = json_object()) == NULL)
		return NULL;
	members_json(root, d->root);
	return report_json_done(root, f0);
}
