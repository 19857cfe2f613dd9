# The reset matrix: with an iSCSI session logged in through bnx2i and a
# writer putting 1 MiB blocks on LUN 1 (O_DIRECT), each kind of reset in
# KINDS, CYCLES times. A cycle has recovered when the session is logged in
# and serves I/O again within RECOVER_S seconds (iscsid recovers it; for the
# kinds that remove the session, a new login by this script must succeed).
# Every block the writer completed, before, during and after the reset,
# must read back intact (here, and through libiscsi on the host: a VERIFY
# line per block range). One line per cycle,
#   MATRIX <kind> <cycle> <recovered yes|no> <seconds> <blocks verified> <bad>
# (blocks are 512 bytes, verified in the guest once the session is back)
# and a CHECK per kind (PASS when every cycle recovered with no bad block).
# Appended to lib.sh and iscsi-lib.sh by tests/reset-matrix, which boots a
# guest per kind (tests/guest-checks --target 512,64 --smp 2) and prints
# the table.
: "${CYCLES:=3}" "${RECOVER_S:=60}"
: "${KINDS:=set-link down-up mtu ring channels aer flr reload unplug}"

CHUNK_MB=1
# each cycle of the run writes into its own 8 MiB of LUN 1, from 64 MiB on
# (the host checks them all at the end)
next_region() {
    _g=$(($(cat /tmp/cycle_no 2>/dev/null || echo 0) + 1))
    echo "$_g" > /tmp/cycle_no
    echo $((64 + (_g - 1) * 8))
}

session_usable() {
    grep -qx LOGGED_IN /sys/class/iscsi_session/session*/state 2>/dev/null &&
        _d=$(lun_disk 1) &&
        bounded 10 dd if="$_d" of=/dev/null bs=4k count=1 iflag=direct 2>/dev/null
}

# --- the writer: block i of the region, one at a time; done ones listed ----

writer_start() {
    _base=$1
    : > /tmp/written
    (
        i=0
        while [ $i -lt 8 ] && [ ! -e /tmp/writer.stop ]; do
            _d=$(lun_disk 1) &&
                bounded 30 dd if=/tmp/block of="$_d" bs=1M seek=$((_base + i)) \
                    count=1 oflag=direct conv=fsync 2>/dev/null &&
                echo $((_base + i)) >> /tmp/written && i=$((i + 1))
            # spread over the reset and the recovery
            [ -e /tmp/writer.stop ] || sleep 1
        done
    ) &
    writer_pid=$!
}

writer_stop() {
    touch /tmp/writer.stop
    wait "$writer_pid" 2>/dev/null
    rm -f /tmp/writer.stop
}

# verify_written: every completed block reads back as written; prints
# "<blocks verified> <bad>" (512-byte blocks)
verify_written() {
    _ok=0 _bad=0
    _d=$(lun_disk 1) || { echo "0 0"; return; }
    for _b in $(cat /tmp/written); do
        _got=$(bounded 30 dd if="$_d" bs=1M skip="$_b" count=1 iflag=direct 2>/dev/null |
               md5sum | cut -d' ' -f1)
        if [ "$_got" = "$block_md5" ]; then
            _ok=$((_ok + 2048))
            echo "VERIFY 1 $((_b * 1048576)) 1048576 $block_md5" > /dev/console
        else
            _bad=$((_bad + 2048))
        fi
    done
    echo "$_ok $_bad"
}

# --- the resets -----------------------------------------------------------------

BDF=''
reset_set_link() { hostcmd set_link n0 off && sleep 2 && hostcmd set_link n0 on; }
reset_down_up() { ip link set "$IF" down && sleep 1 && ip link set "$IF" up; }
reset_mtu() {
    if [ "$(cat "/sys/class/net/$IF/mtu")" = 1500 ]; then _m=1400; else _m=1500; fi
    ip link set "$IF" mtu $_m
}
reset_ring() {
    _r=$(ethtool -g "$IF" | awk '/^Current/ {c=1} c && /^RX:/ {print $2; exit}')
    if [ "$_r" -gt 1000 ]; then _r=1000; else _r=2000; fi
    ethtool -G "$IF" rx $_r
}
reset_channels() {
    _c=$(ethtool -l "$IF" | awk '/^Current/ {c=1} c && /^Combined:/ {print $2; exit}')
    if [ "$_c" = 1 ]; then _c=2; else _c=1; fi
    ethtool -L "$IF" combined $_c
}
# bnx2x has no reset_prepare/reset_done: it learns of a function reset
# when a transmit times out, and then reloads. L2 traffic runs through the
# reset, as on a live system.
reset_flr() {
    ping -i 0.5 -w 40 "$HOST_IP" >/dev/null 2>&1 &
    sleep 1
    echo 1 > "/sys/bus/pci/devices/$BDF/reset"
}

# a fatal error reported by the card (a Malformed TLP, through QEMU's
# monitor): the guest's AER recovery resets the link below the root port
# and bnx2x's error handlers reload the function
reset_aer() { hostcmd pcie_aer_inject_error nic0 MALF_TLP; }

# the drivers reloaded: nothing survives, a new login must work
reset_reload() {
    bounded 60 iscsiadm -m node -T "$TARGET_IQN" -p "$PORTAL" -I "$IFACE" --logout >/dev/null 2>&1
    kill "$(pidof iscsiuio)" 2>/dev/null
    sleep 1
    rmmod bnx2i cnic bnx2x || return 1
    modprobe bnx2x && wait_until 10 find_if || return 1
    IF=$(find_if)
    ip link set "$IF" up && ip addr add "$GUEST_IP/24" dev "$IF" &&
        modprobe bnx2i || return 1
    iscsiuio -f -d 4 > /tmp/iscsiuio.log 2>&1 &
    wait_until 10 listening ISCSID_UIP_ABSTRACT_NAMESPACE &&
        bounded 60 iscsiadm -m node -T "$TARGET_IQN" -p "$PORTAL" -I "$IFACE" --login >/dev/null
}

