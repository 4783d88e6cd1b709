# SPDX-License-Identifier: GPL-2.0-only
"""TAP: the target build is hermetic (tests/build/hermetic_headers.tap).

The list file (written by Makefile.am) gives the source tree, the target
compiler's own include directory, the target libfdt's include directory, the
compiler and the image's flags, and one dependency file per image object,
guest payload and test firmware. Each dependency file must exist and name
only headers inside the source tree or the compiler's directory, or libfdt.h
and fdt.h in libfdt's (its libfdt_env.h is the host environment zarm replaces
with common/fdt/libfdt_env.h). Then the image's flags themselves are probed:
<stdlib.h> must not be found at all, while <stdint.h> and <libfdt.h> are.
"""
import os
import subprocess
import sys
import tempfile

results = []


def check(ok, desc, diag=()):
    results.append((ok, desc, list(diag)))


def read_list(path):
    conf, deps = {}, []
    with open(path) as f:
        for line in f:
            key, _, val = line.rstrip('\n').partition(' ')
            if key == 'dep':
                deps.append(val)
            else:
                conf[key] = val
    return conf, deps


def prerequisites(path):
    """Every prerequisite a make dependency file names (any rule)."""
    with open(path) as f:
        text = f.read().replace('\\\n', ' ')
    names = []
    for line in text.splitlines():
        target, sep, rest = line.partition(': ')
        if not sep:
            if line.endswith(':'):		# -MP's empty rule for a header
                continue
            target, sep, rest = line.partition(':')
        names.extend(rest.split())
    return names


def under(path, top):
    return path == top or path.startswith(top.rstrip('/') + '/')


def main():
    conf, deps = read_list(sys.argv[1])
    src = os.path.realpath(conf['srcdir'])
    cc_inc = os.path.realpath(conf['compiler'])
    fdt_inc = os.path.realpath(conf['libfdt'])
    fdt_ok = {os.path.join(fdt_inc, 'libfdt.h'), os.path.join(fdt_inc, 'fdt.h')}

    check(len(deps) > 0, 'the build lists dependency files (%d)' % len(deps))
    seen = set()
    for dep in deps:
        if not os.path.isfile(dep):
            check(False, '%s exists' % dep)
            continue
        names = [os.path.realpath(n) for n in prerequisites(dep)]
        bad = sorted({n for n in names
                      if not (under(n, src) or under(n, cc_inc) or n in fdt_ok)})
        seen.update(names)
        check(not bad and names,
              '%s: %d files, all in the source tree, %s or libfdt.h/fdt.h'
              % (dep, len(names), conf['compiler']),
              ['outside: ' + b for b in bad] or ['names nothing'] * (not names))

    # The lists must be complete (-MD, not -MMD, which leaves out system
    # headers): the compiler's stddef.h/stdint.h show up, and libfdt.h's
    # <libfdt_env.h> is zarm's.
    check(any(under(n, cc_inc) for n in seen),
          "dependency files name the compiler's own headers (-MD, not -MMD)")
    check(os.path.join(fdt_inc, 'libfdt.h') in seen,
          "the image includes the target's libfdt.h from %s" % fdt_inc)
    check(os.path.join(src, 'common/fdt/libfdt_env.h') in seen,
          "libfdt.h's <libfdt_env.h> is zarm's common/fdt/libfdt_env.h")

    # The flags, whatever the sources include today: no C library header
    # can be found, the freestanding ones and libfdt's can.
    cc = conf['cc'].split()
    flags = conf['cflags'].split()
    with tempfile.TemporaryDirectory() as tmp:
        def probe(body):
            c = os.path.join(tmp, 'probe.c')
            with open(c, 'w') as f:
                f.write(body)
            r = subprocess.run(cc + flags + ['-fsyntax-only', c],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               universal_newlines=True)
            return r.returncode, r.stdout.splitlines()[:3]
        rc, out = probe('#include <stdlib.h>\n')
        check(rc != 0 and any('stdlib.h' in l for l in out),
              'the image flags find no <stdlib.h> (no C library, no /usr/include)',
              out)
        rc, out = probe('#include <stdint.h>\n#include <stddef.h>\n'
                        '#include <libfdt.h>\n'
                        'uint32_t f(const void *p) { return fdt_magic(p); }\n')
        check(rc == 0, 'the image flags find <stdint.h>, <stddef.h> and <libfdt.h>',
              out)

    print('1..%d' % len(results))
    for i, (ok, desc, diag) in enumerate(results, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', i, desc))
        for d in diag if not ok else ():
            print('# ' + d)
    return 0 if all(r[0] for r in results) else 1


if __name__ == '__main__':
    sys.exit(main())
