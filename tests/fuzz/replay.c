/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fuzz targets as ordinary unit tests: this main() hands every file of
 * a target's checked-in corpus (tests/fuzz/corpus/<target>/, which holds
 * every input that ever crashed it) to the target's LLVMFuzzerTestOneInput
 * and prints one TAP line per file. Built with the host compiler, without
 * libFuzzer, so `make check` replays the corpora on every --host,
 * big-endian s390x under qemu-user included; a broken invariant aborts.
 * The program is named replay_<target>; the corpus is found under
 * $ZARM_SRCDIR (make check exports it).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	const char *src = getenv("ZARM_SRCDIR"), *target;
	char dir[4096], path[4096 + 256], **names = NULL;
	size_t n = 0, cap = 0, i;
	struct dirent *e;
	DIR *d;

	target = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	if (argc != 1 || !src || strncmp(target, "replay_", 7)) {
		fprintf(stderr, "usage: ZARM_SRCDIR=<source tree> replay_<target>\n");
		return 2;
	}
	target += 7;
	snprintf(dir, sizeof(dir), "%s/tests/fuzz/corpus/%s", src, target);
	d = opendir(dir);
	if (!d) {
		printf("1..0 # SKIP no corpus at %s\n", dir);
		return 0;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			names = realloc(names, cap * sizeof(*names));
			if (!names)
				return 2;
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	printf("1..%zu\n", n);
	for (i = 0; i < n; i++) {
		static uint8_t buf[1 << 20];
		size_t len;
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		f = fopen(path, "rb");
		if (!f) {
			printf("not ok %zu - %s: cannot open\n", i + 1, names[i]);
			continue;
		}
		len = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		/* A copy of exactly @len bytes, as libFuzzer hands it over. */
		{
			uint8_t *copy = malloc(len ? len : 1);

			if (!copy)
				return 2;
			memcpy(copy, buf, len);
			fflush(stdout);
			LLVMFuzzerTestOneInput(copy, len);
			free(copy);
		}
		printf("ok %zu - %s %s (%zu bytes)\n", i + 1, target, names[i], len);
		free(names[i]);
	}
	free(names);
	return 0;
}
