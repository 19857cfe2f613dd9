# Throughput of the NIC under test (bench/net-throughput runs it for
# ql8400, e1000e and virtio-net side by side): iperf3 guest->host and
# host->guest, one and four streams, 5 s each, REPS times (default 3;
# the bench takes the median). Appended to lib.sh by tests/guest-checks
# --nic NIC --iperf.
: "${HOST_IP:=10.0.2.2}" "${GUEST_IP:=10.0.2.15}"

bring_up() {
    case $NIC_DRIVER in
        virtio_net) modprobe virtio_pci && modprobe virtio_net ;;
        *) modprobe "$NIC_DRIVER" ;;
    esac || return 1
    wait_until 10 find_if || { echo "no $NIC_DRIVER netdev"; return 1; }
    IF=$(find_if)
    ip link set "$IF" up && ip addr add "$GUEST_IP/24" dev "$IF" || return 1
    wait_until 10 carrier_is 1 || { echo "no carrier"; return 1; }
    echo "$IF ($NIC_DRIVER) up"
}

# iperf STREAMS [-R]: Mb/s at the receiver
iperf() {
    timeout 60 iperf3 -c "$HOST_IP" -p "$IPERF_PORT" -t 5 -P "$1" ${2:+"$2"} -f m \
        --connect-timeout 5000 > /tmp/iperf.out 2>&1 || { tail -n 5 /tmp/iperf.out; return 1; }
    awk '/receiver/ {r = $(NF-2)} END {print r " Mbits/sec"}' /tmp/iperf.out
}

check up bring_up
IF=$(find_if)
_r=1
while [ "$_r" -le "${REPS:-3}" ]; do
    check "tx-1-stream#$_r" iperf 1
    check "tx-4-streams#$_r" iperf 4
    check "rx-1-stream#$_r" iperf 1 -R
    check "rx-4-streams#$_r" iperf 4 -R
    _r=$((_r + 1))
done
finish
