/*
 * mon_alert_drive: runs the monitor's alerter and metrics on a real loop
 * and store, from a script of commands, for test_monitor_alert.sh (the
 * same parts `monitor run` drives, without its probes, so that a test
 * chooses when an endpoint changes).
 *
 *   mon_alert_drive STORE CONFIG SCRIPT
 *
 * CONFIG is a JSON file whose "alerts" member goes to mon_alerts_new and
 * whose "metrics_listen" (optional) to mon_metrics_new.  SCRIPT lines:
 *   change NAME failing|healthy   a state change of endpoint NAME, its
 *                                 alerts queued in the same transaction
 *   result NAME ok RTT_US | result NAME fail
 *   wait_delivered N SECS         run the loop until N delivered (exit 1
 *                                 when SECS pass first)
 *   wait_failed N SECS            until N attempts failed
 *   wait_file PATH SECS           until PATH exists
 *   port PATH                     write the metrics port to PATH
 *   touch PATH                    create PATH (tells the test a step is done)
 *   stats                         print "pending P delivered D failed F"
 * At the end: drain (2 s) and free everything.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "monitor/mon_alert.h"

struct drive {
	struct mon_loop		*loop;
	struct mon_store	*store;
	struct mon_alerts	*alerts;
	struct mon_metrics	*metrics;
	const char		*what;		/* delivered, failed, file */
	uint64_t		 n;
	const char		*path;
	bool			 met;
};

static void
check(struct mon_loop *l, void *arg)
{
	struct drive *d = arg;
	struct mon_alert_stats st;
	struct err e;

	mon_alerts_stats(d->alerts, &st);
	if ((strcmp(d->what, "delivered") == 0 && st.delivered >= d->n) ||
	    (strcmp(d->what, "failed") == 0 && st.failed >= d->n) ||
	    (strcmp(d->what, "file") == 0 && access(d->path, F_OK) == 0)) {
		d->met = true;
		mon_loop_stop(l);
		return;
	}
	err_clear(&e);
	mon_loop_add_timer(l, time_mono_usec() + 20000, check, d, &e);
}

static void
deadline(struct mon_loop *l, void *arg)
{
	(void)arg;
	mon_loop_stop(l);
}

static int
wait_for(struct drive *d, double secs)
{
	struct err e;
	uint64_t t;

	err_clear(&e);
	d->met = false;
	t = mon_loop_add_timer(d->loop, time_mono_usec() +
	    (usec_t)(secs * USEC_PER_SEC), deadline, d, &e);
	mon_loop_add_timer(d->loop, time_mono_usec(), check, d, &e);
	while (!d->met) {
		mon_loop_run(d->loop, &e);
		if (!d->met)
			break;
	}
	mon_loop_cancel_timer(d->loop, t);
	return d->met ? 0 : -1;
}

static struct mon_endpoint *
endpoint(struct drive *d, const char *name, struct err *e)
{
	static struct mon_endpoint eps[16];
	static size_t n;
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(eps[i].name, name) == 0)
			return &eps[i];
	if (n == 16)
		return NULL;
	memset(&eps[n], 0, sizeof(eps[n]));
	eps[n].kind = MON_KIND_TCP;
	str_copy(eps[n].agent, "test-agent", sizeof(eps[n].agent));
	str_copy(eps[n].group, "g1", sizeof(eps[n].group));
	str_copy(eps[n].name, name, sizeof(eps[n].name));
	str_copy(eps[n].address, "127.0.0.1", sizeof(eps[n].address));
	if (mon_store_endpoint(d->store, &eps[n], e) == -1)
		return NULL;
	if (d->metrics != NULL)
		mon_metrics_endpoint(d->metrics, &eps[n]);
	return &eps[n++];
}

static int
change(struct drive *d, struct mon_endpoint *ep, const char *to,
    struct err *e)
{
	struct mon_state_change sc;

	memset(&sc, 0, sizeof(sc));
	sc.ep = ep;
	sc.ts = time_now_usec();
	sc.to = strcmp(to, "failing") == 0 ? MON_HEALTH_FAILING :
	    MON_HEALTH_HEALTHY;
	if (mon_store_last_health(d->store, ep->id, &sc.from, e) == -1)
		return -1;
	sc.checks = 3;
	sc.failed = sc.to == MON_HEALTH_FAILING ? 3 : 0;
	sc.rtt_avg_us = sc.to == MON_HEALTH_FAILING ? -1 : 1200;
	str_copy(sc.reason, sc.to == MON_HEALTH_FAILING ? "refused" : "",
	    sizeof(sc.reason));
	if (mon_store_begin(d->store, e) == -1)
		return -1;
	if (mon_store_state_change(d->store, &sc, e) == -1 ||
	    mon_alerts_on_change(d->alerts, &sc, e) == -1 ||
	    mon_store_commit(d->store, e) == -1) {
		mon_store_rollback(d->store);
		return -1;
	}
	if (d->metrics != NULL)
		mon_metrics_health(d->metrics, ep, sc.to);
	mon_alerts_kick(d->alerts);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct drive d = { 0 };
	json_error_t je;
	json_t *cfg;
	struct err e;
	char line[512], a1[256], a2[256], a3[64], msg[300];
	long long a4;
	const char *listen;
	FILE *sp;
	int rc = 0;

