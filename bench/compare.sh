#!/usr/bin/env bash
# compare.sh times the Go program against the PyTorch speed anchor
# (reference/torch_autoencoder.py), each on one thread, alternating the runs
# so that both see the same machine load, and prints the median wall time of
# each and their ratio. It also prints the median time of the training loop
# as each program reports it (without start-up, data and output files) and,
# where /usr/bin/time exists, the median CPU time (user + system: on a
# loaded machine it moves less than wall time, which also counts waiting for
# a core) and peak RSS. Every program runs twice per round: unpinned, as a
# user runs it, and pinned to one CPU with taskset -c (PIN=no or PIN=only
# keeps one of the two); the Go program must not need the pinning. It
# starts by printing the CPU model and its instruction sets, which every
# figure must be quoted with.
#
# Usage: bench/compare.sh [-n RUNS] [--only go|torch] [-h]
#
# Environment:
#   N=3            runs of each program (also -n)
#   EPOCHS=        passed to both programs when set (default: their 200)
#   BLAS=openblas  also build with -tags openblas and time that build
#   PIN=both       both: unpinned and pinned; no: unpinned only; only: pinned only
#   CPU=0          the CPU taskset pins to
#   GOPROCS=1      GOMAXPROCS of the Go program; "default" leaves it unset
#   PYTHON=/usr/bin/python3   the Python that has torch and scikit-learn
#
# Without torch it says so and times only Go.
set -euo pipefail

usage() {
	sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

runs=${N:-3}
only=""
while (($# > 0)); do
	case $1 in
	-n)
		(($# >= 2)) || { echo "compare.sh: -n needs a number" >&2; exit 2; }
		runs=$2
		shift 2
		;;
	--only)
		(($# >= 2)) || { echo "compare.sh: --only needs go or torch" >&2; exit 2; }
		only=$2
		shift 2
		;;
	-h | --help)
		usage
		exit 0
		;;
	*)
		echo "compare.sh: unknown argument '$1' (see -h)" >&2
		exit 2
		;;
	esac
done
if ! [[ $runs =~ ^[1-9][0-9]*$ ]]; then
	echo "compare.sh: runs must be a positive integer, got '$runs'" >&2
	exit 2
fi
case $only in
"" | go | torch) ;;
*)
	echo "compare.sh: --only wants go or torch, got '$only'" >&2
	exit 2
	;;
esac
epochs=${EPOCHS:-}
if [[ -n $epochs ]] && ! [[ $epochs =~ ^[1-9][0-9]*$ ]]; then
	echo "compare.sh: EPOCHS must be a positive integer, got '$epochs'" >&2
	exit 2
fi
blas=${BLAS:-}
if [[ -n $blas && $blas != openblas ]]; then
	echo "compare.sh: BLAS must be empty or openblas, got '$blas'" >&2
	exit 2
fi
python=${PYTHON:-/usr/bin/python3}
pin=${PIN:-both}
case $pin in
both | no | only) ;;
*)
	echo "compare.sh: PIN must be both, no or only, got '$pin'" >&2
	exit 2
	;;
esac
pincpu=${CPU:-0}
goprocs=${GOPROCS:-1}
if [[ $goprocs == default ]]; then
	goenv=""
elif [[ $goprocs =~ ^[1-9][0-9]*$ ]]; then
	goenv="GOMAXPROCS=$goprocs "
else
	echo "compare.sh: GOPROCS must be a positive integer or default, got '$goprocs'" >&2
	exit 2
fi
if [[ $pin != no ]] && ! command -v taskset >/dev/null; then
	echo "compare.sh: pinning needs taskset (util-linux); PIN=no runs without it" >&2
	exit 1
fi

cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# One thread for every library that would start more.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

# The machine, which every figure belongs to.
bench/cpu.sh

# names[i] labels a program, cmds[i] is its command line, times_i its wall times.
names=()
cmds=()

