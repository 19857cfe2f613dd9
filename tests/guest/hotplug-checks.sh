# Hot-unplug and re-plug from the QEMU monitor (ACPI hot-plug of the root
# port's slot) with the stock bnx2x loaded and the interface up: the
# driver lets the function go, and a new one probes, links and passes
# traffic. (With an offloaded iSCSI session the removal does not finish:
# docs/usage.md, "Resets".)

up_and_ping() {
    dmesg_mark
    wait_until 30 find_if || { echo "no bnx2x netdev"; return 1; }
    IF=$(find_if)
    ip link set "$IF" up || return 1
    wait_until 10 carrier_is 1 || { echo "no carrier within 10 s"; return 1; }
    ip addr add 10.0.2.15/24 dev "$IF" 2>/dev/null
    _out=$(ping -c 3 -W 2 10.0.2.2)
    echo "$_out" | grep -q ' 0% packet loss' || { echo "$_out" | tail -n 2; return 1; }
    dmesg_clean && echo "$IF up at $(cat "/sys/class/net/$IF/address"), ping answered"
}

# (a check runs in a subshell: each finds the interface itself)
unplug() {
    IF=$(find_if) || { echo "no bnx2x netdev to unplug"; return 1; }
    BDF=$(basename "$(readlink -f "/sys/class/net/$IF/device")")
    [ -e "/sys/bus/pci/devices/$BDF" ] || { echo "no PCI function for $IF"; return 1; }
    hostcmd device_del nic0
    wait_until 20 sh -c "[ ! -e /sys/bus/pci/devices/$BDF ]" ||
        { echo "$BDF still present 20 s after device_del"; return 1; }
    [ -z "$(find_if)" ] || { echo "netdev $(find_if) left behind"; return 1; }
    echo "$BDF and $IF gone"
}

replug() {
    hostcmd device_add ql8400,netdev=n0,bus=rp0,id=nic0
    up_and_ping
}

modprobe bnx2x || exit 1
check probe-and-ping up_and_ping
check unplug unplug
check replug replug
check unplug-again unplug
check replug-again replug
finish
