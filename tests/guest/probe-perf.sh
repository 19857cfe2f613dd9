: "${HOST_IP:=10.0.2.2}" "${GUEST_IP:=10.0.2.15}"
bring_up() {
    case $NIC_DRIVER in
        virtio_net) modprobe virtio_pci && modprobe virtio_net ;;
        *) modprobe "$NIC_DRIVER" ;;
    esac || return 1
    wait_until 10 find_if || return 1
    IF=$(find_if)
    ip link set "$IF" up && ip addr add "$GUEST_IP/24" dev "$IF" || return 1
    wait_until 10 carrier_is 1
}
check up bring_up
echo "PERF-START"
iperf3 -c $HOST_IP -p $IPERF_PORT -t 40 -P 1 ${DIR:+-R} -f m > /tmp/ip.out 2>&1
grep -E "sender|receiver" /tmp/ip.out
finish
