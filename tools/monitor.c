// SPDX-License-Identifier: GPL-2.0
/*
 * podwq-dump monitor: wq_monitor.py's table of per-workqueue counters,
 * summed over each workqueue's pool_workqueues (podwq_pool_workqueue.
 * stats[]), every -i SECS until interrupted, or once (-i 0, and always on
 * a crash dump).  Counters a podwq lacks (an enumerator missing from its
 * BTF) read 0.  --json prints one JSON object per workqueue and sample,
 * with wq_monitor.py's keys.
 */
#include "dump.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "json.h"
#include "podwq.h"

static volatile sig_atomic_t stop;

static void on_sigint(int sig)
{
	(void)sig;
	stop = 1;
}

static void header(void)
{
	printf("\n%24s %8s %5s %8s %7s %7s %7s %7s\n", "", "total", "infl", "CPUtime",
	       "CPUitsv", "CMW/RPR", "mayday", "rescued");
}

static void row(const struct pw_wq *wq)
{
	const uint64_t *st = wq->stats;
	char itsv[24] = "-", cmw[24] = "-", may[24] = "-", res[24] = "-";
	size_t len = strlen(wq->name);
	int64_t infl = (int64_t)(st[PW_STAT_STARTED] - st[PW_STAT_COMPLETED]);

	if (wq->unbound) {
		snprintf(cmw, sizeof(cmw), "%llu", (unsigned long long)st[PW_STAT_REPATRIATED]);
	} else {
		snprintf(itsv, sizeof(itsv), "%llu", (unsigned long long)st[PW_STAT_CPU_INTENSIVE]);
		snprintf(cmw, sizeof(cmw), "%llu", (unsigned long long)st[PW_STAT_CM_WAKEUP]);
	}
	if (wq->mem_reclaim) {
		snprintf(may, sizeof(may), "%llu", (unsigned long long)st[PW_STAT_MAYDAY]);
		snprintf(res, sizeof(res), "%llu", (unsigned long long)st[PW_STAT_RESCUED]);
	}
	/* the last 24 characters of the name, as name[-24:] */
	printf("%-24s %8llu %5lld %8.1f %7s %7s %7s %7s \n",
	       wq->name + (len > 24 ? len - 24 : 0),
	       (unsigned long long)st[PW_STAT_STARTED], (long long)(infl > 0 ? infl : 0),
	       (double)st[PW_STAT_CPU_TIME] / 1000000, itsv, cmw, may, res);
}

static void row_json(const struct pw_wq *wq, double now)
{
	static const char *const keys[PW_NR_STATS] = {
		"started", "completed", "cpu_time", "cpu_intensive", "cm_wakeup",
		"repatriated", "mayday", "rescued",
	};
	struct json j;

	json_init(&j, stdout, 0);
	json_obj_begin(&j, NULL);
	json_double(&j, "timestamp", now, 6);
	json_str(&j, "name", wq->name);
	json_bool(&j, "unbound", wq->unbound);
	json_bool(&j, "mem_reclaim", wq->mem_reclaim);
	for (int i = 0; i < PW_NR_STATS; i++)
		json_uint(&j, keys[i], wq->stats[i]);
	json_obj_end(&j);
	json_end(&j);
}

static const char usage[] =
"usage: podwq-dump [-c VMCORE] monitor [-i SECS] [-j] [REGEX...]\n";

int monitor_main(struct kernel *k, int argc, char **argv, bool json)
{
	static const struct option lopts[] = {
		{ "interval", required_argument, NULL, 'i' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	double interval = 1;
	char *pat = NULL, *end;
	regex_t re;
	bool have_re = false;
	struct pw p;
	int c, rc = EXIT_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+i:jh", lopts, NULL)) != -1) {
		switch (c) {
		case 'i':
			errno = 0;
			interval = strtod(optarg, &end);
			if (errno || end == optarg || *end || !isfinite(interval) ||
			    interval < 0 || interval > 86400) {
				fprintf(stderr, "podwq-dump: monitor: bad interval '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		default:
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	/* the patterns, one alternation as wq_monitor.py joins them */
	for (int i = optind; i < argc; i++) {
		size_t n = pat ? strlen(pat) : 0;
		char *q = realloc(pat, n + strlen(argv[i]) + 4);

		if (!q) {
			free(pat);
			return EXIT_ERROR;
		}
		pat = q;
		sprintf(pat + n, "%s(%s)", n ? "|" : "", argv[i]);
	}
	if (pat) {
		int e = regcomp(&re, pat, REG_EXTENDED | REG_NOSUB);

		if (e) {
			char msg[256];

			regerror(e, &re, msg, sizeof(msg));
			fprintf(stderr, "podwq-dump: monitor: bad pattern: %s\n", msg);
			free(pat);
			return EXIT_USAGE;
		}
		have_re = true;
	}
	rc = pw_open(&p, k);
	if (rc) {
		fprintf(stderr, "podwq-dump: %s\n", p.err);
		goto out;
	}
	signal(SIGINT, on_sigint);
	signal(SIGTERM, on_sigint);
	while (!stop) {
		struct pw_snap s;
		struct timeval tv;
		double now;

		gettimeofday(&tv, NULL);
		now = (double)tv.tv_sec + tv.tv_usec / 1e6;
		rc = pw_snapshot(&p, PW_SNAP_STATS, &s);
		if (rc) {
			fprintf(stderr, "podwq-dump: %s\n", p.err);
			break;
		}
		if (!json)
			header();
		for (size_t i = 0; i < s.nwqs; i++) {
			if (have_re && regexec(&re, s.wqs[i].name, 0, NULL, 0))
				continue;
			if (json)
				row_json(&s.wqs[i], now);
			else
				row(&s.wqs[i]);
		}
		pw_snap_free(&s);
		if (fflush(stdout) || ferror(stdout)) {
			rc = EXIT_ERROR;
			break;
		}
		if (interval == 0 || !k->live)
			break;
		{
			struct timespec ts = {
				.tv_sec = (time_t)interval,
				.tv_nsec = (long)((interval - (double)(time_t)interval) * 1e9),
			};

			while (!stop && nanosleep(&ts, &ts) && errno == EINTR)
				;
		}
	}
out:
	if (have_re)
		regfree(&re);
	free(pat);
	return rc;
}
