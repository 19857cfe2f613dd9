# shellcheck shell=bash
# Host services of the guest tests, sourced by tests/guest-ladder and
# tests/guest-iscsi: an iSCSI target (tgtd) with file-backed LUNs and an
# iperf3 server on 127.0.0.1, free ports, bounded waits. The caller
# defines say and die and sets $work (a scratch directory).

# shellcheck disable=SC2154 # work is the caller's
tgtd_pid='' control_port='' iscsi_port='' iperf_pid='' iperf_port=''

tcp_port_free() { ! ss -Hltn "sport = :$1" | grep -q .; }
port_listening() { ! tcp_port_free "$1"; }
pid_gone() { ! kill -0 "$1" 2>/dev/null; }

# A free TCP port: $1 if free, else one from a pseudo-random range.
pick_port() {
    local p=$1 n
    for n in $(seq 1 50); do
        tcp_port_free "$p" && { echo "$p"; return; }
        p=$((20000 + (RANDOM % 20000)))
    done
    die "no free TCP port found"
}

# tgtd's control channel is a unix socket named after the "control port";
# take one no other tgtd uses (a system tgtd has 0).
pick_control_port() {
    local p n
    for n in $(seq 1 50); do
        p=$((1000 + (RANDOM % 30000)))
        [ -e "/run/tgtd/socket.$p" ] || { echo "$p"; return; }
    done
    die "no free tgtd control port found"
}

tgt() { tgtadm -C "$control_port" --lld iscsi "$@"; }

# start_tgtd IQN MB...: target IQN with LUN n (from 1) a file of the n-th
# size, $work/lun<n>.img, open to every initiator.
start_tgtd() {
    local iqn=$1 n=1 mb
    shift
    iscsi_port=$(pick_port 3260)
    control_port=$(pick_control_port)
    tgtd -f -C "$control_port" --iscsi "portal=127.0.0.1:$iscsi_port" > "$work/tgtd.log" 2>&1 &
    tgtd_pid=$!
    wait_until 10 tgt --mode sys --op show ||
        { cat "$work/tgtd.log" >&2; die "tgtd did not start"; }
    tgt --mode target --op new --tid 1 -T "$iqn"
    for mb in "$@"; do
        truncate -s "${mb}M" "$work/lun$n.img"
        tgt --mode logicalunit --op new --tid 1 --lun "$n" -b "$work/lun$n.img"
        n=$((n + 1))
    done
    tgt --mode target --op bind --tid 1 -I ALL
    say "tgtd: $iqn on 127.0.0.1:$iscsi_port (control port $control_port), LUNs of $* MiB"
}

stop_tgtd() {
    [ -n "$tgtd_pid" ] || return 0
    # tgtd ignores SIGTERM; it leaves when told to over its control port,
    # once it has no targets.
    tgt --mode target --op delete --tid 1 --force >/dev/null 2>&1 || true
    tgtadm -C "$control_port" --mode sys --op delete >/dev/null 2>&1 || true
    wait_until 8 pid_gone "$tgtd_pid" || kill -9 "$tgtd_pid" 2>/dev/null || true
    wait "$tgtd_pid" 2>/dev/null || true
    rm -f "/run/tgtd/socket.$control_port" "/run/tgtd/socket.$control_port.lock"
    tgtd_pid=''
}

# start_iperf [ADDRESS]: on 127.0.0.1, or the address given.
start_iperf() {
    local addr=${1:-127.0.0.1}
    iperf_port=$(pick_port 5201)
    iperf3 -s -B "$addr" -p "$iperf_port" > "$work/iperf3.log" 2>&1 &
    iperf_pid=$!
    wait_until 10 port_listening "$iperf_port" ||
        { cat "$work/iperf3.log" >&2; die "iperf3 server did not start"; }
    say "iperf3 server on $addr:$iperf_port"
}

# wait_until SECS CMD...: poll CMD until it succeeds.
wait_until() {
    local n=$(($1 * 5))
    shift
    until "$@" >/dev/null 2>&1; do
        n=$((n - 1))
        [ $n -gt 0 ] || return 1
        sleep 0.2
    done
}

stop_pid() { # pid: TERM, then KILL after 5 s
    [ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 0
    kill "$1" 2>/dev/null || true
    wait_until 5 pid_gone "$1" || kill -9 "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}
