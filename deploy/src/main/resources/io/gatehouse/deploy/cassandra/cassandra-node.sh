#!/bin/bash
# One Cassandra node on Amazon Linux 2023, run once at first boot (EC2 user data). Placeholders are filled by
# CassandraNodes at synth time. The data volume is the second (EBS, KMS-encrypted) disk.
set -euo pipefail
VERSION="@CASSANDRA_VERSION@"
MIRROR="https://archive.apache.org/dist/cassandra/$VERSION"

dnf install -y -q java-17-amazon-corretto-headless
id cassandra >/dev/null 2>&1 || useradd --system --home-dir /var/lib/cassandra --shell /sbin/nologin cassandra

# The data disk: whichever NVMe device is not the root one.
ROOT=$(lsblk -no PKNAME "$(findmnt -no SOURCE /)")
DATA=$(lsblk -dno NAME,TYPE | awk -v root="$ROOT" '$2 == "disk" && $1 != root { print "/dev/" $1; exit }')
blkid "$DATA" >/dev/null || mkfs.xfs -q "$DATA"
mkdir -p /var/lib/cassandra
grep -q /var/lib/cassandra /etc/fstab || echo "$DATA /var/lib/cassandra xfs defaults,noatime,nofail 0 2" >> /etc/fstab
mount -a
chown cassandra:cassandra /var/lib/cassandra

cd /opt
curl -fsSLo cassandra.tgz "$MIRROR/apache-cassandra-$VERSION-bin.tar.gz"
echo "$(curl -fsSL "$MIRROR/apache-cassandra-$VERSION-bin.tar.gz.sha256" | cut -d' ' -f1)  cassandra.tgz" | sha256sum -c -
tar xzf cassandra.tgz && rm cassandra.tgz && ln -sfn "/opt/apache-cassandra-$VERSION" /opt/cassandra
mkdir -p /var/log/cassandra && chown cassandra:cassandra /var/log/cassandra

TOKEN=$(curl -fsS -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 60')
AZ=$(curl -fsS -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/placement/availability-zone)
IP=$(curl -fsS -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/local-ipv4)
CONF=/opt/cassandra/conf
sed -i -e "s/^cluster_name:.*/cluster_name: '@CLUSTER@'/" \
       -e "s/- seeds:.*/- seeds: \"@SEEDS@\"/" \
       -e "s/^listen_address:.*/listen_address: $IP/" \
       -e "s/^rpc_address:.*/rpc_address: $IP/" \
       -e "s/^endpoint_snitch:.*/endpoint_snitch: GossipingPropertyFileSnitch/" \
       -e "s|^# *data_file_directories:.*|data_file_directories:\n    - /var/lib/cassandra/data|" \
       -e "s|^# *commitlog_directory:.*|commitlog_directory: /var/lib/cassandra/commitlog|" \
       "$CONF/cassandra.yaml"
printf 'dc=@DATACENTER@\nrack=%s\n' "$AZ" > "$CONF/cassandra-rackdc.properties"

cat > /etc/systemd/system/cassandra.service <<UNIT
[Unit]
Description=Apache Cassandra
After=network-online.target
[Service]
User=cassandra
Environment=CASSANDRA_LOG_DIR=/var/log/cassandra
ExecStart=/opt/cassandra/bin/cassandra -f
LimitNOFILE=1048576
LimitMEMLOCK=infinity
Restart=on-failure
[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now cassandra
