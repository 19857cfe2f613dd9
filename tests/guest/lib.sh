#!/bin/sh
# The library of in-guest check scripts run by tests/guest-checks (busybox
# sh). Prints "CHECK <name> PASS|FAIL <detail>" per check, evidence on
# failure, and "CHECKS-DONE" at the end (call finish).

: "${NIC_DRIVER:=bnx2x}"
checks_failed=0

# check NAME CMD...: run CMD; its output is the evidence when it fails.
check() {
    _name=$1; shift
    if _out=$("$@" 2>&1); then
        echo "CHECK $_name PASS ${_out##*
}"
    else
        echo "CHECK $_name FAIL ${_out##*
}"
        echo "EVIDENCE $_name"
        echo "$_out" | tail -n 40
        dmesg | tail -n 30
        echo "END-EVIDENCE"
        checks_failed=$((checks_failed + 1))
    fi
}

# hostcmd HMP-COMMAND...: have the host run a QEMU monitor command, wait
# for its answer on ttyS1 (30 s at most). ttyS1 stays open on fd 5 for
# the whole script: a serial port drops what arrives while it is closed.
hostcmd() {
    # numbered in a file: checks run in subshells
    # (and unique across the boots of a run: an answer to a command that
    # reset the guest must not match a command of the next boot)
    hostcmd_n=$(($(cat /tmp/.hostcmd_n 2>/dev/null || echo 0) + 1))
    echo "$hostcmd_n" > /tmp/.hostcmd_n
    [ -s /tmp/.hostcmd_boot ] || cut -c1-8 /proc/sys/kernel/random/uuid > /tmp/.hostcmd_boot
    hostcmd_id=$(cat /tmp/.hostcmd_boot)-$hostcmd_n
    # to the console itself: a check's own output is captured until it ends
    echo "HOSTCMD $hostcmd_id $*" > /dev/console
    while read -r -t 30 _l <&5; do
        case $_l in
            "DONE $hostcmd_id" | "DONE $hostcmd_id "*)
                hostcmd_reply=${_l#"DONE $hostcmd_id"}; return 0 ;;
        esac
    done
    echo "hostcmd: no answer to '$*'"
    return 1
}

# boot_number: which boot of the run this is (1, 2, ...; guest-checks --reboot)
boot_number() {
    hostcmd @boot >/dev/null || return 1
    echo $hostcmd_reply
}

# wait_until SECS CMD...: poll CMD ten times a second until it succeeds.
wait_until() {
    _n=$(($1 * 10)); shift
    while [ "$_n" -gt 0 ]; do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.1
        _n=$((_n - 1))
    done
    "$@" >/dev/null 2>&1
}

# The netdev bound to the driver under test.
find_if() {
    for _d in /sys/class/net/*; do
        [ -e "$_d/device/driver" ] || continue
        case $(readlink "$_d/device/driver") in
            */$NIC_DRIVER) echo "${_d##*/}"; return 0 ;;
        esac
    done
    return 1
}

carrier_is() { [ "$(cat "/sys/class/net/$IF/carrier" 2>/dev/null)" = "$1" ]; }

dmesg_mark() { _mark=$(dmesg | wc -l); }
# Errors, timeouts or stack traces the driver logged since the mark.
dmesg_clean() {
    _bad=$(dmesg | tail -n +$((_mark + 1)) |
           grep -iE 'timeout|timed out|error|fail|call trace|BUG|panic|MCP|stuck' |
           grep -vE 'ACPI|ahci|i8042' || true)
    [ -z "$_bad" ] || { echo "$_bad"; return 1; }
}

finish() {
    echo "CHECKS-DONE failed=$checks_failed"
}

# TCP traffic checks (l2-checks, tap-checks): the host at $HOST_IP runs
# iperf3 on $IPERF_PORT; $IF is the interface under test.

# iperf3 to the host: $1 streams, $2 "-R" for host to guest; prints Mb/s.
iperf() {
    timeout 60 iperf3 -c "$HOST_IP" -p "$IPERF_PORT" -t 3 -P "$1" $2 -f m \
        --connect-timeout 5000 > /tmp/iperf.out 2>&1 || { tail -n 5 /tmp/iperf.out; return 1; }
    awk '/receiver/ {r = $(NF-2) " " $(NF-1)} END {print r}' /tmp/iperf.out
}

# TCP segments the guest dropped for a bad checksum
csum_errors() {
    awk '/^Tcp:/ { if (!h) { for (i = 1; i <= NF; i++) c[$i] = i; h = 1 }
                   else print $c["InCsumErrors"] }' /proc/net/snmp
}

# iperf3 both ways; the guest's TCP counts no checksum errors.
traffic_clean() {
    _e=$(csum_errors)
    _up=$(iperf 1) && _down=$(iperf 1 -R) || return 1
    [ "$(csum_errors)" = "$_e" ] || { echo "TCP checksum errors: $_e -> $(csum_errors)"; return 1; }
    echo "guest->host $_up, host->guest $_down, no checksum errors"
}

# the same with TX checksum and TSO off, then on again
offloads_off() {
    ethtool -K "$IF" tx off tso off >/dev/null 2>&1 || return 1
    ethtool -k "$IF" | grep -q '^tx-checksumming: off' || return 1
    traffic_clean || return 1
    ethtool -K "$IF" tx on tso on >/dev/null 2>&1
}

stty -F /dev/ttyS1 -echo icanon 2>/dev/null || true
exec 5< /dev/ttyS1
