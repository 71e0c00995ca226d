/*
 * bgp_int.h: declarations shared by the files of the bgp module only.  The
 * error helper that fills struct bgp_error with the NOTIFICATION a speaker
 * would send, and the UPDATE parser entry called by the message dispatcher.
 */
#ifndef ERW_BGP_INT_H
#define ERW_BGP_INT_H

#include "bgp.h"

/*
 * Record why a parse failed.  off is the byte offset from the start of the
 * message.  Always returns -1 so that failures read `return bgp_fail(...)`.
 * err may be NULL.
 */
int	bgp_fail(struct bgp_error *err, uint8_t code, uint8_t subcode,
	    size_t off, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));

/* Parse the body of an UPDATE; msg is the whole message (for offsets). */
int	bgp_update_parse(const uint8_t *msg, const uint8_t *body,
	    size_t body_len, const struct bgp_neg *neg, struct bgp_update *u,
	    struct bgp_error *err);

/* Name tables (bgp_names.c): NULL when the value is unknown. */
const char *bgp_err_subcode_lookup(uint8_t code, uint8_t subcode);

#endif /* ERW_BGP_INT_H */