	err_clear(&e);
	if (argc != 4) {
		fprintf(stderr, "usage: mon_alert_drive STORE CONFIG SCRIPT\n");
		return 2;
	}
	if ((cfg = json_load_file(argv[2], 0, &je)) == NULL) {
		fprintf(stderr, "%s:%d: %s\n", argv[2], je.line, je.text);
		return 2;
	}
	if (mon_loop_new(&d.loop, &e) == -1 ||
	    mon_store_open(argv[1], &d.store, &e) == -1)
		goto fail;
	listen = json_string_value(json_object_get(cfg, "metrics_listen"));
	if (listen != NULL && mon_metrics_new(d.loop, listen, &d.metrics,
	    &e) == -1)
		goto fail;
	if (mon_alerts_new(d.loop, d.store, json_object_get(cfg, "alerts"),
	    argv[2], &d.alerts, &e) == -1)
		goto fail;
	if (d.metrics != NULL)
		mon_alerts_set_metrics(d.alerts, d.metrics);
	if ((sp = fopen(argv[3], "r")) == NULL) {
		perror(argv[3]);
		rc = 2;
		goto out;
	}
	while (fgets(line, sizeof(line), sp) != NULL) {
		struct mon_alert_stats st;
		int n = sscanf(line, "%255s %255s %63s %lld", a1, a2, a3,
		    &a4);

		if (n < 1 || a1[0] == '#')
			continue;
		if (strcmp(a1, "change") == 0 && n == 3) {
			struct mon_endpoint *ep = endpoint(&d, a2, &e);

			if (ep == NULL || change(&d, ep, a3, &e) == -1)
				break;
		} else if (strcmp(a1, "result") == 0 && n >= 3) {
			struct mon_endpoint *ep = endpoint(&d, a2, &e);
			struct mon_result r = { 0 };

			if (ep == NULL)
				break;
			r.endpoint_id = ep->id;
			r.ts = time_now_usec();
			r.ok = strcmp(a3, "ok") == 0;
			r.rtt_us = r.ok && n == 4 ? a4 : -1;
			if (d.metrics != NULL)
				mon_metrics_result(d.metrics, ep, &r);
		} else if (strncmp(a1, "wait_", 5) == 0 && n == 3) {
			d.what = a1 + 5;
			d.n = strtoull(a2, NULL, 10);
			d.path = a2;
			if (wait_for(&d, atof(a3)) == -1) {
				mon_alerts_stats(d.alerts, &st);
				fprintf(stderr, "mon_alert_drive: timed out: %s"
				    "(delivered %llu failed %llu) last error "
				    "'%s'\n", line,
				    (unsigned long long)st.delivered,
				    (unsigned long long)st.failed,
				    mon_alerts_last_error(d.alerts, msg,
				    sizeof(msg)));
				rc = 1;
				break;
			}
		} else if (strcmp(a1, "port") == 0 && n == 2 &&
		    d.metrics != NULL) {
			FILE *pf = fopen(a2, "w");

			if (pf == NULL)
				break;
			fprintf(pf, "%u\n", mon_metrics_port(d.metrics));
			fclose(pf);
		} else if (strcmp(a1, "touch") == 0 && n == 2) {
			FILE *tf = fopen(a2, "w");

			if (tf == NULL)
				break;
			fputs("1\n", tf);
			fclose(tf);
		} else if (strcmp(a1, "stats") == 0) {
			mon_alerts_stats(d.alerts, &st);
			printf("pending %llu delivered %llu failed %llu\n",
			    (unsigned long long)st.pending,
			    (unsigned long long)st.delivered,
			    (unsigned long long)st.failed);
			fflush(stdout);
		} else {
			fprintf(stderr, "mon_alert_drive: bad line: %s", line);
			rc = 2;
			break;
		}
		if (mon_alerts_last_error(d.alerts, msg, sizeof(msg))[0])
			fprintf(stderr, "mon_alert_drive: %s\n", msg);
	}
	fclose(sp);
	if (err_isset(&e))
		goto fail;
	mon_alerts_drain(d.alerts, time_mono_usec() + 2 * USEC_PER_SEC);
	goto out;
fail:
	fprintf(stderr, "mon_alert_drive: %s\n", err_str(&e, msg, sizeof(msg)));
	rc = err_exit_code(&e);
out:
	mon_alerts_free(d.alerts);
	mon_metrics_free(d.metrics);
	if (d.store != NULL)
		mon_store_close(d.store);
	if (d.loop != NULL)
		mon_loop_free(d.loop);
	json_decref(cfg);
	return rc;
}
