#!/usr/bin/env bash
# rss.sh runs the Go program's base run (or a longer one) on one thread and
# samples its resident set size from /proc while it trains, to show the
# peak RSS and that memory does not grow from epoch to epoch.
#
# Usage: bench/rss.sh [-e EPOCHS] [-i SECONDS] [-h]
#
#   -e EPOCHS   epochs to train (default 200, the base run)
#   -i SECONDS  sampling interval (default 0.25)
#
# Environment:
#   TAGS=openblas  build with these build tags
#
# It prints one line per sample (seconds since start, VmRSS in MiB), then the
# peak (VmHWM), the RSS at the first and last sample after the first tenth
# of the run, and their difference. Linux only (/proc).
set -euo pipefail

usage() {
	sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

epochs=200
interval=0.25
while (($# > 0)); do
	case $1 in
	-e)
		(($# >= 2)) || { echo "rss.sh: -e needs a number" >&2; exit 2; }
		epochs=$2
		shift 2
		;;
	-i)
		(($# >= 2)) || { echo "rss.sh: -i needs a number" >&2; exit 2; }
		interval=$2
		shift 2
		;;
	-h | --help)
		usage
		exit 0
		;;
	*)
		echo "rss.sh: unknown argument '$1' (see -h)" >&2
		exit 2
		;;
	esac
done
if ! [[ $epochs =~ ^[1-9][0-9]*$ ]]; then
	echo "rss.sh: epochs must be a positive integer, got '$epochs'" >&2
	exit 2
fi
if ! [[ $interval =~ ^[0-9]*\.?[0-9]+$ ]]; then
	echo "rss.sh: interval must be a positive number of seconds, got '$interval'" >&2
	exit 2
fi
if [[ ! -r /proc/self/status ]]; then
	echo "rss.sh: needs Linux's /proc" >&2
	exit 1
fi

cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "building the Go program${TAGS:+ with -tags $TAGS}" >&2
go build ${TAGS:+-tags "$TAGS"} -o "$tmp/ae" .

export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
GOMAXPROCS=1 "$tmp/ae" -verbose 0 -epochs "$epochs" -out "$tmp/out" >"$tmp/log" 2>&1 &
pid=$!
start=$EPOCHREALTIME
hwm=0
: >"$tmp/samples"
while kill -0 "$pid" 2>/dev/null; do
	if status=$(cat "/proc/$pid/status" 2>/dev/null); then
		rss=$(awk '/^VmRSS:/ { print $2 }' <<<"$status")
		h=$(awk '/^VmHWM:/ { print $2 }' <<<"$status")
		if [[ -n $rss && -n $h ]]; then
			((h > hwm)) && hwm=$h
			awk -v a="$start" -v b="$EPOCHREALTIME" -v r="$rss" 'BEGIN { printf "%.2f %.1f\n", b - a, r / 1024 }' >>"$tmp/samples"
		fi
	fi
	sleep "$interval"
done
if ! wait "$pid"; then
	echo "rss.sh: the Go program failed:" >&2
	tail -n 20 "$tmp/log" >&2
	exit 1
fi
cat "$tmp/samples"
tail -n 1 "$tmp/log"
awk -v hwm="$hwm" '
	{ t[NR] = $1; r[NR] = $2 }
	END {
		if (NR == 0) { print "no samples: the run was shorter than one interval"; exit }
		from = int(NR / 10) + 1
		printf "peak RSS (VmHWM) %.1f MiB; RSS %.1f MiB at %.2f s, %.1f MiB at %.2f s (last sample): %+.1f MiB\n",
			hwm / 1024, r[from], t[from], r[NR], t[NR], r[NR] - r[from]
	}' "$tmp/samples"
