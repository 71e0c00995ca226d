/*
 * Time helpers: capture timestamps are microseconds since the epoch.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <time.h>

#include "util.h"

const char *
time_iso(usec_t t, char *buf, size_t len)
{
	time_t secs = (time_t)(t / USEC_PER_SEC);
	long usec = (long)(t % USEC_PER_SEC);
	struct tm tm;

	if (usec < 0) {
		usec += USEC_PER_SEC;
		secs -= 1;
	}
	if (gmtime_r(&secs, &tm) == NULL) {
		str_copy(buf, "?", len);
		return buf;
	}
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, usec);
	return buf;
}

usec_t
time_mono_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (usec_t)ts.tv_sec * USEC_PER_SEC + ts.tv_nsec / 1000;
}
