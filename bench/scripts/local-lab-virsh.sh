#!/usr/bin/env bash
# The baseline of `bench/run libvirt`: the objects `up` of examples/local-lab creates, made with virsh one
# after another (one virsh process per step, as a hand-written script would).
#
#   local-lab-virsh.sh up PREFIX NET24   # e.g. up bs1a2b3c-lab 10.217.4  (the network is NET24.0/24)
#   local-lab-virsh.sh down PREFIX       # removes every domain, network, volume and pool named PREFIX*
#
# Names follow the engine's physical names for project P and stack lab (PREFIX = P-lab): network
# PREFIX-lab-net (isolated, host .1, DHCP .2-.254, autostart), directory pool PREFIX in
# /var/lib/infra-gitops/pools/PREFIX (autostart), qcow2 volumes PREFIX-web-data and PREFIX-db-data of 1 GiB, and domains
# PREFIX-web-0 and PREFIX-db-0 (autostart, started) with the XML the provider generates for them: TCG, 128 MiB,
# 1 vCPU, ACPI, direct boot of the tiny guest, a virtio data disk, a virtio NIC with <rom enabled='no'/>, the
# serial console in a log file. Like the stack (waitForLease: false), it does not wait for DHCP leases.
set -euo pipefail
uri=qemu:///system
pools_root=/var/lib/infra-gitops/pools
tiny=/var/lib/infra-gitops/images/tiny
v() { virsh -q -c "$uri" "$@" >/dev/null; }

up() {
  local p=$1 net=$2 tmp
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' RETURN

  cat >"$tmp/net.xml" <<XML
<network><name>$p-lab-net</name><metadata><igo:resource xmlns:igo="https://infra-gitops.dev/xmlns/1"><igo:urn>urn:pulumi:lab::script::libvirt:index/network:Network::lab-net</igo:urn></igo:resource></metadata><ip address="$net.1" prefix="24"><dhcp><range start="$net.2" end="$net.254"/></dhcp></ip></network>
XML
  v net-define "$tmp/net.xml"
  v net-start "$p-lab-net"
  v net-autostart "$p-lab-net"

  v pool-define-as "$p" dir --target "$pools_root/$p"
  v pool-build "$p"
  v pool-start "$p"
  v pool-autostart "$p"

  for vm in web db; do
    v vol-create-as "$p" "$p-$vm-data" 1073741824 --format qcow2
  done

  for vm in web db; do
    cat >"$tmp/$vm.xml" <<XML
<domain type="qemu"><name>$p-$vm-0</name><metadata><igo:resource xmlns:igo="https://infra-gitops.dev/xmlns/1"><igo:urn>urn:pulumi:lab::script::libvirt:index/domain:Domain::$vm-0</igo:urn></igo:resource></metadata><memory unit="MiB">128</memory><currentMemory unit="MiB">128</currentMemory><vcpu>1</vcpu><os><type arch="x86_64" machine="pc">hvm</type><kernel>$tiny/vmlinuz</kernel><initrd>$tiny/initrd.img</initrd><cmdline>console=ttyS0 quiet</cmdline></os><features><acpi/></features><on_poweroff>destroy</on_poweroff><on_reboot>restart</on_reboot><on_crash>destroy</on_crash><devices><disk type="file" device="disk"><driver name="qemu" type="qcow2"/><source file="$pools_root/$p/$p-$vm-data"/><target dev="vda" bus="virtio"/></disk><interface type="network"><source network="$p-lab-net"/><model type="virtio"/><rom enabled="no"/></interface><serial type="file"><source path="/var/log/libvirt/qemu/$p-$vm-0-console.log"/><target port="0"/></serial><console type="file"><source path="/var/log/libvirt/qemu/$p-$vm-0-console.log"/><target type="serial" port="0"/></console></devices></domain>
XML
    v define "$tmp/$vm.xml"
    v autostart "$p-$vm-0"
  done

  for vm in web db; do
    v start "$p-$vm-0"
  done
}

down() {
  local p=$1 name pool vol
  [[ ${#p} -ge 6 ]] || { echo "refusing a prefix shorter than 6 characters: '$p'" >&2; exit 2; }
  for name in $(virsh -q -c "$uri" list --all --name | grep "^$p" || true); do
    virsh -q -c "$uri" destroy "$name" >/dev/null 2>&1 || true
    virsh -q -c "$uri" undefine "$name" --nvram >/dev/null 2>&1 || virsh -q -c "$uri" undefine "$name" >/dev/null 2>&1 || true
    rm -f "/var/log/libvirt/qemu/$name-console.log" "/var/log/libvirt/qemu/$name.log"
  done
  for name in $(virsh -q -c "$uri" net-list --all --name | grep "^$p" || true); do
    virsh -q -c "$uri" net-destroy "$name" >/dev/null 2>&1 || true
    virsh -q -c "$uri" net-undefine "$name" >/dev/null 2>&1 || true
  done
  for pool in $(virsh -q -c "$uri" pool-list --all --name | grep "^$p" || true); do
    virsh -q -c "$uri" pool-start "$pool" >/dev/null 2>&1 || true
    for vol in $(virsh -q -c "$uri" vol-list "$pool" 2>/dev/null | awk '{print $1}'); do
      virsh -q -c "$uri" vol-delete "$vol" --pool "$pool" >/dev/null 2>&1 || true
    done
    virsh -q -c "$uri" pool-destroy "$pool" >/dev/null 2>&1 || true
    virsh -q -c "$uri" pool-delete "$pool" >/dev/null 2>&1 || true
    virsh -q -c "$uri" pool-undefine "$pool" >/dev/null 2>&1 || true
  done
  rm -rf "${pools_root:?}/$p"*
}

case "${1:-}" in
  up) [[ $# -eq 3 ]] || { echo "usage: $0 up PREFIX NET24" >&2; exit 2; }; up "$2" "$3" ;;
  down) [[ $# -eq 2 ]] || { echo "usage: $0 down PREFIX" >&2; exit 2; }; down "$2" ;;
  *) echo "usage: $0 up PREFIX NET24 | down PREFIX" >&2; exit 2 ;;
esac
