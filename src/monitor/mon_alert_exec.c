/*
 * mon_alert_exec: the exec channel.  The hook is spawned (posix_spawn:
 * no copy of a big address space, no code between fork and exec) with
 * the payload on its stdin and the essentials in its environment; exit
 * status 0 is delivered.  The loop writes the payload as the child reads
 * it and learns of the exit through a pidfd (Linux 5.3), so there is no
 * SIGCHLD handler to share with the rest of the monitor; a child still
 * running at its timeout is killed by its PID and reaped the same way.
 * stdin is one end of a socket pair rather than a pipe, so that a hook
 * that exits without reading costs an EPIPE (send with MSG_NOSIGNAL),
 * not a SIGPIPE to the monitor.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mon_alert_int.h"

extern char **environ;

struct exec_child {
	struct mon_exec		*x;
	pid_t			 pid;
	int			 pidfd;
	int			 in;		/* our end of stdin; -1 after */
	char			*payload;
	size_t			 len, off;
	uint64_t		 timer;
	bool			 timed_out;
	mon_send_done_fn	 done;
	void			*arg;
	struct exec_child	*next;
};

struct mon_exec {
	struct mon_loop		*loop;
	struct exec_child	*kids;
	size_t			 n;
};

static void
close_in(struct exec_child *c)
{
	if (c->in != -1) {
		mon_loop_del_fd(c->x->loop, c->in);
		close(c->in);
		c->in = -1;
	}
}

static void
child_free(struct exec_child *c)
{
	struct mon_exec *x = c->x;
	struct exec_child **pp;

	for (pp = &x->kids; *pp != NULL; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			x->n--;
			break;
		}
	close_in(c);
	if (c->pidfd != -1) {
		mon_loop_del_fd(x->loop, c->pidfd);
		close(c->pidfd);
	}
	if (c->timer != 0)
		mon_loop_cancel_timer(x->loop, c->timer);
	free(c->payload);
	free(c);
}