if [[ $only != torch ]]; then
	go_flags=(-verbose 0 -out "$tmp/out")
	[[ -n $epochs ]] && go_flags+=(-epochs "$epochs")
	echo "building the Go program" >&2
	go build -o "$tmp/ae" .
	names+=("go")
	cmds+=("$goenv$(printf '%q ' "$tmp/ae" "${go_flags[@]}")")
	if [[ $blas == openblas ]]; then
		echo "building the Go program with -tags openblas" >&2
		go build -tags openblas -o "$tmp/ae-openblas" .
		names+=("go+openblas")
		cmds+=("$goenv$(printf '%q ' "$tmp/ae-openblas" "${go_flags[@]}")")
	fi
fi

if [[ $only != go ]]; then
	if "$python" -c 'import torch, sklearn' 2>/dev/null; then
		torch_flags=(reference/torch_autoencoder.py --quiet)
		[[ -n $epochs ]] && torch_flags+=(--epochs "$epochs")
		names+=("torch")
		cmds+=("$(printf '%q ' "$python" "${torch_flags[@]}")")
	elif [[ $only == torch ]]; then
		echo "compare.sh: $python cannot import torch and sklearn (apt-get install python3-torch python3-sklearn)" >&2
		exit 1
	else
		echo "compare.sh: $python cannot import torch and sklearn; timing Go only" >&2
	fi
fi

