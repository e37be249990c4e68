/*
 * Drives one gpio-sim input line the way a meter's sensor would, and records when each counted
 * edge was made. A C program rather than a shell loop: under emulation a fork costs tens of
 * milliseconds, which would both cap the rate and blur the recorded times.
 *
 *   edges led  PULL_FILE COUNT PERIOD_US LOW_US            clean pulses (a 555 head)
 *   edges reed PULL_FILE COUNT PERIOD_US BOUNCES BOUNCE_US closings with bounce on both ends
 *
 * The line idles high (pull-up); each falling edge that should count is printed as epoch
 * milliseconds (CLOCK_REALTIME, the clock emon stamps pulses with) with microseconds, one a line.
 * Periods run on absolute deadlines, so the rate does not drift with the time a write takes; a
 * phase is never shorter than asked, so a guest that runs the driver late lowers the rate instead
 * (and a phase the guest was stopped in lasts its full length again: see hold).
 *
 * With EDGES_IRQ_THREAD set to /proc/PID/status of the kernel thread that turns the line's
 * interrupts into events (test.sh finds it), each phase begins only once that thread has handled
 * the edge that began it: see handled.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int fd;
static const char *irq_thread; /* /proc/PID/status of the line's interrupt thread, or NULL */
static long late_edges;        /* edges the interrupt thread handled more than STALL_US late */

static void level(int high) {
    const char *v = high ? "pull-up" : "pull-down";
    if (pwrite(fd, v, strlen(v), 0) < 0) {
        perror("write pull");
        exit(2);
    }
}

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void add_us(struct timespec *t, long us) {
    t->tv_nsec += (us % 1000000) * 1000;
    t->tv_sec += us / 1000000 + t->tv_nsec / 1000000000;
    t->tv_nsec %= 1000000000;
}

static void until(const struct timespec *t) {
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, t, NULL) != 0) {
    }
}

/* A wait that ends this much later than asked means the guest was not running meanwhile. */
#define STALL_US 5000

/* How often the line's interrupt thread has gone to sleep: once after each run, -1 if unknown. */
static long irq_thread_sleeps(void) {
    if (irq_thread == NULL) {
        return -1;
    }
    int f = open(irq_thread, O_RDONLY);
    if (f < 0) {
        return -1;
    }
    char buf[4096];
    ssize_t n = read(f, buf, sizeof buf - 1);
    close(f);
    if (n <= 0) {
        return -1;
    }
    buf[n] = 0;
    const char *at = strstr(buf, "\nvoluntary_ctxt_switches:");
    return at ? atol(at + strlen("\nvoluntary_ctxt_switches:")) : -1;
}

/*
 * Waits until the interrupt thread has run since it had slept `before` times, at most 2 s. The
 * kernel stamps an edge in its interrupt handler but reads the line's new level in that thread: a
 * thread the emulator runs after the line has changed again reports the wrong level, and the
 * second edge's interrupt is folded into the same run, so a pulse would vanish without a lost edge.
 * On a Pi the thread runs within microseconds; under emulation on a busy host it can take longer
 * than a 10 ms phase.
 */
static void handled(long before, const struct timespec *edge) {
    if (before < 0) {
        return;
    }
    struct timespec pause = {0, 100000};
    for (int i = 0; i < 20000 && irq_thread_sleeps() == before; i++) {
        nanosleep(&pause, NULL);
    }
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if ((now.tv_sec - edge->tv_sec) * 1000000L + (now.tv_nsec - edge->tv_nsec) / 1000 > STALL_US) {
        late_edges++;
    }
}

/* Sets the line's level, and begins the phase (mark) once the kernel has handled that edge. */
static void edge_to(int high, struct timespec *mark) {
    long before = irq_thread_sleeps();
    level(high);
    clock_gettime(CLOCK_MONOTONIC, mark);
    handled(before, mark);
    clock_gettime(CLOCK_MONOTONIC, mark);
}

/*
 * Waits until us after mark, and leaves mark at the end of the wait. If the guest was stopped
 * meanwhile (the host did not run the emulator), the kernel may not yet have handled the edge
 * that began the phase: the next write could then reach it as part of the same change, and a
 * pulse would vanish. So a phase that ended late lasts its full length again from then on.
 */
static void hold(struct timespec *mark, long us) {
    add_us(mark, us);
    for (;;) {
        until(mark);
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long late_us = (now.tv_sec - mark->tv_sec) * 1000000L + (now.tv_nsec - mark->tv_nsec) / 1000;
        if (late_us < STALL_US) {
            return;
        }
        *mark = now;
        add_us(mark, us);
    }
}

int main(int argc, char **argv) {
    if (argc < 6) {
        fprintf(stderr, "usage: edges led|reed PULL_FILE COUNT PERIOD_US LOW_US|BOUNCES [BOUNCE_US]\n");
        return 1;
    }
    int reed = strcmp(argv[1], "reed") == 0;
    fd = open(argv[2], O_WRONLY);
    if (fd < 0) {
        perror(argv[2]);
        return 2;
    }
    long count = atol(argv[3]), period = atol(argv[4]), arg5 = atol(argv[5]);
    long bounce = argc > 6 ? atol(argv[6]) : 0;
    irq_thread = getenv("EDGES_IRQ_THREAD");
    if (irq_thread != NULL && irq_thread[0] == 0) {
        irq_thread = NULL; /* a line the kernel debounces: no interrupt thread reads its level */
    } else if (irq_thread != NULL && irq_thread_sleeps() < 0) {
        fprintf(stderr, "edges: no interrupt thread at '%s': phases are not held until the kernel handled their edge\n", irq_thread);
        irq_thread = NULL;
    }
    struct timespec next, mark;
    clock_gettime(CLOCK_MONOTONIC, &next);
    for (long i = 0; i < count; i++) {
        double at = now_ms();
        /* Each phase lasts its full length from when it really began: a driver the guest ran
         * late must not catch up with shortened phases, which the debounce rightly ignores. */
        if (reed) {
            level(0);
            clock_gettime(CLOCK_MONOTONIC, &mark);
            /* the contact chatters as it closes, stays closed a while, and chatters as it opens */
            for (long b = 0; b < arg5; b++) {
                add_us(&mark, bounce); until(&mark); level(1);
                add_us(&mark, bounce); until(&mark); level(0);
            }
            hold(&mark, period / 2);
            level(1);
            clock_gettime(CLOCK_MONOTONIC, &mark);
            for (long b = 0; b < arg5; b++) {
                add_us(&mark, bounce); until(&mark); level(0);
                add_us(&mark, bounce); until(&mark); level(1);
            }
            hold(&mark, period / 2 - 2 * arg5 * bounce);
        } else {
            edge_to(0, &mark);
            hold(&mark, arg5);
            edge_to(1, &mark);
            hold(&mark, period - arg5);
        }
        printf("%.3f\n", at);
        fflush(stdout); /* read as it comes when piped (the power-cut round) */
        /* the next pulse on the period's deadline, or once this one's high phase has lasted */
        add_us(&next, period);
        if (mark.tv_sec > next.tv_sec || (mark.tv_sec == next.tv_sec && mark.tv_nsec > next.tv_nsec)) {
            next = mark;
        }
        until(&next);
    }
    if (irq_thread != NULL) {
        fprintf(stderr, "edges: %ld of %ld edges handled by the kernel more than %d ms late\n", late_edges, 2 * count, STALL_US / 1000);
    }
    return 0;
}
