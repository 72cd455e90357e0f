#!/usr/bin/env bash
# Local single-node Apache Kafka broker (KRaft combined mode: broker + controller in one JVM),
# assembled from Maven Central jars (deploy/local/kafka/pom.xml). No Docker, no Kafka package.
#
# Usage: deploy/local/kafka.sh <command>     (from any directory)
#   install  copy the broker's jars into $KAFKA_HOME/libs (Maven; the only step that downloads;
#            does nothing when they are there and the pom has not changed)
#   start    install if needed, format the storage once, start the broker in the background and
#            wait until it is READY (topic maillage.readiness created and described, group
#            coordinator up: deploy/local/kafka-ready.js). Does nothing if it is already ready.
#            Messages go to stderr; stdout gets one line saying what happened, for scripts:
#            "started <pid>" (this call launched it), "running <pid>" (it was already running)
#            or "external" (a broker not started by this script serves the port).
#   stop     SIGTERM, wait for exit, SIGKILL after $KAFKA_STOP_TIMEOUT s. Does nothing if stopped.
#   status   exit 0: running and ready; 1: running, not ready; 3: not running
#   reset    stop, then delete the data and logs (the jars are kept)
#   logs     print the end of the broker log (N=200 lines by default)
#
# Environment:
#   KAFKA_PORT             PLAINTEXT port on 127.0.0.1 (default 9092)
#   KAFKA_CONTROLLER_PORT  KRaft controller port (default KAFKA_PORT + 1)
#   KAFKA_HOME             working directory: libs/, data/, logs/, server.properties, kafka.pid
#                          (default deploy/local/.kafka, git-ignored)
#   KAFKA_LIBS             the broker's jars (default $KAFKA_HOME/libs); point a second broker's
#                          KAFKA_HOME at the first one's libs to start it without a download
#   KAFKA_READY_TIMEOUT    seconds to wait for readiness (default 90)
#   KAFKA_STOP_TIMEOUT     seconds to wait after SIGTERM before SIGKILL (default 30)
#   KAFKA_HEAP_OPTS        default "-Xms256m -Xmx768m"
#   KAFKA_JVM_OPTS         extra JVM options, appended
# shellcheck disable=SC2317 # the cmd_* functions are called indirectly ("cmd_$cmd")
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd -- "$SCRIPT_DIR/../.." && pwd -P)"
POM="$SCRIPT_DIR/kafka/pom.xml"
LOG4J_CONFIG="$SCRIPT_DIR/kafka/log4j.properties"
READY_JS="$SCRIPT_DIR/kafka-ready.js"

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
KAFKA_HOME="${KAFKA_HOME:-$SCRIPT_DIR/.kafka}"
KAFKA_READY_TIMEOUT="${KAFKA_READY_TIMEOUT:-90}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m}"
KAFKA_JVM_OPTS="${KAFKA_JVM_OPTS:-}"
HOST=127.0.0.1
HOME_MARKER=.maillage-kafka-home

log() { printf 'kafka.sh: %s\n' "$*" >&2; }
die() {
  printf 'kafka.sh: error: %s\n' "$*" >&2
  exit 1
}

# ---------------------------------------------------------------------------------------------
# Paths and guards

init_home() {
  case "$KAFKA_PORT$KAFKA_CONTROLLER_PORT" in
    *[!0-9]*) die "KAFKA_PORT ($KAFKA_PORT) and KAFKA_CONTROLLER_PORT ($KAFKA_CONTROLLER_PORT) must be numbers" ;;
  esac
  [[ "$KAFKA_PORT" != "$KAFKA_CONTROLLER_PORT" ]] || die "KAFKA_PORT and KAFKA_CONTROLLER_PORT must differ"
  # KAFKA_HOME is also the conventional name of a Kafka installation directory: never write to
  # (or, on reset, delete from) a non-empty directory that this script did not create.
  if [[ -d "$KAFKA_HOME" && ! -f "$KAFKA_HOME/$HOME_MARKER" ]] && [[ -n "$(ls -A -- "$KAFKA_HOME")" ]]; then
    die "KAFKA_HOME=$KAFKA_HOME is a non-empty directory not made by this script (no $HOME_MARKER): unset KAFKA_HOME or point it to a new directory"
  fi
  mkdir -p "$KAFKA_HOME"
  KAFKA_HOME="$(cd -- "$KAFKA_HOME" && pwd -P)"
  touch "$KAFKA_HOME/$HOME_MARKER"
  LIBS="${KAFKA_LIBS:-$KAFKA_HOME/libs}"
  DATA="$KAFKA_HOME/data"
  LOGS="$KAFKA_HOME/logs"
  CONFIG="$KAFKA_HOME/server.properties"
  PIDFILE="$KAFKA_HOME/kafka.pid"
  PORTFILE="$KAFKA_HOME/kafka.port"
  SERVER_LOG="$LOGS/server.log"
  CONSOLE_LOG="$LOGS/kafka.out"
}

