# iSCSI helpers for the in-guest check scripts that use the offload
# (bnx2i) against the host's tgtd: tests/guest-checks puts this after
# lib.sh when it runs with --target (ISCSI_PORT and TARGET_IQN set).
: "${HOST_IP:=10.0.2.2}" "${GUEST_IP:=10.0.2.15}" "${OFFLOAD_IP:=10.0.2.16}"
PORTAL=$HOST_IP:$ISCSI_PORT
IFACE=''

# bounded SECS CMD...: CMD, killed after SECS (iscsiadm may wait forever)
bounded() { _s=$1; shift; timeout "$_s" "$@"; }

listening() { grep -q "@$1" /proc/net/unix; }

setup_offload() {
    modprobe bnx2x || return 1
    wait_until 10 find_if || { echo "no bnx2x netdev"; return 1; }
    IF=$(find_if)
    ip link set "$IF" up && ip addr add "$GUEST_IP/24" dev "$IF" || return 1
    wait_until 10 carrier_is 1 || { echo "no carrier"; return 1; }
    modprobe bnx2i && modprobe sd_mod && modprobe ext4 || return 1
    mkdir -p /var/lib/iscsi /run/lock/iscsi /mnt/fs /var/log
    iscsiuio -f -d 4 > /tmp/iscsiuio.log 2>&1 &
    wait_until 10 listening ISCSID_UIP_ABSTRACT_NAMESPACE ||
        { echo "iscsiuio did not start"; return 1; }
    iscsid -f -d 4 > /tmp/iscsid.log 2>&1 &
    wait_until 10 listening ISCSIADM_ABSTRACT_NAMESPACE ||
        { echo "iscsid did not start"; return 1; }
    IFACE=$(bounded 20 iscsiadm -m iface | awk '/^bnx2i\./ {print $1; exit}')
    [ -n "$IFACE" ] || { echo "no bnx2i iface"; return 1; }
    for _kv in "iface.ipaddress $OFFLOAD_IP" "iface.subnet_mask 255.255.255.0" \
               "iface.gateway $HOST_IP"; do
        # shellcheck disable=SC2086 # name and value
        set -- $_kv
        iscsiadm -m iface -I "$IFACE" -o update -n "$1" -v "$2" >/dev/null || return 1
    done
    echo "$IF up, offload iface $IFACE at $OFFLOAD_IP"
}

discover() {
    # iscsi-discover (the image's) retries iscsiadm's login race; the number
    # of tries goes into this check's detail
    _out=$(bounded 120 iscsi-discover "$PORTAL" "$IFACE" 2>/tmp/disc.err)
    _out="$_out ($(cat /tmp/disc.err))"
    echo "$_out"
    echo "$_out" | grep -qF "$TARGET_IQN" || return 1
    # tgtd gives its own 127.0.0.1 portal: the node as the guest reaches it
    iscsiadm -m node -o new -T "$TARGET_IQN" -p "$PORTAL" -I "$IFACE" >/dev/null
}

node_set() { iscsiadm -m node -T "$TARGET_IQN" -p "$PORTAL" -I "$IFACE" -o update -n "$1" -v "$2"; }

# The block device of LUN $1 of the logged-in session.
lun_disk() {
    for _b in /sys/class/iscsi_session/session*/device/target*/*:*:*:"$1"/block/*; do
        [ -e "$_b" ] && { echo "/dev/${_b##*/}"; return 0; }
    done
    return 1
}

login() {
    bounded 60 iscsiadm -m node -T "$TARGET_IQN" -p "$PORTAL" -I "$IFACE" --login ||
        { tail -n 30 /tmp/iscsid.log; return 1; }
    wait_until 30 lun_disk 2 || { echo "LUNs did not appear"; return 1; }
    DISK1=$(lun_disk 1) DISK2=$(lun_disk 2)
    iscsiadm -m session | grep -q '^bnx2i:' || { echo "not a bnx2i session"; return 1; }
    echo "LUN 1 $DISK1, LUN 2 $DISK2"
}

logout() {
    dmesg_mark
    bounded 60 iscsiadm -m node -T "$TARGET_IQN" -p "$PORTAL" -I "$IFACE" --logout || return 1
    ! ls /sys/class/iscsi_session/session* >/dev/null 2>&1 ||
        { echo "a session is left"; return 1; }
    # The target closes after its Logout Response: bnx2i reports that FIN
    # as a connection failure (1011) to libiscsi, as with the real card.
    _bad=$(dmesg | tail -n +$((_mark + 1)) |
           grep -iE 'timed out|timeout|call trace|BUG|panic|stuck' || true)
    [ -z "$_bad" ] || { echo "$_bad"; return 1; }
    echo "logged out, clean teardown"
}

# write_verify MB OFFSET_MB: random data through the offload, read back.
write_verify() {
    DISK1=$(lun_disk 1) || { echo "no LUN 1"; return 1; }
    dd if=/dev/urandom of=/tmp/pattern bs=1M count="$1" 2>/dev/null
    _want=$(md5sum < /tmp/pattern | cut -d' ' -f1)
    bounded 120 dd if=/tmp/pattern of="$DISK1" bs=1M seek="$2" oflag=direct conv=fsync 2>/dev/null ||
        { echo "write failed"; return 1; }
    echo 3 > /proc/sys/vm/drop_caches
    _got=$(bounded 120 dd if="$DISK1" bs=1M skip="$2" count="$1" iflag=direct 2>/dev/null |
           md5sum | cut -d' ' -f1)
    rm -f /tmp/pattern
    # for the host to check (the console, not this check's output)
    echo "VERIFY 1 $(($2 * 1048576)) $(($1 * 1048576)) $_want" > /dev/console
    [ "$_want" = "$_got" ] || { echo "read back $_got, wrote $_want"; return 1; }
    echo "$1 MiB at $2 MiB, md5 $_want"
}
