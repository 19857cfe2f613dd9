# The iSCSI offload with the stock drivers against tgt on the host, beyond
# the ladder: 64 MiB written and read back through bnx2i; an ext4 file
# system made, filled, checked with fsck and read back; logout; login
# again with header and data digests (CRC32C) and 64 MiB more verified.
# What was written is also checked on the host (VERIFY lines: the
# target's backing file and an independent libiscsi initiator). Appended
# to lib.sh and iscsi-lib.sh by tests/guest-checks --target 128,64 (LUN 1
# data, LUN 2 fs).

filesystem() {
    DISK2=$(lun_disk 2) || { echo "no LUN 2"; return 1; }
    bounded 120 mkfs.ext4 -q -F "$DISK2" || { echo "mkfs failed"; return 1; }
    mount -t ext4 "$DISK2" /mnt/fs || return 1
    cp -a /lib/modules /mnt/fs/ &&
        dd if=/dev/urandom of=/mnt/fs/random.bin bs=1M count=8 2>/dev/null || return 1
    (cd /mnt/fs && find . -type f -exec md5sum {} + | sort -k 2) > /tmp/sums
    umount /mnt/fs || return 1
    echo 3 > /proc/sys/vm/drop_caches
    bounded 120 e2fsck -f -n "$DISK2" || { echo "fsck found errors"; return 1; }
    mount -t ext4 -o ro "$DISK2" /mnt/fs || return 1
    (cd /mnt/fs && find . -type f -exec md5sum {} + | sort -k 2) > /tmp/sums2
    umount /mnt/fs
    cmp -s /tmp/sums /tmp/sums2 || { diff /tmp/sums /tmp/sums2 | head; return 1; }
    echo "$(wc -l < /tmp/sums) files written, fsck clean, read back intact"
}

digests_on() {
    node_set node.conn[0].iscsi.HeaderDigest CRC32C &&
        node_set node.conn[0].iscsi.DataDigest CRC32C
}

digests_negotiated() {
    _p=$(bounded 20 iscsiadm -m session -P 2)
    echo "$_p" | grep -iE 'HeaderDigest|DataDigest'
    echo "$_p" | grep -q 'HeaderDigest: CRC32C' &&
        echo "$_p" | grep -q 'DataDigest: CRC32C'
}

# (check runs each step in a subshell: what later steps need is found again)
check setup setup_offload
IFACE=$(bounded 20 iscsiadm -m iface 2>/dev/null | awk '/^bnx2i\./ {print $1; exit}')
check discovery discover
check login login
check write-64mib write_verify 64 0
check ext4-fsck filesystem
check logout logout
check digests-configured digests_on
check login-with-digests login
check digests-negotiated digests_negotiated
check write-with-digests write_verify 64 64
check logout-with-digests logout
finish