# hot-unplug and re-plug from the monitor (PCIe native hot-plug)
reset_unplug() {
    hostcmd device_del nic0 || return 1
    wait_until 20 sh -c "[ ! -e /sys/bus/pci/devices/$BDF ]" || { echo "still plugged"; return 1; }
    hostcmd device_add "$NIC,netdev=n0,bus=rp0,id=nic0" || return 1
    wait_until 30 find_if || { echo "no netdev after re-plug"; return 1; }
    IF=$(find_if)
    ip link set "$IF" up && ip addr add "$GUEST_IP/24" dev "$IF" 2>/dev/null
    wait_until 10 carrier_is 1
    session_usable ||
        bounded 60 iscsiadm -m node -T "$TARGET_IQN" -p "$PORTAL" -I "$IFACE" --login >/dev/null
}

# run_cycle KIND N: one reset with the writer running; prints the MATRIX line
run_cycle() {
    _kind=$1 _cyc=$2
    dd if=/dev/urandom of=/tmp/block bs=1M count=$CHUNK_MB 2>/dev/null
    block_md5=$(md5sum < /tmp/block | cut -d' ' -f1)
    writer_start "$(next_region)"
    sleep 1
    _t0=$(cut -d' ' -f1 /proc/uptime)
    "reset_$(echo "$_kind" | tr - _)" > /tmp/reset.out 2>&1 ||
        echo "reset command failed: $(tail -n 3 /tmp/reset.out)"
    sleep 2
    _rec=no
    _waited=0
    while [ "$_waited" -lt "$RECOVER_S" ]; do
        session_usable && { _rec=yes; break; }
        sleep 1
        _waited=$((_waited + 1))
    done
    _secs=$(awk -v a="$_t0" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "%.1f", b - a }')
    # give the writer time to put a block down after the recovery
    [ $_rec = yes ] && sleep 2
    writer_stop
    # without a session the guest cannot read: the host still checks what
    # the target holds for the blocks the writer completed
    if [ $_rec = yes ]; then
        set -- $(verify_written)
    else
        set -- 0 0
        for _b in $(cat /tmp/written); do
            echo "VERIFY 1 $((_b * 1048576)) 1048576 $block_md5" > /dev/console
        done
    fi
    # to the console itself, for the host's table (a check's own output
    # is shown only when it fails)
    echo "MATRIX $_kind $_cyc $_rec $_secs $1 $2" | tee /dev/console
    [ $_rec = yes ] && [ "$2" = 0 ]
}

# Each cycle starts from a working session: a wedged one is started over,
# first iscsiuio, then the drivers and both daemons; the evidence says so.
restart_daemons() {
    killall iscsiuio iscsid 2>/dev/null
    sleep 1
    iscsiuio -f -d 4 > /tmp/iscsiuio.log 2>&1 &
    wait_until 10 listening ISCSID_UIP_ABSTRACT_NAMESPACE
    iscsid -f -d 4 > /tmp/iscsid.log 2>&1 &
    wait_until 10 listening ISCSIADM_ABSTRACT_NAMESPACE
}

ensure_session() {
    session_usable && return 0
    # iscsiuio can wedge in its if_down handling (docs/usage.md); iscsid
    # keeps trying to reconnect the session through a new one
    echo "session not usable: restarting iscsiuio"
    killall iscsiuio 2>/dev/null
    sleep 1
    iscsiuio -f -d 4 > /tmp/iscsiuio.log 2>&1 &
    wait_until 10 listening ISCSID_UIP_ABSTRACT_NAMESPACE
    wait_until 60 session_usable && return 0
    echo "still not usable: reloading bnx2x, cnic and bnx2i as well"
    bounded 60 iscsiadm -m session -u >/dev/null 2>&1
    killall iscsiuio iscsid 2>/dev/null
    sleep 1
    rmmod bnx2i cnic bnx2x
    modprobe bnx2x && wait_until 10 find_if || return 1
    IF=$(find_if)
    BDF=$(basename "$(readlink -f "/sys/class/net/$IF/device")")
    ip link set "$IF" up && ip addr add "$GUEST_IP/24" dev "$IF" 2>/dev/null
    modprobe bnx2i || return 1
    restart_daemons
    bounded 60 iscsiadm -m node -T "$TARGET_IQN" -p "$PORTAL" -I "$IFACE" --login >/dev/null 2>&1
    wait_until 30 session_usable
}

run_kind() {
    _k=$1 _fails=0
    IF=$(find_if)
    BDF=$(basename "$(readlink -f "/sys/class/net/$IF/device")")
    for _c in $(seq 1 "$CYCLES"); do
        ensure_session || { echo "no session to start cycle $_c from"; return 1; }
        dmesg_mark
        run_cycle "$_k" "$_c" || _fails=$((_fails + 1))
    done
    echo "$((CYCLES - _fails)) of $CYCLES cycles recovered with no bad block"
    [ $_fails = 0 ]
}

check setup setup_offload
IFACE=$(bounded 20 iscsiadm -m iface 2>/dev/null | awk '/^bnx2i\./ {print $1; exit}')
check discovery discover
check login login
for kind in $KINDS; do
    check "reset-$kind" run_kind "$kind"
done
finish