/* The child ended: its status says whether the alert was delivered. */
static void
on_exit_fd(struct mon_loop *loop, int fd, uint32_t events, void *arg)
{
	struct exec_child *c = arg;
	char err[96];
	int st;
	pid_t r;

	(void)loop;
	(void)fd;
	(void)events;
	r = waitpid(c->pid, &st, WNOHANG);
	if (r == 0)
		return;	/* not yet: spurious readiness */
	if (r == -1)
		snprintf(err, sizeof(err), "exec: waitpid: %s", strerror(errno));
	else if (c->timed_out)
		snprintf(err, sizeof(err), "exec: killed after its timeout");
	else if (WIFEXITED(st))
		snprintf(err, sizeof(err), "exec: exit status %d",
		    WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(err, sizeof(err), "exec: killed by signal %d",
		    WTERMSIG(st));
	else
		snprintf(err, sizeof(err), "exec: ended");
	c->done(c->arg, r > 0 && !c->timed_out && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0, err);
	child_free(c);
}

static void
on_in_fd(struct mon_loop *loop, int fd, uint32_t events, void *arg)
{
	struct exec_child *c = arg;
	ssize_t w;

	(void)loop;
	(void)fd;
	if (events & (EPOLLERR | EPOLLHUP)) {
		close_in(c);
		return;
	}
	while (c->off < c->len) {
		w = send(c->in, c->payload + c->off, c->len - c->off,
		    MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (w <= 0) {
			/* it stopped reading: its exit status tells */
			close_in(c);
			return;
		}
		c->off += (size_t)w;
	}
	close_in(c);	/* end of file on its stdin */
}

static void
on_timeout(struct mon_loop *loop, void *arg)
{
	struct exec_child *c = arg;

	(void)loop;
	c->timer = 0;
	c->timed_out = true;
	/* by PID: the child is ours and not yet reaped, so the PID is
	 * still its own */
	kill(c->pid, SIGKILL);
}

int
mon_exec_new(struct mon_loop *loop, struct mon_exec **out, struct err *e)
{
	if ((*out = erw_calloc(1, sizeof(**out))) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	(*out)->loop = loop;
	return 0;
}

void
mon_exec_free(struct mon_exec *x)
{
	if (x == NULL)
		return;
	while (x->kids != NULL) {
		struct exec_child *c = x->kids;

		kill(c->pid, SIGKILL);
		while (waitpid(c->pid, NULL, 0) == -1 && errno == EINTR)
			;
		c->done(c->arg, false, "exec: killed at shutdown");
		child_free(c);
	}
	free(x);
}

size_t
mon_exec_inflight(const struct mon_exec *x)
{
	return x->n;
}

int
mon_exec_run(struct mon_exec *x, const struct mon_alert_chan *ch,
    const char *payload, char *const env[], mon_send_done_fn done, void *arg,
    struct err *e)
{
	posix_spawn_file_actions_t fa;
	struct exec_child *c;
	char **envp = NULL;
	size_t ne = 0, nx = 0, i;
	int sv[2] = { -1, -1 }, rc;

	if ((c = erw_calloc(1, sizeof(*c))) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	c->x = x;
	c->pid = -1;
	c->pidfd = -1;
	c->in = -1;
	c->done = done;
	c->arg = arg;
	c->len = strlen(payload);
	if ((c->payload = erw_strdup(payload)) == NULL)
		goto nomem;
	while (environ != NULL && environ[ne] != NULL)
		ne++;
	while (env != NULL && env[nx] != NULL)
		nx++;
	if ((envp = erw_calloc(ne + nx + 1, sizeof(*envp))) == NULL)
		goto nomem;
	/* ours first: a hook's getenv() finds the first */
	for (i = 0; i < nx; i++)
		envp[i] = env[i];
	for (i = 0; i < ne; i++)
		envp[nx + i] = environ[i];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
		ERR(e, ERR_RUNTIME, "exec '%s': socketpair: %s", ch->argv[0],
		    strerror(errno));
		goto fail;
	}
	if (posix_spawn_file_actions_init(&fa) != 0)
		goto nomem;
	posix_spawn_file_actions_adddup2(&fa, sv[1], 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	rc = posix_spawn(&c->pid, ch->argv[0], &fa, NULL, ch->argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	close(sv[1]);
	sv[1] = -1;
	if (rc != 0) {
		ERR(e, ERR_RUNTIME, "exec '%s': %s", ch->argv[0],
		    strerror(rc));
		goto fail;
	}
	c->in = sv[0];
	sv[0] = -1;
	c->next = x->kids;
	x->kids = c;
	x->n++;
	free(envp);
	envp = NULL;
	c->pidfd = (int)syscall(SYS_pidfd_open, c->pid, 0);
	if (c->pidfd == -1) {
		ERR(e, ERR_RUNTIME, "exec '%s': pidfd_open: %s", ch->argv[0],
		    strerror(errno));
		goto fail_child;
	}
	if (mon_loop_add_fd(x->loop, c->pidfd, EPOLLIN, on_exit_fd, c,
	    e) == -1)
		goto fail_child;
	if (mon_loop_add_fd(x->loop, c->in, EPOLLOUT, on_in_fd, c, e) == -1)
		goto fail_child;
	c->timer = mon_loop_add_timer(x->loop, time_mono_usec() + ch->timeout,
	    on_timeout, c, e);
	if (c->timer == 0)
		goto fail_child;
	return 0;
fail_child:
	kill(c->pid, SIGKILL);
	while (waitpid(c->pid, NULL, 0) == -1 && errno == EINTR)
		;
	child_free(c);
	return -1;
nomem:
	ERR(e, ERR_NOMEM, "out of memory");
fail:
	if (sv[0] != -1)
		close(sv[0]);
	if (sv[1] != -1)
		close(sv[1]);
	free(envp);
	free(c->payload);
	free(c);
	return -1;
}
