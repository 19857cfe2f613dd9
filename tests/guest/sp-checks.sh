# Slow path, link and driver life cycle with the stock bnx2x driver:
# probe with the expected MAC, firmware and bootcode versions, link at 10 Gb/s within 2 s,
# set_link from the QEMU monitor with no chip reset, 20 down/up cycles,
# 5 rmmod/modprobe cycles, each with a clean dmesg. Appended to lib.sh by
# tests/guest-checks. CYCLES_UPDOWN and CYCLES_RELOAD can be lowered for a
# quick run (the pci=nomsi pass does).
: "${CYCLES_UPDOWN:=20}" "${CYCLES_RELOAD:=5}"

probe() {
    dmesg_mark
    modprobe bnx2x || return 1
    wait_until 10 find_if || { echo "no bnx2x netdev"; return 1; }
    IF=$(find_if)
    # EXPECT_MAC: the address -device ql8400,mac= gave (or QEMU's default)
    _mac=$(cat "/sys/class/net/$IF/address")
    [ -z "${EXPECT_MAC:-}" ] || [ "$_mac" = "$EXPECT_MAC" ] ||
        { echo "$IF has MAC $_mac, not $EXPECT_MAC"; return 1; }
    dmesg_clean && echo "$IF $_mac"
}

versions() {
    _i=$(ethtool -i "$IF") || return 1
    # bnx2x reports the bootcode (and a Dell board's VPD V0) in ethtool -i;
    # the storm firmware it loaded shows in the kernel log
    echo "$_i" | grep -q '^firmware-version: .*bc 7\.13' ||
        { echo "$_i"; echo "bootcode version not reported"; return 1; }
    dmesg | grep -q 'direct-loading firmware bnx2x/bnx2x-e2-7\.13\.21\.0\.fw' ||
        { echo "firmware 7.13.21.0 not loaded"; return 1; }
    echo "$_i" | grep '^firmware-version'
}

# ip link set up; carrier within 2 s; 10000/Full/link detected.
link_up() {
    dmesg_mark
    ip link set "$IF" up || return 1
    wait_until 2 carrier_is 1 || { echo "no carrier within 2 s"; return 1; }
    _e=$(ethtool "$IF")
    echo "$_e" | grep -q 'Speed: 10000Mb/s' &&
        echo "$_e" | grep -q 'Duplex: Full' &&
        echo "$_e" | grep -q 'Link detected: yes' ||
        { echo "$_e"; return 1; }
    dmesg_clean && echo "10000Mb/s Full, link detected"
}

# set_link off/on from the monitor: carrier follows within a second and
# the driver does not reload the chip (no new firmware load or LOAD_REQ).
set_link_cycle() {
    dmesg_mark
    _loads=$(dmesg | grep -c 'firmware: direct-loading' || true)
    hostcmd set_link n0 off || return 1
    wait_until 1 carrier_is 0 || { echo "carrier still up 1 s after set_link off"; return 1; }
    hostcmd set_link n0 on || return 1
    wait_until 1 carrier_is 1 || { echo "carrier still down 1 s after set_link on"; return 1; }
    [ "$(dmesg | grep -c 'firmware: direct-loading' || true)" = "$_loads" ] ||
        { echo "the driver reloaded the chip"; return 1; }
    dmesg | tail -n +$((_mark + 1)) | grep -q 'NIC Link is Down' ||
        { echo "driver did not report link down"; return 1; }
    dmesg_clean && echo "down and up within 1 s each, no reset"
}

down_up_cycles() {
    dmesg_mark
    _i=0
    while [ $_i -lt "$CYCLES_UPDOWN" ]; do
        ip link set "$IF" down || return 1
        ip link set "$IF" up || return 1
        wait_until 2 carrier_is 1 || { echo "cycle $_i: no carrier"; return 1; }
        _i=$((_i + 1))
    done
    dmesg_clean && echo "$CYCLES_UPDOWN cycles"
}

reload_cycles() {
    dmesg_mark
    _i=0
    while [ $_i -lt "$CYCLES_RELOAD" ]; do
        rmmod bnx2x || return 1
        modprobe bnx2x || return 1
        wait_until 10 find_if || { echo "cycle $_i: no netdev"; return 1; }
        IF=$(find_if)
        ip link set "$IF" up || return 1
        wait_until 2 carrier_is 1 || { echo "cycle $_i: no carrier"; return 1; }
        _i=$((_i + 1))
    done
    dmesg_clean && echo "$CYCLES_RELOAD cycles"
}

ping_host() {
    ip addr add 10.0.2.15/24 dev "$IF" 2>/dev/null
    ping -c 3 -W 2 10.0.2.2 | tail -n 2
}

check probe probe
IF=$(find_if)
check link-up link_up
check versions versions
check ping ping_host
check set-link set_link_cycle
check down-up down_up_cycles
check reload reload_cycles
check ping-after ping_host
finish
