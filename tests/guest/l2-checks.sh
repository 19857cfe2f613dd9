# The L2 fast path with the stock bnx2x: two queues with -smp 2, both
# carrying traffic; TX checksum and TSO offloads on, iperf3 both ways
# with no checksum errors, then the same with them off; MTU 9000 (traffic
# after the reload); 10,000 back-to-back pings with none lost. Appended to
# lib.sh by tests/guest-checks --smp 2 --iperf.
: "${HOST_IP:=10.0.2.2}" "${GUEST_IP:=10.0.2.15}"

bring_up() {
    modprobe bnx2x || return 1
    wait_until 10 find_if || { echo "no bnx2x netdev"; return 1; }
    IF=$(find_if)
    ip link set "$IF" up && ip addr add "$GUEST_IP/24" dev "$IF" || return 1
    ip route add default via "$HOST_IP"
    wait_until 10 carrier_is 1 || { echo "no carrier"; return 1; }
    echo "$IF up"
}

# The sum of a per-queue ethtool -S counter ("[q]: name").
queue_stat() {
    ethtool -S "$IF" | awk -v k="[$1]: $2" 'index($0, k) { s += $NF } END { print s + 0 }'
}

two_queues() {
    _n=$(ls -d /sys/class/net/"$IF"/queues/rx-* | wc -l)
    ethtool -l "$IF" | tail -n 5
    [ "$_n" -ge 2 ] || { echo "$_n RX queue(s) with $(nproc) CPUs"; return 1; }
    echo "$_n RX queues"
}

both_queues_move() {
    _r0=$(queue_stat 0 rx_ucast_packets) _r1=$(queue_stat 1 rx_ucast_packets)
    _t0=$(queue_stat 0 tx_ucast_packets) _t1=$(queue_stat 1 tx_ucast_packets)
    iperf 8 -R >/dev/null || return 1
    # a sender pinned to each CPU in turn: each uses its CPU's TX queue
    for _cpu in 1 2; do
        timeout 60 taskset "$_cpu" iperf3 -c "$HOST_IP" -p "$IPERF_PORT" -t 2 \
            --connect-timeout 5000 > /tmp/iperf.out 2>&1 ||
            { tail -n 5 /tmp/iperf.out; return 1; }
    done
    _r0=$(($(queue_stat 0 rx_ucast_packets) - _r0))
    _r1=$(($(queue_stat 1 rx_ucast_packets) - _r1))
    _t0=$(($(queue_stat 0 tx_ucast_packets) - _t0))
    _t1=$(($(queue_stat 1 tx_ucast_packets) - _t1))
    echo "rx $_r0/$_r1 tx $_t0/$_t1 packets on queues 0/1"
    [ "$_r0" -gt 0 ] && [ "$_r1" -gt 0 ] && [ "$_t0" -gt 0 ] && [ "$_t1" -gt 0 ]
}

offloads_on() {
    _k=$(ethtool -k "$IF")
    echo "$_k" | grep -q '^tx-checksumming: on' &&
        echo "$_k" | grep -q '^tcp-segmentation-offload: on' ||
        { echo "$_k" | head -n 12; return 1; }
    echo "tx-checksumming and TSO on"
}

# MTU 9000: the driver reloads the chip with jumbo buffers and traffic
# goes on. (QEMU's user networking drops frames over 1514 bytes, so an
# 8000-byte ping cannot be answered here: tap-checks.sh sends them.)
jumbo() {
    ip link set "$IF" mtu 9000 || return 1
    wait_until 10 carrier_is 1 || { echo "no carrier at MTU 9000"; return 1; }
    ping -c 3 -s 1400 -W 5 "$HOST_IP" > /tmp/ping.out 2>&1
    tail -n 1 /tmp/ping.out
    grep -q ' 0% packet loss' /tmp/ping.out || return 1
    ip link set "$IF" mtu 1500
    wait_until 10 carrier_is 1
}

ping_flood() {
    dmesg_mark
    timeout 120 ping -A -q -c 10000 -W 5 "$HOST_IP" > /tmp/flood.out 2>&1
    tail -n 2 /tmp/flood.out
    grep -q '10000 packets transmitted, 10000 packets received' /tmp/flood.out
}

check up bring_up
IF=$(find_if)
check two-queues two_queues
check both-queues-carry both_queues_move
check offloads-on offloads_on
check traffic-offloads-on traffic_clean
check traffic-offloads-off offloads_off
check mtu-9000 jumbo
check ping-10000 ping_flood
finish
