#!/usr/bin/env bash
# bench/start.sh — time to ready and RSS after warm-up of the three services, started exactly as `./openly up` starts
# them (issue 17 goal 5). Needs a stack from `./openly up` with the same OPENLY_* environment (ports, OPENLY_HOME).
# Each run stops the service(s) it measures, starts them again through `./openly _restart`, and reports:
#   ready_s       process start to the first 200 from /q/health/ready (polled every 0.1 s)
#   quarkus_s     Quarkus' own "started in" figure (JVM start excluded)
#   rss_ready_mb  VmRSS the moment it was ready
#   rss_warm_mb   VmRSS after the warm-up (a few hundred authenticated requests to the service, then 5 s idle)
#   gap_s         from the moment Quarkus logged "started in" to the first ready answer (readiness checks, polling)
#   cpu_s         CPU seconds the JVM used until ready (user + system): compare configurations by it on a busy box
#   load1         the 1-minute load average when the run started (the box is shared: read figures next to it)
# The JVM configuration is the caller's: OPENLY_SERVICE_JAVA_OPTS, OPENLY_APPCDS, OPENLY_JAVA_HOME (OPENLY_APPCDS=build: the build's archive; default: the trained one, see openly).
# usage: bench/start.sh LABEL alone|together [RUNS] [SERVICE...]     (output: one line per service and run)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LABEL="${1:?label}" MODE="${2:?alone|together}" RUNS="${3:-1}"
shift $(( $# < 3 ? $# : 3 ))
SERVICES=("$@"); [ "${#SERVICES[@]}" -gt 0 ] || SERVICES=(journal reminder insights)
HOME_DIR="${OPENLY_HOME:-$ROOT/.openly}"
port() { case "$1" in journal) echo "${OPENLY_JOURNAL_PORT:-8081}" ;; reminder) echo "${OPENLY_REMINDER_PORT:-8082}" ;; insights) echo "${OPENLY_INSIGHTS_PORT:-8083}" ;; esac; }
mport() {
  case "$1" in
    journal) echo "${OPENLY_JOURNAL_MANAGEMENT_PORT:-$(( $(port journal) + 100 ))}" ;;
    reminder) echo "${OPENLY_REMINDER_MANAGEMENT_PORT:-$(( $(port reminder) + 100 ))}" ;;
    insights) echo "${OPENLY_INSIGHTS_MANAGEMENT_PORT:-$(( $(port insights) + 100 ))}" ;;
  esac
}
pid_of() { cat "$HOME_DIR/run/$1.pid" 2>/dev/null || true; }
rss_mb() { awk '/^VmRSS/ {printf "%d", $2/1024}' "/proc/$1/status" 2>/dev/null || echo -; }
now() { date +%s.%N; }
# CPU seconds (user + system, all threads) the process used so far: far less sensitive than wall time to what else runs.
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$1/stat" 2>/dev/null || echo -; }
# START_THREADS=1: also the CPU seconds to ready by thread group (live threads only; comm is cut at 15 characters):
# main, C2 and C1 compiler threads, GC, VM thread, Kafka clients, Vert.x/executor, the rest. Printed to stderr.
threads_cpu() {
  local pid="$1" t
  for t in /proc/"$pid"/task/*; do
    printf '%s\t%s\n' "$(cat "$t/comm" 2>/dev/null)" "$(cut -d')' -f2 "$t/stat" 2>/dev/null | awk '{print $12 + $13}')"
  done | awk -F'\t' -v hz="$(getconf CLK_TCK)" '
    { n=$1; g="other"
      if (n=="main" || n=="java") g="main"; else if (n ~ /^C2 Compiler/) g="C2"; else if (n ~ /^C1 Compiler/) g="C1"
      else if (n ~ /GC|Serial|G1/) g="GC"; else if (n=="VM Thread") g="VM"; else if (n ~ /kafka/) g="kafka"
      else if (n ~ /vert\.x|executor|agroal/) g="vertx+exec"
      c[g]+=$2 }
    END { for (g in c) printf "%s=%.1f ", g, c[g]/hz; print "" }'
}

stop() {
  local s pid
  for s in "$@"; do
    pid="$(pid_of "$s")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    rm -f "$HOME_DIR/run/$s.pid"
  done
}

warm_up() { # a few hundred requests on the paths people use most; prints how many answered 2xx
  local s="$1" base token ok
  base="http://localhost:$(port "$s")/api/v1"
  token="$("$ROOT/openly" token --user "start-bench-$s" --org start-bench)"
  local auth=(-H "Authorization: Bearer $token")
  local urls=()
  case "$s" in
    journal)
      local body
      body="{\"practice\":\"BODY_ANCHOR\",\"occurredAt\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"timeZone\":\"Europe/Berlin\",\"breaths\":10,\"handOnHeart\":true,\"calmBefore\":3,\"calmAfter\":7}"
      ok=$(curl -s -o /dev/null -w 'code=%{http_code}\n' "${auth[@]}" -H 'Content-Type: application/json' -X POST -d "$body" \
        $(for _ in $(seq 1 40); do printf '%s ' "$base/entries"; done) | grep -c 'code=2' || true)
      for _ in $(seq 1 200); do urls+=("$base/entries" "$base/prompts/today?practice=BODY_ANCHOR"); done ;;
    reminder) for _ in $(seq 1 200); do urls+=("$base/reminders/next" "$base/reminders/preferences"); done; ok=0 ;;
    insights) for _ in $(seq 1 200); do urls+=("$base/insights/streaks" "$base/insights/weekly"); done; ok=0 ;;
  esac
  ok=$(( ok + $(curl -s -o /dev/null -w 'code=%{http_code}\n' "${auth[@]}" "${urls[@]}" | grep -c 'code=2' || true) ))
  echo "$ok"
}

printf '%-22s %-8s %-8s %3s %7s %9s %6s %6s %12s %11s %6s %5s\n' label service mode run ready_s quarkus_s gap_s cpu_s rss_ready_mb rss_warm_mb warm2xx load1
for run in $(seq 1 "$RUNS"); do
  if [ "$MODE" = alone ]; then groups=("${SERVICES[@]}"); else groups=("${SERVICES[*]}"); fi
  # Alone: every other service stopped first; together: all of them started at once.
  stop journal reminder insights
  for g in "${groups[@]}"; do
    # shellcheck disable=SC2206
    members=($g)
    sleep 3
    load="$(cut -d' ' -f1 /proc/loadavg)"
    declare -A ready=() ready_at=() started_pid=() rss_ready=() cpu=()
    t0="$(now)"
    for s in "${members[@]}"; do "$ROOT/openly" _restart "$s"; started_pid[$s]="$(pid_of "$s")"; done
    left=("${members[@]}")
    while [ "${#left[@]}" -gt 0 ]; do
      next=()
      for s in "${left[@]}"; do
        if curl -fs -o /dev/null --max-time 1 "http://localhost:$(mport "$s")/q/health/ready"; then
          ready_at[$s]="$(now)"; ready[$s]="$(echo "${ready_at[$s]} - $t0" | bc)"; rss_ready[$s]="$(rss_mb "${started_pid[$s]}")"; cpu[$s]="$(cpu_s "${started_pid[$s]}")"
          [ "${START_THREADS:-0}" != 1 ] || echo "threads at ready $LABEL $s: $(threads_cpu "${started_pid[$s]}")" >&2
        else
          kill -0 "${started_pid[$s]}" 2>/dev/null || { echo "$s stopped while starting (see $HOME_DIR/logs/$s.log)" >&2; exit 1; }
          (( $(echo "$(now) - $t0 > 180" | bc) )) && { echo "$s not ready in 180 s" >&2; exit 1; }
          next+=("$s")
        fi
      done
      left=("${next[@]+"${next[@]}"}")
      [ "${#left[@]}" -eq 0 ] || sleep 0.1
    done
    declare -A warm=()
    # START_WARM=0: no warm-up (rss_warm_mb is then the RSS a few seconds after ready): for A/B runs of the start alone.
    if [ "${START_WARM:-1}" = 1 ]; then
      for s in "${members[@]}"; do warm[$s]="$(warm_up "$s")"; done
      sleep 5
    else for s in "${members[@]}"; do warm[$s]=-; done; fi
    for s in "${members[@]}"; do
      line="$(grep 'started in [0-9.]*s' "$HOME_DIR/logs/$s.log" | tail -n1)"
      q="$(grep -o 'started in [0-9.]*s' <<<"$line" | sed 's/started in //; s/s$//')"
      # The log's local time with milliseconds ("2026-12-02 14:02:27,254") as epoch seconds.
      logged="$(date -d "$(cut -c1-23 <<<"$line" | tr ',' '.')" +%s.%N 2>/dev/null || echo "")"
      gap="$([ -n "$logged" ] && printf "%.2f" "$(echo "${ready_at[$s]} - $logged" | bc)" || echo -)"
      printf '%-22s %-8s %-8s %3s %7.2f %9s %6s %6s %12s %11s %6s %5s\n' "$LABEL" "$s" "$MODE" "$run" "${ready[$s]}" "$q" "$gap" "${cpu[$s]}" \
        "${rss_ready[$s]}" "$(rss_mb "${started_pid[$s]}")" "${warm[$s]}" "$load"
    done
    stop "${members[@]}"
    unset ready ready_at started_pid rss_ready warm cpu
  done
done
