#!/bin/bash
# What the series costs (issue 7).  Boot the base kernel, the series' kernel
# and the base kernel four times more (twice with each workload started later
# against L1's scheduler tick, twice built with its code moved; below), all
# built with the same config and given the same initramfs contents (the
# series' selftests), under an instruction-counting clock: QEMU TCG with
# -icount for the kvm-amd modes, Bochs (clock sync=none, a fixed ips) for
# the kvm-intel ones.  Run
# tests/cost.list and tests/cost-l2.list (COST_LISTS) in each of their modes
# (COST_MODES limits them), and print for every figure the base's and the
# series' value, the ratio series/base, and the ratio of the base to itself
# that shows how far the figure moves by itself (below).  Then the sizes
# (scripts/struct-sizes.sh).  The table goes to $BUILD/results/cost/table,
# results/cost.txt (committed) and stdout; it ends with a count of the
# figures where the series is above the base by more than that (and 0.05%)
# and of those not compared (a run failed), and the script fails if there is
# any.
set -euo pipefail
: "${BUILD:?}"
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
# COST_SELF=1 shows that the method works: the "series" runs are the
# base's, so every figure must come out at 1.0000 (runs in
# $BUILD/results/cost-self, table in results/cost-self.txt).
self=${COST_SELF:+-self}
res=$BUILD/results/cost$self
all_lists="cost cost-l2"
lists=${COST_LISTS:-$all_lists}
modes=${COST_MODES:-npt1 npt0 ept1 ept0}
# icount counts the instructions of L0's vCPUs: a clock that counts, not one
# that runs.  Without RDRAND and RDSEED, L1's and L2's random numbers come
# from that clock too, and the runs repeat exactly.  L1 gets one CPU: with
# two, QEMU runs them in turn, the clock counts the other CPU's idle work
# as well, and demand_paging_test's figure moved by 5% from one base run to
# the next, where with one it moves by less than 0.001%.
export QEMU_ARGS="-icount shift=0,sleep=off -cpu max,-rdrand,-rdseed" L1_SMP=1

kernel() {
	case $1 in
	base-4) echo "$BUILD/base-layout1-x86_64" ;;
	base-5) echo "$BUILD/base-layout2-x86_64" ;;
	base*)  echo "$BUILD/base-x86_64" ;;
	*)      [ -n "$self" ] && echo "$BUILD/base-x86_64" || echo "$BUILD/x86_64" ;;
	esac
}
# The same kernel repeats its counts exactly; a different one shifts every
# timer tick against the work, and a figure that a tick can cut moves with
# it.  How far a figure moves that way is measured on the base: base-2 and
# base-3 start each workload a third and two thirds of L1's 4 ms tick
# later than base-1 (wb.skew, guest/measure.sh).  Under Bochs a figure also
# moves with where the code sits: the base built with one unused function
# added to mmu.c took 0.14% longer in demand_paging_test with ept=1, where
# the tick's phase moved it by less than 0.01%.  base-4 and base-5 are the
# base built with one and with two such functions (scripts/build-base.sh
# with LAYOUT=1 and 2).
runs="base-1 series base-2 base-3 base-4 base-5"
skew() {
	case $1 in
	base-2) echo " wb.skew=1333" ;;
	base-3) echo " wb.skew=2667" ;;
	esac
}
mkdir -p "$res"
# Each list in each of its modes, COST_MODES limiting them; with "all", the
# ones measured, by this run or an earlier one, for the table.
runs_of() {
	local l=$lists
	[ "${1:-}" = all ] && l=$all_lists
	for list in $l; do
		for mode in $(scripts/list-modes.sh "$list"); do
			if [ "${1:-}" = all ]; then
				[ -d "$res/$list-$mode-base-1" ] && echo "$list-$mode"
			else
				case " $modes " in *" $mode "*) echo "$list-$mode" ;; esac
			fi
		done
	done
}
# COST_RUNS=series makes the series' runs again and keeps the base's from an
# earlier make cost: enough when only the series changed.
remake=${COST_RUNS:-$runs}
for lm in $(runs_of); do
	for r in $remake; do rm -rf "${res:?}/$lm-$r"; done
done
for lm in $(runs_of); do
	# The counts do not depend on the machine's load: two runs at a time.
	for r in $remake; do
		k=$(kernel "$r")
		BOOT_ARGS="wb.run=$r$(skew "$r")" scripts/run-list.sh "${lm%-*}" "${lm##*-}" "$k" "$k/initramfs.cpio.gz" \
			"$res/$lm-$r" &
		[ "$(jobs -r | wc -l)" -lt 2 ] || wait -n
	done
	wait
done

