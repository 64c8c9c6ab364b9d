#!/usr/bin/env bash
# bigdata.sh measures the program on your own data at scale (issue 12): it
# generates make_classification rows with the data command (1,000,000 rows
# of 100 features by default: a 1.9 GB CSV), writes the same rows as a
# float64 .npy file, and reports, with the CPU they ran on:
#
#   - loading: the Go reader (package dataset, through bench/bigdata) on
#     the CSV and on the .npy, pandas.read_csv on the same CSV (its default
#     parser, and float_precision="round_trip", the one that reads every
#     number exactly as Go does), and numpy.load on the .npy;
#   - one epoch of training with the program (`autoencoder -data FILE
#     -epochs 1`, built once, as `go run .` would run it) on the CSV and on
#     the .npy, and the low-copy pipeline of bench/bigdata (load, split and
#     scale in place, train without validation) for comparison;
#   - the training time per row at other sizes (--sizes), to see whether it
#     stays flat.
#
# Each with its wall time and peak RSS (GNU time's maximum resident set
# size), then the issue's goals: CSV load no slower than pandas.read_csv,
# .npy load of 1,000,000 x 100 under 1 s, peak RSS of the epoch on the CSV
# at most 1.5 x the float64 matrix + 100 MB (1.3 GB at 1,000,000 x 100),
# time per training row flat.
#
# Usage: bench/bigdata.sh [-n ROWS] [-f FEATURES] [--sizes "1000 10000 100000"]
#                         [--no-train] [--no-pandas] [-h]
#
#   -n ROWS      rows to generate (default 1000000)
#   -f FEATURES  features per row (default 100)
#   --sizes S    row counts for the per-row training time besides ROWS
#                (default "1000 10000 100000"; "" for ROWS alone)
#   --no-train   loading only
#   --no-pandas  skip pandas and numpy
#
# Environment:
#   PYTHON=/usr/bin/python3   a Python with pandas and numpy (Debian's
#                             python3-pandas); without them the script says so
#   TMPDIR                    where the files go (about 2.8 GB at the
#                             default size); all are deleted at the end
#
# Needs Linux (/proc) and GNU time (apt-get install time).
set -euo pipefail

