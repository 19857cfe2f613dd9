# The port cabled to a tap on the host (tests/guest-checks --tap): MTU
# 9000 end to end, so 8000-byte pings are answered by the host's own
# stack; TCP both ways with the TX offloads handed to the tap whole
# (virtio-net headers) and then with them off, no checksum errors counted
# in the guest (the host counts its own). Appended to lib.sh, whose
# traffic_clean and offloads_off it shares with l2-checks.
: "${HOST_IP:=192.168.84.1}" "${GUEST_IP:=192.168.84.2}"

bring_up() {
    modprobe bnx2x || return 1
    wait_until 10 find_if || { echo "no bnx2x netdev"; return 1; }
    IF=$(find_if)
    ip link set "$IF" mtu 9000 && ip link set "$IF" up &&
        ip addr add "$GUEST_IP/24" dev "$IF" || return 1
    wait_until 10 carrier_is 1 || { echo "no carrier"; return 1; }
    echo "$IF up, MTU $(cat /sys/class/net/"$IF"/mtu)"
}

# ping SIZE COUNT: back to back (-A), every echo answered
ping_all() {
    timeout 120 ping -A -c "$2" -s "$1" -W 5 "$HOST_IP" > /tmp/ping.out 2>&1
    tail -n 2 /tmp/ping.out
    grep -q "$2 packets transmitted, $2 packets received" /tmp/ping.out
}

check up bring_up
IF=$(find_if)
check ping-8000-at-mtu-9000 ping_all 8000 20
check ping-flood-8000 ping_all 8000 1000
check traffic-offloads-on traffic_clean
check traffic-offloads-off offloads_off
finish
