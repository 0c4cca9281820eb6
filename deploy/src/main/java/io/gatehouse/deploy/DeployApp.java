package io.gatehouse.deploy;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

import java.nio.file.Path;

/**
 * Synthesizes the deployment: {@code ./mvnw -q -Psynth package -pl deploy -am} writes CloudFormation to
 * deploy/target/cdk.out; the cdk CLI (deploy/cdk.json) runs the same and deploys it. Offline: nothing here calls AWS.
 */
public final class DeployApp {
    private DeployApp() {
    }

    public static void main(String[] args) {
        String outdir = System.getenv().getOrDefault("CDK_OUTDIR", System.getProperty("gatehouse.cdk.out", "target/cdk.out"));
        App app = new App(AppProps.builder().outdir(outdir).build());
        DeploySettings settings = DeploySettings.from(app.getNode());
        GatehouseStack stack = new GatehouseStack(app, "Gatehouse", StackProps.builder()
                .env(environment())
                .description("Gatehouse: Keycloak-delegated authentication in front of a Jakarta EE API (deploy/README.md)")
                .build(), settings, builds());
        Tags.of(stack).add("project", "gatehouse");
        app.synth();
        System.out.println("CloudFormation written to " + Path.of(outdir).toAbsolutePath().resolve(stack.getTemplateFile()));
    }

    /** The account and region the cdk CLI passes, or none: an environment-agnostic template. */
    static Environment environment() {
        return Environment.builder()
                .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                .region(System.getenv("CDK_DEFAULT_REGION"))
                .build();
    }

    /** What the stack ships, built by the modules before this one. */
    static Builds builds() {
        Path project = Path.of(System.getProperty("gatehouse.project.dir", ".."));
        return new Builds(project.resolve("web/target/site"), project.resolve("cassandra-backup/target/dist"));
    }
}
