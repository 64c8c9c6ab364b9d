#!/usr/bin/env bash
# resume.sh kills training runs with SIGKILL at random moments, resumes them
# with -resume until they finish, and reports how many end with the outputs
# of the run that never stopped, byte for byte. It is not part of go test.
#
# Usage: bench/resume.sh [-n TRIALS] [-e EPOCHS] [-s SEED] [-h] [-- TRAIN FLAGS]
#
#   -n TRIALS  runs to kill and resume (default 20)
#   -e EPOCHS  epochs of each run (default 60)
#   -s SEED    seed of bash's RANDOM, which draws the moments (default 1)
#   -- FLAGS   more flags for train (e.g. -- -patience 5 -restore-best)
#
# First it trains the run once without interruption and times it (start-up
# and output writes included): T. Trial i of n then starts the run in a
# fresh directory and kills it (kill -9) after a delay drawn uniformly from
# the i-th n-th of [0, T], so that the kills cover the whole run, start-up
# and output writes included; then it resumes it. A resumed run is itself
# killed, after a delay drawn from [0, T], half of the time, up to 3 kills
# a trial, and otherwise runs to its end. A run killed before it saved its
# first state has nothing to resume: it is started again, as a user would.
# The outputs compared are history.csv, model.npz, encoder.npz,
# codes_test.csv, loss.png, loss.svg and graph.dot. It prints one line per
# trial, each kill as DELAY:WHERE (WHERE: the epochs the killed process had
# logged, "outputs" when its training was over, or "finished-first" when a
# resumed run ended before the kill; "(DELAY:too-late)" is a first kill that
# came after the end, which the trial retries 20% earlier), and the count.
set -euo pipefail

usage() {
	sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

trials=20
epochs=60
seed=1
while (($# > 0)); do
	case $1 in
	-n | -e | -s)
		(($# >= 2)) && [[ $2 =~ ^[0-9]+$ ]] || { echo "resume.sh: $1 needs a whole number" >&2; exit 2; }
		case $1 in
		-n) trials=$2 ;;
		-e) epochs=$2 ;;
		-s) seed=$2 ;;
		esac
		shift 2
		;;
	-h | --help)
		usage
		exit 0
		;;
	--)
		shift
		break
		;;
	*)
		echo "resume.sh: unknown argument '$1' (see -h)" >&2
		exit 2
		;;
	esac
done
((trials > 0 && epochs > 0)) || { echo "resume.sh: -n and -e must be positive" >&2; exit 2; }
extra=("$@")

cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "building the Go program" >&2
go build -o "$tmp/ae" .
outputs=(history.csv model.npz encoder.npz codes_test.csv loss.png loss.svg graph.dot)
run=(-epochs "$epochs" -verbose 2 "${extra[@]}")

now_ms() { echo $((${EPOCHREALTIME/./} / 1000)); }

# T is the fastest of three uninterrupted runs, so that the late kills land
# before the end of runs that go faster than the first one.
wall=
for i in 1 2 3; do
	rm -rf "$tmp/want"
	t0=$(now_ms)
	"$tmp/ae" "${run[@]}" -out "$tmp/want" >"$tmp/want.log" 2>&1 || { cat "$tmp/want.log" >&2; exit 1; }
	t=$(($(now_ms) - t0))
	[[ -z $wall ]] || ((t < wall)) && wall=$t
done
echo "uninterrupted: $(tail -n 1 "$tmp/want.log")"
echo "wall time ${wall} ms (the fastest of 3); kills drawn from 0 to ${wall} ms"

RANDOM=$seed
# where describes where a killed run's log had got to: the epochs it had
# logged, or "outputs" once its last epoch was logged.
where() {
	local done
	done=$(grep -c ' - loss: ' "$1" || true)
	if grep -q "^Epoch $epochs/$epochs\$" "$1" && [[ $(grep -c '^Epoch ' "$1" || true) == "$done" ]]; then
		echo "outputs"
	else
		echo "$done"
	fi
}

same=0
for ((trial = 1; trial <= trials; trial++)); do
	dir=$tmp/run$trial
	kills=()
	finished=0
	retry_delay=-1
	for ((attempt = 1; attempt <= 4; attempt++)); do
		if [[ -f $dir/state.npz ]]; then
			args=(-resume -out "$dir")
		else
			args=("${run[@]}" -out "$dir")
		fi
		if ((attempt == 1 || (attempt <= 3 && RANDOM % 2 == 0))); then
			r=$((RANDOM * 32768 + RANDOM))
			if ((attempt == 1 && retry_delay >= 0)); then
				delay_ms=$retry_delay
			elif ((attempt == 1)); then
				delay_ms=$(((trial - 1) * wall / trials + r % (wall / trials + 1)))
			else
				delay_ms=$((r % (wall + 1)))
			fi
			"$tmp/ae" "${args[@]}" >"$tmp/log" 2>&1 &
			pid=$!
			sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
			kill -9 "$pid" 2>/dev/null || true
			if wait "$pid" 2>/dev/null; then
				if ((attempt == 1)); then
					# The run beat the kill: start the trial again with the
					# kill 20% earlier, so that every trial has one.
					kills+=("(${delay_ms}ms:too-late)")
					rm -rf "$dir"
					retry_delay=$((delay_ms * 8 / 10))
					attempt=0
					continue
				fi
				kills+=("${delay_ms}ms:finished-first")
				finished=1
				break
			fi
			kills+=("${delay_ms}ms:$(where "$tmp/log")")
		else
			if ! "$tmp/ae" "${args[@]}" >"$tmp/log" 2>&1; then
				echo "trial $trial: the resumed run failed:" >&2
				tail -n 3 "$tmp/log" >&2
				break
			fi
			finished=1
			break
		fi
	done
	if ((!finished)); then
		"$tmp/ae" -resume -out "$dir" >"$tmp/log" 2>&1 || "$tmp/ae" "${run[@]}" -out "$dir" >"$tmp/log" 2>&1 || true
	fi
	diff=()
	for f in "${outputs[@]}"; do
		cmp -s "$dir/$f" "$tmp/want/$f" || diff+=("$f")
	done
	if ((${#diff[@]} == 0)); then
		same=$((same + 1))
		echo "trial $trial: identical; killed at ${kills[*]}"
	else
		echo "trial $trial: DIFFERENT (${diff[*]}); killed at ${kills[*]}"
	fi
done
echo "$same of $trials resumed runs identical to the uninterrupted run"
((same == trials))
