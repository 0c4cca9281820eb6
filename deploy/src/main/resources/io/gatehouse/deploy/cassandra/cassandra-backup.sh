# Backups of this node (cassandra-backup/ in the repository; runbook in deploy/README.md): a systemd timer runs the
# tool daily as the cassandra user, fetching its current release from the bucket first; a success is counted in
# CloudWatch, whose alarm fires when a node reports none for a day.
mkdir -p /opt/gatehouse-backup

cat > /etc/gatehouse-backup.env <<ENV
GATEHOUSE_BACKUP_BUCKET=@BUCKET@
GATEHOUSE_BACKUP_PREFIX=@PREFIX@
GATEHOUSE_BACKUP_JMX=127.0.0.1:7199
AWS_REGION=@REGION@
ENV

cat > /etc/systemd/system/gatehouse-backup.service <<UNIT
[Unit]
Description=Gatehouse: back this Cassandra node up to S3
Requires=cassandra.service
After=cassandra.service
[Service]
Type=oneshot
User=cassandra
EnvironmentFile=/etc/gatehouse-backup.env
ExecStartPre=+/usr/bin/aws s3 sync --delete --only-show-errors --region @REGION@ s3://@BUCKET@/@TOOL_PREFIX@/ /opt/gatehouse-backup/
ExecStart=/usr/bin/java -Xmx256m -jar /opt/gatehouse-backup/gatehouse-cassandra-backup.jar backup --keep @KEEP@
ExecStartPost=/usr/bin/aws cloudwatch put-metric-data --region @REGION@ --namespace @NAMESPACE@ --metric-name @METRIC@ --dimensions Node=@NODE@ --value 1
UNIT

cat > /etc/systemd/system/gatehouse-backup.timer <<UNIT
[Unit]
Description=Gatehouse: daily backup of this Cassandra node
[Timer]
OnCalendar=*-*-* 02:00:00 UTC
RandomizedDelaySec=45min
Persistent=true
[Install]
WantedBy=timers.target
UNIT
systemctl daemon-reload
systemctl enable --now gatehouse-backup.timer
