package io.gatehouse.deploy.edge;

import io.gatehouse.deploy.DeploySettings;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.elasticloadbalancingv2.IApplicationLoadBalancer;
import software.amazon.awscdk.services.globalaccelerator.Accelerator;
import software.amazon.awscdk.services.globalaccelerator.ClientAffinity;
import software.amazon.awscdk.services.globalaccelerator.ConnectionProtocol;
import software.amazon.awscdk.services.globalaccelerator.EndpointGroup;
import software.amazon.awscdk.services.globalaccelerator.IListener;
import software.amazon.awscdk.services.globalaccelerator.Listener;
import software.amazon.awscdk.services.globalaccelerator.PortRange;
import software.amazon.awscdk.services.globalaccelerator.endpoints.ApplicationLoadBalancerEndpoint;
import software.amazon.awscdk.services.globalaccelerator.endpoints.ApplicationLoadBalancerEndpointOptions;
import software.constructs.Construct;

import java.util.List;

/**
 * The optional Global Accelerator in front of the API and Keycloak names (deploy/MULTI-REGION.md), off unless
 * {@code -c globalAccelerator=primary|standby}. The primary region's stack makes the accelerator and its TCP 443
 * listener and puts its own load balancer behind it with all the traffic; a standby region's stack adds its load
 * balancer to that listener (by ARN) with none, and failover turns the dials. The callers' addresses reach the load
 * balancer unchanged (client IP preservation), so the WAF's per-address limits keep working, and a caller stays in one
 * region while it is healthy (source-IP affinity): Keycloak's sessions live in the region that made them.
 */
public final class GlobalEntry extends Construct {
    private static final int PRIMARY_DIAL = 100;
    private static final int STANDBY_DIAL = 0;

    public GlobalEntry(Construct scope, String id, IApplicationLoadBalancer loadBalancer, DeploySettings.GlobalAccelerator settings) {
        super(scope, id);
        boolean primary = settings.role() == DeploySettings.GlobalAccelerator.Role.PRIMARY;
        IListener listener;
        if (primary) {
            Accelerator accelerator = Accelerator.Builder.create(this, "Accelerator").acceleratorName("gatehouse").build();
            listener = Listener.Builder.create(this, "Https").accelerator(accelerator)
                    .protocol(ConnectionProtocol.TCP).portRanges(List.of(PortRange.builder().fromPort(443).toPort(443).build()))
                    .clientAffinity(ClientAffinity.SOURCE_IP).build();
            CfnOutput.Builder.create(this, "AcceleratorDns").value(accelerator.getDnsName())
                    .description("CNAME target of the API and Keycloak names instead of the load balancer").build();
            CfnOutput.Builder.create(this, "ListenerArn").value(listener.getListenerArn())
                    .description("-c globalAcceleratorListener=... for a standby region's stack").build();
        } else {
            listener = Listener.fromListenerArn(this, "Https", settings.listenerArn());
        }
        EndpointGroup.Builder.create(this, "Region").listener(listener)
                .region(Stack.of(this).getRegion())
                .trafficDialPercentage(primary ? PRIMARY_DIAL : STANDBY_DIAL)
                .endpoints(List.of(new ApplicationLoadBalancerEndpoint(loadBalancer,
                        ApplicationLoadBalancerEndpointOptions.builder().preserveClientIp(true).build())))
                .build();
    }
}
