package io.gatehouse.deploy;

import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.RuntimePlatform;

/** The Fargate platform of a task: Linux on the chosen processors. */
public final class Platforms {
    private Platforms() {
    }

    public static RuntimePlatform of(DeploySettings.Architecture architecture) {
        return RuntimePlatform.builder().operatingSystemFamily(OperatingSystemFamily.LINUX)
                .cpuArchitecture(architecture == DeploySettings.Architecture.ARM64 ? CpuArchitecture.ARM64 : CpuArchitecture.X86_64).build();
    }
}