usage() {
	sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

rows=1000000
features=100
sizes="1000 10000 100000"
train=1
pandas=1
while (($# > 0)); do
	case $1 in
	-n)
		(($# >= 2)) || { echo "bigdata.sh: -n needs a number" >&2; exit 2; }
		rows=$2
		shift 2
		;;
	-f)
		(($# >= 2)) || { echo "bigdata.sh: -f needs a number" >&2; exit 2; }
		features=$2
		shift 2
		;;
	--sizes)
		(($# >= 2)) || { echo "bigdata.sh: --sizes needs a list" >&2; exit 2; }
		sizes=$2
		shift 2
		;;
	--no-train)
		train=0
		shift
		;;
	--no-pandas)
		pandas=0
		shift
		;;
	-h | --help)
		usage
		exit 0
		;;
	*)
		echo "bigdata.sh: unknown argument '$1' (see -h)" >&2
		exit 2
		;;
	esac
done
for v in "$rows" "$features" $sizes; do
	if ! [[ $v =~ ^[1-9][0-9]*$ ]]; then
		echo "bigdata.sh: row and feature counts must be positive integers, got '$v'" >&2
		exit 2
	fi
done
gnutime=/usr/bin/time
if ! "$gnutime" -f %M true >/dev/null 2>&1; then
	echo "bigdata.sh: needs GNU time at $gnutime for the peak RSS (apt-get install time)" >&2
	exit 1
fi
python=${PYTHON:-/usr/bin/python3}

cd "$(dirname "$0")/.."
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bigdata.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The CSV is about 19 bytes a value, the .npy 8.
need=$((rows * features * 28 / 1024 / 1024 + 100))
free=$(df -Pm "$tmp" | awk 'NR == 2 { print $4 }')
if ((free < need)); then
	echo "bigdata.sh: $tmp has $free MB free, the files need about $need MB" >&2
	exit 1
fi

echo "CPU: $(grep -m1 '^model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) CPUs; $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo) RAM; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "go: $(go version | cut -d' ' -f3-)"

go build -o "$tmp/ae" .
go build -o "$tmp/bigdata" ./bench/bigdata

# warm FILE...: reads the files once, so that every reader finds them in the
# page cache (a cold 1.9 GB CSV takes seconds to come off the disk, and the
# readers measured after the first would get it free).
warm() { cat "$@" >/dev/null; }

# measure NAME CMD...: runs CMD under GNU time, prints its wall time and
# peak RSS and keeps its output in $tmp/out.txt. A failing command prints
# its last line of errors instead.
declare -A wall rss
measure() {
	local name=$1
	shift
	if "$gnutime" -f '%e %M' -o "$tmp/time.txt" "$@" >"$tmp/out.txt" 2>&1; then
		read -r w m <"$tmp/time.txt"
		wall[$name]=$w
		rss[$name]=$m
		printf '  %-44s %8.2f s   peak RSS %6.0f MiB\n' "$name" "$w" "$(awk -v m="$m" 'BEGIN { print m / 1024 }')"
		return 0
	fi
	printf '  %-44s failed: %s\n' "$name" "$(grep -v '^Command exited' "$tmp/out.txt" | tail -n 1)"
	return 1
}

# generate N DIR: the notebook's make_classification with N rows (10
# informative features, the rest redundant) into DIR/X.csv and DIR/y.csv.
generate() {
	local width=()
	if ((features != 100)); then
		width=(-features "$features" -redundant "$((features - 10))")
	fi
	"$tmp/ae" data -samples "$1" "${width[@]}" -test-size 0 -out "$2" >/dev/null
}

dir=$tmp/data
echo
echo "generating $rows rows x $features features (autoencoder data -samples $rows -test-size 0)"
generate "$rows" "$dir"
"$tmp/bigdata" npy "$dir/X.csv" "$dir/X.npy"
csv_mb=$(du -m "$dir/X.csv" | cut -f1)
npy_mb=$(du -m "$dir/X.npy" | cut -f1)
matrix_mb=$(awk -v r="$rows" -v f="$features" 'BEGIN { print r * f * 8 / 1048576 }')
printf '  X.csv %d MB, X.npy %d MB, y.csv (labels); the float64 matrix is %.0f MiB\n' "$csv_mb" "$npy_mb" "$matrix_mb"

echo
echo "loading, the files in the page cache (load average $(cut -d' ' -f1-3 /proc/loadavg))"
warm "$dir/X.csv"
measure "Go dataset.ReadFile, CSV" "$tmp/bigdata" load "$dir/X.csv" || true
warm "$dir/X.npy"
measure "Go dataset.ReadFile, .npy" "$tmp/bigdata" load "$dir/X.npy" || true
warm "$dir/X.csv" "$dir/y.csv"
measure "Go dataset.ReadFile, CSV + labels file" "$tmp/bigdata" load -labels "$dir/y.csv" "$dir/X.csv" || true
have_pandas=0
if ((pandas)); then
	if "$python" -c 'import pandas, numpy' 2>/dev/null; then
		have_pandas=1
		warm "$dir/X.csv"
		measure "pandas.read_csv (default parser)" "$python" -c "import pandas; pandas.read_csv('$dir/X.csv', header=None)" || true
		warm "$dir/X.csv"
		measure "pandas.read_csv (round_trip: exact)" "$python" -c "import pandas; pandas.read_csv('$dir/X.csv', header=None, float_precision='round_trip')" || true
		warm "$dir/X.npy"
		measure "numpy.load, .npy" "$python" -c "import numpy; numpy.load('$dir/X.npy')" || true
		pyimport=$("$python" -c "import time; t = time.perf_counter(); import pandas, numpy; print(time.perf_counter() - t)")
		printf '  (the Python lines include starting Python and importing pandas: %.2f s)\n' "$pyimport"
	else
		echo "  pandas: $python has no pandas/numpy (Debian: apt-get install python3-pandas); not measured"
	fi
fi

if ((train)); then
	echo
	echo "one epoch of training (load average $(cut -d' ' -f1-3 /proc/loadavg))"
	epoch() { # NAME FILE: one epoch of the program on FILE
		if measure "$1" "$tmp/ae" -data "$2" -epochs 1 -verbose 2 -out "$tmp/out"; then
			grep -oE '[0-9]+ epochs? in [^ ]+' "$tmp/out.txt" | sed 's/^/    training loop: /'
		fi
	}
	warm "$dir/X.csv"
	epoch "autoencoder -data X.csv -epochs 1" "$dir/X.csv" || true
	cp "$tmp/out.txt" "$tmp/epoch_csv.txt"
	warm "$dir/X.npy"
	epoch "autoencoder -data X.npy -epochs 1" "$dir/X.npy" || true
	warm "$dir/X.csv"
	if measure "bench/bigdata pipeline -epochs 1 (no val)" "$tmp/bigdata" pipeline -epochs 1 "$dir/X.csv"; then
		sed 's/^/    /' "$tmp/out.txt"
	fi

	echo
	echo "training time per row, one epoch of the program on the CSV (0.67 of the rows train)"
	# perrow N SECONDS WALL RSS_KB: one line of the table.
	perrow() {
		awk -v n="$1" -v s="$2" -v w="$3" -v m="$4" 'BEGIN {
			train = n - int(0.33 * n + 0.999999)
			printf "  %8d rows: training loop %8.2f s, %7.2f µs per training row; whole run %7.2f s, peak RSS %6.0f MiB\n", n, s, s / train * 1e6, w, m / 1024 }'
	}
	# loopsecs FILE: the training loop's time from the program's summary line.
	loopsecs() { # a Go duration such as 65ms, 2.5s or 1m5.2s
		grep -oE 'epochs? in [0-9][^ ]*' "$1" | tail -n 1 | awk '{
			d = $3; s = 0
			while (match(d, /^[0-9.]+(h|ms|m|s|µs)/)) {
				n = substr(d, 1, RLENGTH); d = substr(d, RLENGTH + 1)
				u = n; sub(/^[0-9.]+/, "", u); n += 0
				s += n * (u == "h" ? 3600 : u == "m" ? 60 : u == "ms" ? 1e-3 : u == "µs" ? 1e-6 : 1)
			}
			print s }'
	}
	for n in $sizes; do
		d=$tmp/d$n
		generate "$n" "$d"
		if "$gnutime" -f '%e %M' -o "$tmp/time.txt" "$tmp/ae" -data "$d/X.csv" -epochs 1 -verbose 0 -out "$tmp/out$n" >"$tmp/out.txt" 2>&1; then
			read -r w m <"$tmp/time.txt"
			perrow "$n" "$(loopsecs "$tmp/out.txt")" "$w" "$m"
		else
			echo "  $n rows: failed: $(tail -n 1 "$tmp/out.txt")"
		fi
		rm -rf "$d" "$tmp/out$n"
	done
	if [[ -n ${wall[autoencoder -data X.csv -epochs 1]:-} ]]; then
		perrow "$rows" "$(loopsecs "$tmp/epoch_csv.txt")" "${wall[autoencoder -data X.csv -epochs 1]}" "${rss[autoencoder -data X.csv -epochs 1]}"
	fi
