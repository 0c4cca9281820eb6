package io.gatehouse.deploy.cassandra;

import io.gatehouse.deploy.DeploySettings;
import io.gatehouse.deploy.Resources;
import io.gatehouse.deploy.network.Network;
import software.amazon.awscdk.services.ec2.AmazonLinux2023ImageSsmParameterProps;
import software.amazon.awscdk.services.ec2.AmazonLinuxCpuType;
import software.amazon.awscdk.services.ec2.BlockDevice;
import software.amazon.awscdk.services.ec2.BlockDeviceVolume;
import software.amazon.awscdk.services.ec2.EbsDeviceOptions;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.Instance;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A self-managed Cassandra cluster: {@value #NODES} EC2 nodes, one per availability zone (a rack each), on
 * KMS-encrypted gp3 volumes, at fixed private addresses in the data subnets so the seed list is known before they
 * exist. Reached through Session Manager, never SSH. Each backs itself up daily to S3 ({@link CassandraBackups}). Why not Amazon Keyspaces: deploy/README.md.
 */
public final class CassandraNodes extends Construct {
    public static final int NODES = 3;
    public static final String DATACENTER = "aws";
    private final List<String> addresses = new ArrayList<>();
    private final List<Instance> instances = new ArrayList<>();
    private final CassandraBackups backups;

    public CassandraNodes(Construct scope, String id, Network network, IKey key, DeploySettings settings, Path backupTool) {
        super(scope, id);
        List<ISubnet> subnets = network.vpc().selectSubnets(network.data()).getSubnets();
        for (int i = 0; i < NODES; i++) {
            addresses.add(fixedAddress(subnets.get(i % subnets.size()).getIpv4CidrBlock(), i));
        }
        Role role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
                .description("Cassandra nodes: Session Manager access, their backups")
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("AmazonSSMManagedInstanceCore")))
                .build();
        backups = new CassandraBackups(this, "Backups", key, backupTool);
        backups.grant(role);
        String backupScript = Resources.text("cassandra/cassandra-backup.sh");
        String script = script().replace("@CLUSTER@", "gatehouse").replace("@DATACENTER@", DATACENTER)
                .replace("@SEEDS@", String.join(",", addresses)).replace("@CASSANDRA_VERSION@", version());
        for (int i = 0; i < NODES; i++) {
            UserData userData = UserData.forLinux();
            userData.addCommands(script, backups.script(backupScript, nodeName(i)));
            ISubnet subnet = subnets.get(i % subnets.size());
            instances.add(Instance.Builder.create(this, "Node" + (i + 1))
                    .vpc(network.vpc())
                    .vpcSubnets(SubnetSelection.builder().subnets(List.of(subnet)).build())
                    .privateIpAddress(addresses.get(i))
                    .instanceType(new InstanceType(settings.architecture().cassandraInstanceType(settings.size())))
                    .machineImage(MachineImage.latestAmazonLinux2023(AmazonLinux2023ImageSsmParameterProps.builder()
                            .cpuType(settings.architecture() == DeploySettings.Architecture.ARM64 ? AmazonLinuxCpuType.ARM_64 : AmazonLinuxCpuType.X86_64).build()))
                    .securityGroup(network.cassandra())
                    .role(role)
                    .requireImdsv2(true)
                    .userData(userData)
                    .blockDevices(List.of(
                            volume("/dev/xvda", 16, key),
                            volume("/dev/sdf", settings.size().cassandraVolumeGiB, key)))
                    .build());
        }
    }

    private static BlockDevice volume(String device, int gib, IKey key) {
        return BlockDevice.builder().deviceName(device).volume(BlockDeviceVolume.ebs(gib, EbsDeviceOptions.builder()
                .encrypted(true).kmsKey(key).volumeType(EbsDeviceVolumeType.GP3).deleteOnTermination(false).build())).build();
    }

    /**
     * Node i's address: the (10 + i)th of its subnet, e.g. 10.20.16.10 for the first node in 10.20.16.0/24; distinct
     * even where there are fewer zones (an environment-agnostic synth has two) than nodes.
     */
    static String fixedAddress(String cidr, int node) {
        String[] octets = cidr.substring(0, cidr.indexOf('/')).split("\\.");
        return octets[0] + "." + octets[1] + "." + octets[2] + "." + (Integer.parseInt(octets[3]) + 10 + node);
    }

    private static String script() {
        return Resources.text("cassandra/cassandra-node.sh");
    }

    private static String version() {
        Properties versions = new Properties();
        try {
            versions.load(new java.io.StringReader(Resources.text("versions.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return versions.getProperty("cassandra.version");
    }

    /** How alarms and backup metrics name node i (0-based): node1, node2, node3. */
    public static String nodeName(int node) {
        return "node" + (node + 1);
    }

    public CassandraBackups backups() {
        return backups;
    }

    /** host:port,... for the driver, as GATEHOUSE_CASSANDRA_CONTACT_POINTS. */
    public String contactPoints() {
        return String.join(",", addresses.stream().map(address -> address + ":" + Network.CQL_PORT).toList());
    }

    public List<Instance> instances() {
        return instances;
    }
}
