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

usec_t
time_now_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (usec_t)ts.tv_sec * USEC_PER_SEC + ts.tv_nsec / 1000;
}

int64_t
time_days_from_civil(int y, int m, int d)
{
	/* the year shifted so that March starts it: leap days fall last */
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;

	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* n digits at s[*i] into *v; false when there are fewer. */
static bool
digits(const char *s, size_t len, size_t *i, int n, int *v)
{
	int k;

	*v = 0;
	for (k = 0; k < n; k++, (*i)++) {
		if (*i >= len || s[*i] < '0' || s[*i] > '9')
			return false;
		*v = *v * 10 + (s[*i] - '0');
	}
	return true;
}

int
time_parse_iso(const char *s, size_t len, usec_t *out)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int y, mo, d, h = 0, mi = 0, sec = 0, zh, zm, sign;
	long usec = 0, scale = 100000;
	size_t i = 0;
	int64_t zone = 0;

	if (!digits(s, len, &i, 4, &y) || i >= len || s[i++] != '-' ||
	    !digits(s, len, &i, 2, &mo) || i >= len || s[i++] != '-' ||
	    !digits(s, len, &i, 2, &d))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) ||
	    y % 400 == 0)))
		return -1;
	if (i < len && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
		i++;
		if (!digits(s, len, &i, 2, &h) || i >= len || s[i++] != ':' ||
		    !digits(s, len, &i, 2, &mi))
			return -1;
		if (i < len && s[i] == ':') {
			i++;
			if (!digits(s, len, &i, 2, &sec))
				return -1;
			if (i < len && (s[i] == '.' || s[i] == ',')) {
				i++;
				if (i >= len || s[i] < '0' || s[i] > '9')
					return -1;
				for (; i < len && s[i] >= '0' && s[i] <= '9';
				    i++, scale /= 10)
					usec += (s[i] - '0') * scale;
			}
		}
		if (h > 23 || mi > 59 || sec > 60)
			return -1;
		if (i < len && (s[i] == 'Z' || s[i] == 'z'))
			i++;
		else if (i < len && (s[i] == '+' || s[i] == '-')) {
			sign = s[i++] == '-' ? -1 : 1;
			if (!digits(s, len, &i, 2, &zh))
				return -1;
			if (i < len && s[i] == ':')
				i++;
			if (!digits(s, len, &i, 2, &zm) || zh > 23 || zm > 59)
				return -1;
			zone = sign * (zh * 60 + zm);
		}
	}
	if (i != len)
		return -1;
	*out = ((time_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 +
	    sec - zone * 60) * USEC_PER_SEC) + usec;
	return 0;
}