fi

echo
echo "goals"
goal() { printf '  %-60s %s\n' "$1" "$2"; }
if [[ -n ${wall[Go dataset.ReadFile, CSV]:-} && $have_pandas == 1 && -n ${wall[pandas.read_csv (default parser)]:-} ]]; then
	g=${wall[Go dataset.ReadFile, CSV]} p=${wall[pandas.read_csv (default parser)]}
	goal "CSV load ($g s) at most pandas.read_csv's ($p s)" "$(awk -v g="$g" -v p="$p" 'BEGIN { print (g <= p ? "met" : "NOT met") }')"
fi
if [[ -n ${wall[Go dataset.ReadFile, .npy]:-} ]]; then
	g=${wall[Go dataset.ReadFile, .npy]}
	goal ".npy load of $rows x $features under 1 s (process: $g s)" "$(awk -v g="$g" -v r="$rows" 'BEGIN { print (r > 1000000 ? "n/a" : g < 1 ? "met" : "NOT met") }')"
fi
if [[ -n ${rss[autoencoder -data X.csv -epochs 1]:-} ]]; then
	m=${rss[autoencoder -data X.csv -epochs 1]}
	limit=$(awk -v x="$matrix_mb" 'BEGIN { print x * 1.5 + 100 }')
	goal "$(printf 'peak RSS of the epoch on the CSV (%.0f MiB) <= %.0f MiB' "$(awk -v m="$m" 'BEGIN { print m / 1024 }')" "$limit")" "$(awk -v m="$m" -v l="$limit" 'BEGIN { print (m / 1024 <= l ? "met" : "NOT met") }')"
fi
echo "  time per training row flat: see the table above"
