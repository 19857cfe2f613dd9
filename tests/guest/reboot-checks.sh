# Guest reboots with the stock bnx2x driver loaded: the driver probes,
# initialises the chip and passes traffic again after a kernel reboot
# (reboot -f: the kernel shuts the driver down on its way) and after a
# hard reset from the QEMU monitor while the interface is up (system_reset:
# nothing unloads). Run with tests/guest-checks --reboot: the script runs
# at each boot and asks the host which boot it is in.

probe() {
    dmesg_mark
    modprobe bnx2x || return 1
    wait_until 10 find_if || { echo "no bnx2x netdev"; return 1; }
    IF=$(find_if)
    dmesg_clean && echo "$IF, $(cat "/sys/class/net/$IF/address")"
}

link_up() {
    dmesg_mark
    ip link set "$IF" up || return 1
    wait_until 5 carrier_is 1 || { echo "no carrier within 5 s"; return 1; }
    ethtool "$IF" | grep -q 'Speed: 10000Mb/s' || { ethtool "$IF"; return 1; }
    dmesg_clean && echo "carrier at 10000Mb/s"
}

ping_host() {
    ip addr add 10.0.2.15/24 dev "$IF" 2>/dev/null
    ping -c 3 -W 2 10.0.2.2 | tail -n 2
}

# the driver is up and a transfer runs when the host resets the machine
busy_reset() {
    ping -i 0.2 -c 1000 10.0.2.2 >/dev/null 2>&1 &
    sleep 1
    hostcmd system_reset
    echo "the machine was not reset"
    return 1
}

boot=$(boot_number)
echo "=== boot $boot"
check "probe-boot$boot" probe
IF=$(find_if)
check "link-up-boot$boot" link_up
check "ping-boot$boot" ping_host
reboot_now() { sync; reboot -f; sleep 60; echo "still running"; return 1; }
case $boot in
    1) check reboot reboot_now ;;
    2) check reset-from-monitor busy_reset ;;
esac
# boot 3, or a reboot that did not happen
finish