# Serialises install/start/stop/reset of one KAFKA_HOME (e.g. two test runs starting at once).
take_lock() {
  command -v flock >/dev/null 2>&1 || return 0
  exec 9>"$KAFKA_HOME/.lock"
  flock -w 600 9 || die "could not lock $KAFKA_HOME/.lock within 600 s (another kafka.sh still running?)"
}

require() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' not found on PATH: $2"
}

show_log_tail() {
  local f
  for f in "$CONSOLE_LOG" "$SERVER_LOG" "$LOGS/format.log"; do
    if [[ -s "$f" ]]; then
      printf '\n----- last lines of %s -----\n' "$f" >&2
      tail -n 60 -- "$f" >&2
    fi
  done
  printf -- '-----\n' >&2
}

# ---------------------------------------------------------------------------------------------
# Process helpers

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# alive and not a zombie (a detached broker may be reaped late by a container's PID 1)
pid_alive() {
  local state
  kill -0 "$1" 2>/dev/null || return 1
  state="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || true)"
  [[ "$state" != Z ]]
}

# Prints the broker's pid if the pid file names a live broker of this KAFKA_HOME.
running_pid() {
  local pid
  [[ -s "$PIDFILE" ]] || return 1
  pid="$(tr -dc '0-9' <"$PIDFILE")"
  [[ -n "$pid" ]] || return 1
  pid_alive "$pid" || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    # guard against a recycled pid
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "kafka.Kafka $CONFIG" || return 1
  fi
  printf '%s\n' "$pid"
}

# is_ready <seconds> [pid]
is_ready() {
  local args=(--brokers "$HOST:$KAFKA_PORT" --deadline "$1")
  [[ -n "${2:-}" ]] && args+=(--pid "$2")
  node "$READY_JS" "${args[@]}" >&2
}

# ---------------------------------------------------------------------------------------------
# Commands

cmd_install() {
  local stamp="$LIBS/.installed" want tmp
  want="$(sha256sum <"$POM" | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && compgen -G "$LIBS/kafka_2.13-*.jar" >/dev/null; then
    log "jars already installed in $LIBS"
    return 0
  fi
  if running_pid >/dev/null; then
    die "the broker is running from $LIBS and the pom changed: run '$0 stop' first"
  fi
  require mvn "install Maven (Debian package 'maven')"
  require java "install a JDK >= 17 (Debian package 'openjdk-17-jre-headless')"
  log "installing the broker's jars into $LIBS (Maven: $POM)"
  tmp="$KAFKA_HOME/libs.tmp.$$"
  rm -rf -- "$tmp"
  local t0=$SECONDS mvn_log="$KAFKA_HOME/install.log"
  if ! mvn -q -B -Dstyle.color=never -f "$POM" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$tmp" >"$mvn_log" 2>&1; then
    rm -rf -- "$tmp"
    tail -n 40 -- "$mvn_log" >&2
    die "Maven could not copy the dependencies of $POM (is Maven Central reachable? full output: $mvn_log)"
  fi
  compgen -G "$tmp/kafka_2.13-*.jar" >/dev/null || {
    rm -rf -- "$tmp"
    die "Maven ran but no kafka_2.13 jar is in $tmp"
  }
  printf '%s\n' "$want" >"$tmp/.installed"
  rm -rf -- "$LIBS"
  mv -- "$tmp" "$LIBS"
  log "installed $(find "$LIBS" -name '*.jar' | wc -l) jars ($(du -sh "$LIBS" | cut -f1)) in $((SECONDS - t0))s: $(basename "$(compgen -G "$LIBS/kafka_2.13-*.jar")")"
}

