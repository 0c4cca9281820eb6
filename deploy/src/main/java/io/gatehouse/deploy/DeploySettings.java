package io.gatehouse.deploy;

import software.constructs.Node;

import java.util.Locale;

/**
 * Everything an operator chooses for a deployment, read from CDK context ({@code cdk deploy -c size=medium}, or
 * {@code -Dgatehouse.deploy.<key>} with the Maven synth): domains, certificate, sizes, image tags, schedule.
 * Defaults synthesize a complete small deployment with placeholder domains.
 */
public record DeploySettings(Size size, String webDomain, String apiDomain, String authDomain, String certificateArn,
                             String webCertificateArn,
                             String imageTag, String cleanupSchedule, int cleanupMaxHoursBetweenRuns, String alarmEmail,
                             GlobalAccelerator globalAccelerator, KeycloakUpdate keycloakUpdate, Architecture architecture) {
    /** The app realm: the only one the internet reaches, and the one the web front-end signs in to. */
    public static final String REALM = "gatehouse";

    /** Capacity per deployment size; the monthly cost of each is estimated in deploy/README.md. */
    public enum Size {
        SMALL(1, 2, 1024, 2048, 2, 4, 512, 1024, 0.5, 2, "large", "m", 100),
        MEDIUM(2, 3, 2048, 4096, 3, 12, 1024, 2048, 1, 8, "xlarge", "r", 500);

        public final int natGateways;
        public final int keycloakTasks;
        public final int keycloakCpu;
        public final int keycloakMemoryMiB;
        public final int apiMinTasks;
        public final int apiMaxTasks;
        public final int apiCpu;
        public final int apiMemoryMiB;
        public final double auroraMinAcu;
        public final double auroraMaxAcu;
        /** Instance size and family letter (general purpose m, memory r); the generation comes with the architecture. */
        public final String cassandraInstanceSize;
        public final String cassandraInstanceFamily;
        public final int cassandraVolumeGiB;

        Size(int natGateways, int keycloakTasks, int keycloakCpu, int keycloakMemoryMiB, int apiMinTasks, int apiMaxTasks,
             int apiCpu, int apiMemoryMiB, double auroraMinAcu, double auroraMaxAcu, String cassandraInstanceSize, String cassandraInstanceFamily,
             int cassandraVolumeGiB) {
            this.natGateways = natGateways;
            this.keycloakTasks = keycloakTasks;
            this.keycloakCpu = keycloakCpu;
            this.keycloakMemoryMiB = keycloakMemoryMiB;
            this.apiMinTasks = apiMinTasks;
            this.apiMaxTasks = apiMaxTasks;
            this.apiCpu = apiCpu;
            this.apiMemoryMiB = apiMemoryMiB;
            this.auroraMinAcu = auroraMinAcu;
            this.auroraMaxAcu = auroraMaxAcu;
            this.cassandraInstanceSize = cassandraInstanceSize;
            this.cassandraInstanceFamily = cassandraInstanceFamily;
            this.cassandraVolumeGiB = cassandraVolumeGiB;
        }
    }

    /**
     * The processors the services and Cassandra run on: ARM64 (Graviton; every image's base is published for it: Keycloak,
     * Open Liberty's UBI images, Eclipse Temurin, the ADOT collector) by default, about a fifth cheaper than x86-64 for
     * the same size on Fargate and EC2; X86_64 when the images were built for it only. The cleanup task stays x86-64
     * either way: Fargate Spot, which it runs on, offers no ARM64.
     */
    public enum Architecture {
        ARM64("7g"), X86_64("6i");

        private final String generation;

        Architecture(String generation) {
            this.generation = generation;
        }

        /** The Cassandra nodes' instance type for a size: m7g.large on ARM64, m6i.large on x86-64 (small). */
        public String cassandraInstanceType(Size size) {
            return size.cassandraInstanceFamily + generation + "." + size.cassandraInstanceSize;
        }

        static Architecture of(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("architecture must be arm64 or x86_64, not '" + name + "'", e);
            }
        }
    }

    /**
     * The optional Global Accelerator (deploy/MULTI-REGION.md): {@code -c globalAccelerator=primary} makes it here,
     * {@code -c globalAccelerator=standby -c globalAcceleratorListener=<arn>} joins a standby region to it; off by default.
     */
    public record GlobalAccelerator(Role role, String listenerArn) {
        public enum Role { OFF, PRIMARY, STANDBY }

        static GlobalAccelerator of(String role, String listenerArn) {
            Role parsed;
            try {
                parsed = Role.valueOf(role.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("globalAccelerator must be off, primary or standby, not '" + role + "'", e);
            }
            if (parsed == Role.STANDBY && !listenerArn.matches("arn:aws[a-z-]*:globalaccelerator::[0-9]{12}:accelerator/[a-z0-9-]+/listener/[a-z0-9]+")) {
                throw new IllegalArgumentException("globalAccelerator=standby needs globalAcceleratorListener, the primary stack's ListenerArn output, not '"
                        + listenerArn + "'");
            }
            return new GlobalAccelerator(parsed, listenerArn);
        }
    }

    /**
     * How a new Keycloak task definition replaces the running tasks, as {@code kc.sh update-compatibility check} decided
     * (deploy/keycloak-rollout runs it and passes {@code -c keycloakUpdate=...}): ROLLING keeps every task serving while
     * new ones join the cluster; RECREATE stops all old tasks before new ones start, because the two versions cannot share
     * a cluster (a minute or two without sign-in). RECREATE is the default: a deploy that skipped the check is safe.
     */
    public enum KeycloakUpdate {
        ROLLING, RECREATE;

        static KeycloakUpdate of(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("keycloakUpdate must be rolling or recreate (deploy/keycloak-rollout decides), not '" + name + "'", e);
            }
        }
    }

    public static DeploySettings from(Node context) {
        String domain = value(context, "domain", "gatehouse.example.com");
        return new DeploySettings(
                size(value(context, "size", "small")),
                value(context, "webDomain", "app." + domain),
                value(context, "apiDomain", "api." + domain),
                value(context, "authDomain", "auth." + domain),
                // The load balancer's certificate (api and auth names), in the stack's region.
                value(context, "certificateArn", "arn:aws:acm:eu-west-1:111111111111:certificate/placeholder"),
                // CloudFront's certificate for the web name: always in us-east-1.
                value(context, "webCertificateArn", "arn:aws:acm:us-east-1:111111111111:certificate/placeholder"),
                value(context, "imageTag", "0.1.0"),
                value(context, "cleanupSchedule", "cron(15 3 * * ? *)"),
                Integer.parseInt(value(context, "cleanupMaxHoursBetweenRuns", "26")),
                value(context, "alarmEmail", ""),
                GlobalAccelerator.of(value(context, "globalAccelerator", "off"), value(context, "globalAcceleratorListener", "")),
                KeycloakUpdate.of(value(context, "keycloakUpdate", "recreate")),
                Architecture.of(value(context, "architecture", "arm64")));
    }

    private static Size size(String name) {
        try {
            return Size.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("size must be small or medium, not '" + name + "'", e);
        }
    }

    private static String value(Node context, String key, String defaultValue) {
        Object value = context.tryGetContext(key);
        if (value == null) {
            value = System.getProperty("gatehouse.deploy." + key);
        }
        return value == null || value.toString().isBlank() ? defaultValue : value.toString();
    }

    public String webUrl() {
        return "https://" + webDomain;
    }

    public String apiUrl() {
        return "https://" + apiDomain + "/api/v1";
    }

    public String keycloakUrl() {
        return "https://" + authDomain;
    }

    public String issuer() {
        return keycloakUrl() + "/realms/gatehouse";
    }
}