# The figures of one run, "WORKLOAD|LABEL|SECONDS": what guest/measure.sh
# handed on, and each workload's elapsed time in L1 from the kernel log's
# timestamps of guest/init's start and end marks; and "WORKLOAD|:failed|"
# for a workload that did not pass or did not end (the boot's time limit),
# whose figures are left out.
figures() {
	# Serial lines end in CR LF.
	{ tr -d '\r' <"$1/results.tap" |
	  sed -n -e 's/^\(not \)\?ok [0-9]* guest\/measure\.sh \(.*\) # \(.*\)$/\1ok|\2|\3/p' \
		 -e 's/^# subtest: pass guest\/measure\.sh \(.*\) :: \(.*\): \([0-9.]*\)$/\1|\2|\3/p'
	  tr -d '\r' <"$1/console.log" |
	  sed -n 's/^\[ *\([0-9.]*\)\] wb: \(start\|end\) guest\/measure\.sh \(.*\)$/\2|\3|\1/p'
	} | awk -F'|' '
		$1 == "ok" || $1 == "not ok" { ok[$2] = ($1 == "ok" && $3 !~ /^SKIP/); next }
		$1 == "start" { t0[$2] = $3; order[++n] = $2; next }
		$1 == "end" { ended[$2] = 1; fig[$2] = fig[$2] $2 "|elapsed in L1|" sprintf("%.6f", $3 - t0[$2]) "\n"; next }
		{ fig[$1] = fig[$1] $0 "\n" }
		END { for (i = 1; i <= n; i++) { w = order[i]; printf "%s", ok[w] && ended[w] ? fig[w] : w "|:failed|\n" } }'
}

{
	printf "%-34s %-40s %-5s %13s %13s %8s %8s\n" workload figure mode base series series/base base/base
	for lm in $(runs_of all); do
		for r in $runs; do
			# A perturbed run not made (COST_RUNS) leaves the spread to the others.
			[ -d "$res/$lm-$r" ] || continue
			figures "$res/$lm-$r" | sed "s/^/$r|/"
		done |
		awk -F'|' -v mode="${lm##*-}" '
			# base/base is the base run of the four perturbed ones furthest from base-1.
			!(($2 "|" $3) in seen) { seen[$2 "|" $3] = 1; key[++n] = $2 "|" $3 }
			{ v[$1 "|" $2 "|" $3] = $4 }
			END {
				for (i = 1; i <= n; i++) {
					split(key[i], k, "|"); w = k[1]; f = k[2]
					if (f == ":failed") continue
					b = v["base-1|" key[i]]; s = v["series|" key[i]]
					if (("base-1|" w "|:failed") in v || ("series|" w "|:failed") in v) {
						printf "%-34s %-40s %-5s %13s %13s  %s\n", w, f, mode, (("base-1|" w "|:failed") in v) ? "failed" : b,
						       (("series|" w "|:failed") in v) ? "failed" : s, "(not compared)"
						continue
					}
					if (b == 0) continue
					self = 1; spread = 0
					for (r = 2; r <= 5; r++) {
						x = v["base-" r "|" key[i]]
						if (x == "") continue
						d = x / b > 1 ? x / b - 1 : 1 - x / b
						if (d >= spread) { spread = d; self = x / b }
					}
					ratio = s / b
					# The main thread of dirty_log_perf_test spins while its vCPU
					# thread works, on the one CPU of L1: its figures move by whole
					# 4 ms scheduler ticks, which no fault path explains.
					# The target is a ratio of at most 1.000 beyond the spread:
					# a figure is above when it is 0.05% beyond it.
					mark = ratio - 1 > spread + 0.0005 ? (w ~ /^dirty_log_perf_test/ ? "  above, not gated (ticks)" : "  above") : ""
					printf "%-34s %-40s %-5s %13s %13s %8.4f %8.4f%s\n", w, f, mode, b, s, ratio, self, mark
				}
			}'
	done
	echo
	scripts/struct-sizes.sh
} | tee "$res/table"
# The latest table, which the cover letter quotes, is kept in the repository.
mkdir -p "$top/results"
cp "$res/table" "$top/results/cost$self.txt"
figs=$(grep -c ' [0-9]*\.[0-9]\{4\} *[0-9]*\.[0-9]\{4\}' "$res/table" || true)
above=$(grep -c '  above$' "$res/table" || true)
uncompared=$(grep -c '(not compared)' "$res/table" || true)
echo "cost: $figs figures compared in $(runs_of all | xargs), $above above the base beyond the base's own spread; $uncompared not compared (a run failed)"
# A figure that could not be compared is no evidence either way: fail too.
[ "$above" = 0 ] && [ "$uncompared" = 0 ]
