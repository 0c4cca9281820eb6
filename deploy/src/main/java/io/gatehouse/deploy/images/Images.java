package io.gatehouse.deploy.images;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.RepositoryEncryption;
import software.amazon.awscdk.services.ecr.TagMutability;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

import java.util.List;

/**
 * One ECR repository per image built from deploy/containers (keycloak, api, cleanup): encrypted with the data key,
 * scanned on push, tags immutable so a task definition always means the same bytes.
 */
public final class Images extends Construct {
    private final String tag;
    private final Repository keycloak;
    private final Repository api;
    private final Repository cleanup;

    public Images(Construct scope, String id, IKey key, String tag) {
        super(scope, id);
        this.tag = tag;
        keycloak = repository("keycloak", key);
        api = repository("api", key);
        cleanup = repository("cleanup", key);
    }

    private Repository repository(String name, IKey key) {
        return Repository.Builder.create(this, name)
                .repositoryName("gatehouse/" + name)
                .encryption(RepositoryEncryption.KMS).encryptionKey(key)
                .imageScanOnPush(true)
                .imageTagMutability(TagMutability.IMMUTABLE)
                .lifecycleRules(List.of(LifecycleRule.builder().description("keep the last 30 images").maxImageCount(30).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    public ContainerImage keycloak() {
        return ContainerImage.fromEcrRepository(keycloak, tag);
    }

    public ContainerImage api() {
        return ContainerImage.fromEcrRepository(api, tag);
    }

    public ContainerImage cleanup() {
        return ContainerImage.fromEcrRepository(cleanup, tag);
    }
}
