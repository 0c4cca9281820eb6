package io.gatehouse.deploy;

import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

import java.nio.file.Path;
import java.util.Map;

/** The stack synthesized with the given CDK context, as {@code cdk deploy -c key=value ...} would (~10 s each). */
final class Synthesized {
    private Synthesized() {
    }

    static Template template(String name, Map<String, Object> context) {
        App app = new App(AppProps.builder().outdir(Path.of("target", "cdk-test-" + name).toString()).context(context).build());
        return Template.fromStack(new GatehouseStack(app, "Gatehouse", StackProps.builder().build(), DeploySettings.from(app.getNode()),
                DeployApp.builds()));
    }
}
