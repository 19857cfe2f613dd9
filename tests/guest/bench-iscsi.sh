# iSCSI to tgt on the host, offloaded (bnx2i through ql8400) or in
# software (iscsi_tcp over the NIC's netdev): O_DIRECT reads and writes of
# 256 KiB (MB/s) and 4 KiB (IOPS) at queue depth 1, and the guest's CPU
# busy share during each, and iscsiuio's part of it, REPS times (3;
# the bench takes the median run) (it polls its uio
# device every 100 µs while the offload runs). bench/iscsi-offload runs
# it side by side.
# Settings: MODE=offload|software (tests/guest-checks --env MODE=...).
: "${HOST_IP:=10.0.2.2}" "${GUEST_IP:=10.0.2.15}" "${OFFLOAD_IP:=10.0.2.16}"
: "${MODE:=offload}"
PORTAL=$HOST_IP:$ISCSI_PORT

listening() { grep -q "@$1" /proc/net/unix; }

connect() {
    case $NIC_DRIVER in
        virtio_net) modprobe virtio_pci && modprobe virtio_net ;;
        *) modprobe "$NIC_DRIVER" ;;
    esac || return 1
    wait_until 10 find_if || { echo "no netdev"; return 1; }
    IF=$(find_if)
    ip link set "$IF" up && ip addr add "$GUEST_IP/24" dev "$IF" || return 1
    wait_until 10 carrier_is 1 || { echo "no carrier"; return 1; }
    modprobe sd_mod
    mkdir -p /var/lib/iscsi /run/lock/iscsi
    _i=''
    if [ "$MODE" = offload ]; then
        modprobe bnx2i || return 1
        iscsiuio > /tmp/iscsiuio.log 2>&1 &
        wait_until 10 listening ISCSID_UIP_ABSTRACT_NAMESPACE || return 1
    else
        modprobe iscsi_tcp || return 1
    fi
    iscsid -f > /tmp/iscsid.log 2>&1 &
    wait_until 10 listening ISCSIADM_ABSTRACT_NAMESPACE || return 1
    if [ "$MODE" = offload ]; then
        _i=$(iscsiadm -m iface | awk '/^bnx2i\./ {print $1; exit}')
        iscsiadm -m iface -I "$_i" -o update -n iface.ipaddress -v "$OFFLOAD_IP" >/dev/null &&
            iscsiadm -m iface -I "$_i" -o update -n iface.subnet_mask -v 255.255.255.0 >/dev/null ||
            return 1
        _i="-I $_i"
    fi
    timeout 120 iscsi-discover "$PORTAL" "${_i#-I }" >/dev/null 2>&1 || return 1
    # shellcheck disable=SC2086 # "" or "-I iface"
    iscsiadm -m node -o new -T "$TARGET_IQN" -p "$PORTAL" $_i >/dev/null &&
        timeout 60 iscsiadm -m node -T "$TARGET_IQN" -p "$PORTAL" $_i --login >/dev/null || return 1
    wait_until 30 disk || return 1
    echo "$(iscsiadm -m session | cut -d: -f1) session, $(disk)"
}

disk() {
    for _b in /sys/class/iscsi_session/session*/device/target*/*:*:*:1/block/*; do
        [ -e "$_b" ] && { echo "/dev/${_b##*/}"; return 0; }
    done
    return 1
}

cpu_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat; }
# CPU ticks of iscsiuio (user + system), 0 when it does not run
uio_ticks() {
    _p=$(pidof iscsiuio) && awk '{ print $14 + $15 }' "/proc/${_p%% *}/stat" 2>/dev/null || echo 0
}
now_cs() { cut -d' ' -f1 /proc/uptime | tr -d .; }

# run BS COUNT read|write: one O_DIRECT pass over the first COUNT blocks
run() {
    _d=$(disk) || return 1
    _u0=$(uio_ticks)
    # shellcheck disable=SC2046 # two numbers
    set -- "$1" "$2" "$3" $(cpu_ticks) "$(now_cs)"
    if [ "$3" = read ]; then
        timeout 300 dd if="$_d" of=/dev/null bs="$1" count="$2" iflag=direct 2>/dev/null
    else
        timeout 300 dd if=/dev/zero of="$_d" bs="$1" count="$2" oflag=direct 2>/dev/null
    fi || return 1
    # shellcheck disable=SC2046
    set -- "$1" "$2" "$3" "$4" "$5" "$6" $(cpu_ticks) "$(now_cs)"
    awk -v bs="$1" -v n="$2" -v b0="$4" -v t0="$5" -v c0="$6" -v b1="$7" -v t1="$8" -v c1="$9" \
        -v u="$(($(uio_ticks) - _u0))" \
        'BEGIN { s = (c1 - c0) / 100; if (s <= 0) s = 0.01; t = t1 - t0 > 0 ? t1 - t0 : 1
                 printf "%.0f IOPS %.1f MB/s cpu %.0f%% iscsiuio %.0f%%\n", n / s, n * bs / s / 1e6,
                        100 * (b1 - b0) / t, 100 * u / t }'
}

check connect connect
_r=1
while [ "$_r" -le "${REPS:-3}" ]; do
    check "seq-write-256k#$_r" run 262144 256 write
    check "seq-read-256k#$_r" run 262144 256 read
    check "write-4k#$_r" run 4096 2048 write
    check "read-4k#$_r" run 4096 2048 read
    _r=$((_r + 1))
done
finish
