package io.gatehouse.deploy;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/** A service's log group: encrypted with the data key, kept for a bounded time, and the ECS driver writing to it. */
public record Logs(LogGroup group, LogDriver driver) {
    public static final RetentionDays RETENTION = RetentionDays.THREE_MONTHS;

    public static Logs of(Construct scope, String name, IKey key) {
        LogGroup group = LogGroup.Builder.create(scope, "Logs")
                .logGroupName("/gatehouse/" + name)
                .retention(RETENTION)
                .encryptionKey(key)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        return new Logs(group, LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(group).streamPrefix(name).build()));
    }
}
