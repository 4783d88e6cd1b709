#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-only
# /init of linux.tap's guest (Debian's kernel, busybox from Debian): real
# work, each piece checked, one TAP line each, then power off. Runs as the
# initramfs' /init; /zarm-check is tests/guests/arm64/linux_user.c.
/bin/busybox mkdir -p /usr/bin /usr/sbin /sbin /tmp
/bin/busybox --install -s
export PATH=/sbin:/usr/sbin:/bin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs -o size=64m tmpfs /tmp
# Kernel messages from now on would cut TAP lines in two.
echo 1 > /proc/sys/kernel/printk
echo ZARM-LINUX-OK
n=0
t0=$(cut -d' ' -f1 /proc/uptime)
check() {
	n=$((n + 1))
	if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi
	t1=$(cut -d' ' -f1 /proc/uptime)
	echo "# uptime $t1 (check $n: from $t0)"
	t0=$t1
}
echo "1..9"

cpus=$(grep -c ^processor /proc/cpuinfo)
echo "# CPUS=$cpus"
check "Linux runs on 2 CPUs" '[ "$cpus" = 2 ]'

# The ID registers Linux read: FP/AdvSIMD shown, SVE/SME/MTE not.
feat=$(grep -m1 ^Features /proc/cpuinfo)
echo "# $feat"
check "CPU features: fp and asimd, no sve, sme or mte" \
	'echo "$feat" | grep -qw fp && echo "$feat" | grep -qw asimd &&
	 ! echo "$feat" | grep -qw -e sve -e sme -e mte'

# fork: children write to copy-on-write pages, the parent's copy stays.
cow=$(/zarm-check cow)
rc=$?
echo "# $cow"
check "fork: 4 children write copy-on-write pages, parent's copy intact" '[ $rc = 0 ]'

# 32 MiB of random data through tmpfs: the same hash back.
h1=$(/zarm-check randfile /tmp/rand 32)
h2=$(sha256sum < /tmp/rand | cut -d' ' -f1)
size=$(wc -c < /tmp/rand)
echo "# written $h1 read $h2 ($size bytes)"
check "32 MiB of random data read back from tmpfs with the same SHA-256" \
	'[ "$size" = 33554432 ] && [ "$h1" = "$h2" ] && [ -n "$h1" ]'
rm -f /tmp/rand

# Two busy processes: Linux spreads them over both vCPUs.
busy() { while :; do :; done; }
busy & p1=$!
busy & p2=$!
seen=""
for i in 1 2 3 4 5 6 7 8 9 10; do
	sleep 0.3
	c1=$(awk '{ print $39 }' /proc/$p1/stat)
	c2=$(awk '{ print $39 }' /proc/$p2/stat)
	seen="$seen $c1/$c2"
	[ "$c1" != "$c2" ] && break
done
kill $p1 $p2
wait $p1 $p2 2>/dev/null
echo "# busy processes on CPUs:$seen"
check "two busy processes run on both vCPUs" '[ "$c1" != "$c2" ]'

# sleep 1: the uptime advances by about a second.
u1=$(cut -d' ' -f1 /proc/uptime)
sleep 1
u2=$(cut -d' ' -f1 /proc/uptime)
d=$(awk -v a="$u1" -v b="$u2" 'BEGIN { printf "%.2f", b - a }')
echo "# sleep 1: uptime $u1 -> $u2 ($d s)"
check "sleep 1 returns after about a second of uptime" \
	'awk -v d="$d" "BEGIN { exit !(d >= 0.95 && d <= 1.5) }"'

# The timer and the interrupts that woke Linux: each vCPU took timer ticks.
ticks=$(grep -i "arch_timer" /proc/interrupts)
echo "# $ticks"
check "both vCPUs took virtual-timer interrupts" \
	'echo "$ticks" | awk "{ exit !(\$2 > 0 && \$3 > 0) }"'

# The virtual PMU: Linux's armv8 driver probed it with the counters zarm
# gives (ZARM_PMU_COUNTERS from linux.tap's command line: event counters plus
# the cycle counter), and a perf_event_open() cycle counter of zarm-check's
# own counts its user time.
pmu=$(dmesg | grep -m1 "hw perfevents")
echo "# $pmu"
check "Linux's PMU driver probed the virtual PMU with $ZARM_PMU_COUNTERS counters" \
	'echo "$pmu" | grep -q "enabled with armv8_pmuv3.* PMU driver, $ZARM_PMU_COUNTERS counters available"'
cyc=$(/zarm-check perf)
rc=$?
echo "# $cyc"
check "perf_event_open: a CPU-cycles counter of its own counts" '[ $rc = 0 ]'

poweroff -f