write_config() {
  cat >"$CONFIG" <<EOF
# Generated by deploy/local/kafka.sh at each start: edit the script, not this file.
# Single node, KRaft combined mode, for local development and tests only.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT

log.dirs=$DATA
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=false
delete.topic.enable=true

# Internal topics: one replica, few partitions (they are created on first use).
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
group.initial.rebalance.delay.ms=0

# Small segments and a bounded retention: tests create many short-lived topics.
log.segment.bytes=16777216
log.index.size.max.bytes=1048576
log.retention.hours=24
log.retention.bytes=268435456
log.retention.check.interval.ms=60000
log.cleaner.threads=1
log.cleaner.dedupe.buffer.size=16777216
num.recovery.threads.per.data.dir=1

# 2-core machine.
num.network.threads=2
num.io.threads=4
background.threads=4
EOF
}

format_storage() {
  if [[ -f "$DATA/meta.properties" ]]; then
    return 0
  fi
  rm -rf -- "$DATA"
  local cluster_id
  cluster_id="$(java -Dlog4j.configuration="file:$LOG4J_CONFIG" -Dkafka.logs.dir="$LOGS" \
    -cp "$LIBS/*" kafka.tools.StorageTool random-uuid 2>>"$LOGS/format.log")" ||
    { show_log_tail; die "kafka.tools.StorageTool random-uuid failed"; }
  log "formatting $DATA (cluster id $cluster_id)"
  if ! java -Dlog4j.configuration="file:$LOG4J_CONFIG" -Dkafka.logs.dir="$LOGS" \
    -cp "$LIBS/*" kafka.tools.StorageTool format -t "$cluster_id" -c "$CONFIG" >>"$LOGS/format.log" 2>&1; then
    show_log_tail
    die "formatting the storage failed"
  fi
  printf '%s\n' "$cluster_id" >"$KAFKA_HOME/cluster.id"
}

launch() {
  rm -f -- "$PIDFILE"
  # Detached (own session, no stdin, output to a file) so it survives the caller, e.g. a jest
  # global setup. fd 9 (the lock) is closed so that the broker does not hold it.
  # The wrapper shell writes its own pid, then execs java: the pid file names the JVM.
  (
    cd -- "$KAFKA_HOME"
    # shellcheck disable=SC2086,SC2016 # *_OPTS are lists of options; $$ and $0 are the inner shell's
    setsid nohup bash -c 'printf "%s\n" "$$" >"$0"; exec "$@"' "$PIDFILE" \
      java $KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
      -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
      -Dlog4j.configuration="file:$LOG4J_CONFIG" -Dkafka.logs.dir="$LOGS" \
      $KAFKA_JVM_OPTS -cp "$LIBS/*" kafka.Kafka "$CONFIG" \
      </dev/null >>"$CONSOLE_LOG" 2>&1 9>&- &
  )
  local i
  for ((i = 0; i < 200; i++)); do
    [[ -s "$PIDFILE" ]] && break
    sleep 0.05
  done
  [[ -s "$PIDFILE" ]] || { show_log_tail; die "the broker process did not start"; }
  printf '%s\n' "$KAFKA_PORT" >"$PORTFILE"
}

cmd_start() {
  local t0=$SECONDS pid running_port
  require node "install Node.js >= 20 (readiness is checked with kafkajs)"
  take_lock
  cmd_install
  if pid="$(running_pid)"; then
    running_port="$(cat "$PORTFILE" 2>/dev/null || echo '?')"
    [[ "$running_port" == "$KAFKA_PORT" ]] ||
      die "a broker of $KAFKA_HOME is already running (pid $pid) on port $running_port, not $KAFKA_PORT: run '$0 stop' first"
    if is_ready 10 "$pid" >/dev/null 2>&1; then
      log "already running (pid $pid) and ready at $HOST:$KAFKA_PORT"
      echo "running $pid"
      return 0
    fi
    log "running (pid $pid) but not ready yet: waiting up to ${KAFKA_READY_TIMEOUT}s"
    if ! is_ready "$KAFKA_READY_TIMEOUT" "$pid"; then
      show_log_tail
      die "the broker (pid $pid) is running but not ready at $HOST:$KAFKA_PORT; try '$0 stop' then '$0 start'"
    fi
    echo "running $pid"
    return 0
  fi
  if port_open "$KAFKA_PORT"; then
    if is_ready 10 >/dev/null 2>&1; then
      log "a Kafka broker not started by this script already serves $HOST:$KAFKA_PORT: using it"
      echo "external"
      return 0
    fi
    die "port $HOST:$KAFKA_PORT is taken by a process that is not a ready Kafka broker ($(ss -ltnpH "sport = :$KAFKA_PORT" 2>/dev/null | awk '{print $NF}' | head -1)); set KAFKA_PORT to another port"
  fi
  if port_open "$KAFKA_CONTROLLER_PORT"; then
    die "controller port $HOST:$KAFKA_CONTROLLER_PORT is already taken; set KAFKA_CONTROLLER_PORT (or KAFKA_PORT) to another port"
  fi
  require java "install a JDK >= 17 (Debian package 'openjdk-17-jre-headless')"
  mkdir -p -- "$LOGS"
  : >"$LOGS/format.log"
  write_config
  format_storage
  log "starting the broker ($HOST:$KAFKA_PORT, controller $HOST:$KAFKA_CONTROLLER_PORT, home $KAFKA_HOME)"
  printf '\n===== %s start =====\n' "$(date -u +%FT%TZ)" >>"$CONSOLE_LOG"
  launch
  pid="$(tr -dc '0-9' <"$PIDFILE")"
  if ! is_ready "$KAFKA_READY_TIMEOUT" "$pid"; then
    show_log_tail
    rm -f -- "$PORTFILE"
    if ! pid_alive "$pid"; then
      rm -f -- "$PIDFILE"
      die "the broker (pid $pid) exited during startup: see the log lines above (logs: $LOGS)"
    fi
    log "stopping the broker that did not become ready (pid $pid)"
    stop_pid "$pid" || true
    rm -f -- "$PIDFILE"
    die "the broker did not become ready at $HOST:$KAFKA_PORT within ${KAFKA_READY_TIMEOUT}s (logs: $LOGS)"
  fi
  log "started (pid $pid) and ready at $HOST:$KAFKA_PORT in $((SECONDS - t0))s"
  echo "started $pid"
}

stop_pid() {
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < KAFKA_STOP_TIMEOUT * 10; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.1
  done
  log "pid $pid still alive ${KAFKA_STOP_TIMEOUT}s after SIGTERM: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.1
  done
  die "pid $pid survived SIGKILL"
}

cmd_stop() {
  local pid t0=$SECONDS
  take_lock
  if ! pid="$(running_pid)"; then
    rm -f -- "$PIDFILE" "$PORTFILE"
    log "not running"
    return 0
  fi
  log "stopping the broker (pid $pid)"
  stop_pid "$pid"
  rm -f -- "$PIDFILE" "$PORTFILE"
  log "stopped in $((SECONDS - t0))s"
}

cmd_status() {
  local pid
  if ! pid="$(running_pid)"; then
    echo "not running (home $KAFKA_HOME)"
    return 3
  fi
  if node "$READY_JS" --brokers "$HOST:$KAFKA_PORT" --deadline 5 --pid "$pid" --quiet 2>/dev/null; then
    echo "running (pid $pid) and ready at $HOST:$KAFKA_PORT (home $KAFKA_HOME)"
    return 0
  fi
  echo "running (pid $pid) but NOT ready at $HOST:$KAFKA_PORT (home $KAFKA_HOME; logs: $LOGS)"
  return 1
}

cmd_reset() {
  cmd_stop
  rm -rf -- "$DATA" "$LOGS" "$CONFIG" "$KAFKA_HOME/cluster.id" "$PIDFILE" "$PORTFILE"
  log "data and logs deleted from $KAFKA_HOME (jars kept)"
}

cmd_logs() {
  [[ -f "$SERVER_LOG" ]] || die "no log yet ($SERVER_LOG)"
  tail -n "${N:-200}" -- "$SERVER_LOG"
}

main() {
  local cmd="${1:-}"
  case "$cmd" in
    install | start | stop | status | reset | logs) ;;
    -h | --help | help)
      awk 'NR == 1 || /^# shellcheck/ { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"
      return 0
      ;;
    *)
      printf 'usage: %s {install|start|stop|status|reset|logs}   (--help for details)\n' "$0" >&2
      return 2
      ;;
  esac
  init_home
  cd -- "$REPO_ROOT"
  "cmd_$cmd"
}

# One compound command, read whole before it runs: editing this file while it runs cannot
# make bash execute a fragment of the new version after main returns.
{
  main "$@"
  exit
}