# Each program unpinned and pinned (PIN), the pinned one named NAME@cpuN.
if [[ $pin != no ]]; then
	n0=${#names[@]}
	for ((i = 0; i < n0; i++)); do
		names+=("${names[$i]}@cpu$pincpu")
		cmds+=("taskset -c $pincpu env ${cmds[$i]}")
	done
	if [[ $pin == only ]]; then
		names=("${names[@]:$n0}")
		cmds=("${cmds[@]:$n0}")
	fi
fi

# The peak RSS comes from GNU time when it is there.
timer=()
[[ -x /usr/bin/time ]] && timer=(/usr/bin/time -f 'compare.sh %M %U %S' -o "$tmp/rss")

# elapsed runs a command line and prints its wall time in seconds, the
# training loop's time as the program printed it (Go: "200 epochs in 2.5s",
# "1 epoch in 65ms";
# torch: "training loop 12.64 s"; "-" if absent), the CPU time in seconds
# and the peak RSS in MiB ("-" for these two without GNU time).
elapsed() {
	local start end
	rm -f "$tmp/rss"
	start=$EPOCHREALTIME
	"${timer[@]}" bash -c "$1" >"$tmp/last.log" 2>&1 || {
		echo "compare.sh: '$1' failed:" >&2
		tail -n 20 "$tmp/last.log" >&2
		return 1
	}
	end=$EPOCHREALTIME
	awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f ", b - a }'
	# A Go duration such as 2.857s, 850ms or 1m2.5s, or torch's seconds.
	awk '
		function seconds(d,   s, n, u) {
			s = 0
			while (match(d, /^[0-9.]+(h|ms|m|s|µs)/)) {
				n = substr(d, 1, RLENGTH); d = substr(d, RLENGTH + 1)
				u = n; sub(/^[0-9.]+/, "", u); n += 0
				s += n * (u == "h" ? 3600 : u == "m" ? 60 : u == "ms" ? 1e-3 : u == "µs" ? 1e-6 : 1)
			}
			return s
		}
		/ epochs? in [0-9]/ { sub(/.* epochs? in /, ""); loop = seconds($1) }
		/training loop [0-9.]+ s/ { sub(/.*training loop /, ""); loop = $1 + 0 }
		END { if (loop == "") printf "- "; else printf "%.3f ", loop }' "$tmp/last.log"
	if [[ -s $tmp/rss ]]; then
		awk '/^compare.sh / { printf "%.2f %.1f\n", $3 + $4, $2 / 1024 }' "$tmp/rss"
	else
		echo "- -"
	fi
}

# median prints the median of its arguments.
median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

declare -A times loops cpus rsss
for ((r = 1; r <= runs; r++)); do
	for i in "${!names[@]}"; do
		read -r t loop cpu rss < <(elapsed "${cmds[$i]}")
		times[$i]="${times[$i]:-} $t"
		[[ $loop != - ]] && loops[$i]="${loops[$i]:-} $loop"
		[[ $cpu != - ]] && cpus[$i]="${cpus[$i]:-} $cpu"
		[[ $rss != - ]] && rsss[$i]="${rsss[$i]:-} $rss"
		echo "run $r/$runs ${names[$i]}: $t s (training loop $loop s, CPU $cpu s, peak RSS $rss MiB)" >&2
	done
done

declare -A medians
for i in "${!names[@]}"; do
	# shellcheck disable=SC2086 # word splitting of the list of times is intended
	medians[$i]=$(median ${times[$i]})
	printf '%-12s median %8.3f s over %d runs (%s )\n' "${names[$i]}" "${medians[$i]}" "$runs" "${times[$i]}"
done
for i in "${!names[@]}"; do
	extra=""
	# shellcheck disable=SC2086 # as above
	[[ -n ${loops[$i]:-} ]] && extra="training loop median $(median ${loops[$i]}) s"
	# shellcheck disable=SC2086 # as above
	[[ -n ${cpus[$i]:-} ]] && extra="$extra${extra:+, }CPU median $(median ${cpus[$i]}) s"
	# shellcheck disable=SC2086 # as above
	[[ -n ${rsss[$i]:-} ]] && extra="$extra${extra:+, }peak RSS median $(median ${rsss[$i]}) MiB"
	[[ -n $extra ]] && printf '%-12s %s\n' "${names[$i]}" "$extra"
done
# ratio prints "a / b = wall (training loops: ..; CPU time: ..)" for the
# programs with indices a and b.
ratio() {
	local a=$1 b=$2 al=- bl=- ac=- bc=-
	# shellcheck disable=SC2086 # word splitting of the lists is intended
	[[ -n ${loops[$a]:-} && -n ${loops[$b]:-} ]] && al=$(median ${loops[$a]}) bl=$(median ${loops[$b]})
	# shellcheck disable=SC2086 # as above
	[[ -n ${cpus[$a]:-} && -n ${cpus[$b]:-} ]] && ac=$(median ${cpus[$a]}) bc=$(median ${cpus[$b]})
	awk -v g="${medians[$a]}" -v t="${medians[$b]}" -v n="${names[$a]} / ${names[$b]}" -v gl="$al" -v tl="$bl" -v gc="$ac" -v tc="$bc" \
		'BEGIN {
			printf "%s = %.2f", n, g / t
			if (gl != "-") printf " (training loops: %.2f", gl / tl
			if (gc != "-") printf "%s CPU time: %.2f", (gl != "-" ? ";" : " ("), gc / tc
			if (gl != "-" || gc != "-") printf ")"
			printf "\n"
		}'
}

# index_of prints the index of the program named $1, or nothing.
index_of() {
	local i
	for i in "${!names[@]}"; do
		[[ ${names[$i]} == "$1" ]] && echo "$i"
	done
	return 0
}

for i in "${!names[@]}"; do
	name=${names[$i]}
	base=${name%@*}
	suffix=""
	[[ $name == *@* ]] && suffix="@${name#*@}"
	[[ $base == torch ]] && continue
	t=$(index_of "torch$suffix")
	[[ -n $t ]] && ratio "$i" "$t"
done
# Unpinned against pinned: what the pinning would buy.
for i in "${!names[@]}"; do
	[[ ${names[$i]} == *@* ]] && continue
	p=$(index_of "${names[$i]}@cpu$pincpu")
	[[ -n $p ]] && ratio "$i" "$p"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
