package io.gatehouse.deploy;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The optional Global Accelerator (deploy/MULTI-REGION.md), synthesized for a primary and a standby region. */
class GlobalEntryTest {
    private static final String LISTENER = "arn:aws:globalaccelerator::123456789012:accelerator/1234abcd-abcd-1234-abcd-1234abcdefgh/listener/0123vxyz";

    /** The endpoint group is in the region the stack is deployed to. */
    private static final Map<String, String> THIS_REGION = Map.of("Ref", "AWS::Region");

    @Test
    void thePrimaryRegionMakesTheAcceleratorAndTakesAllTheTrafficWithTheCallersAddresses() {
        Template primary = Synthesized.template("primary", Map.of("globalAccelerator", "primary"));
        primary.resourceCountIs("AWS::GlobalAccelerator::Accelerator", 1);
        primary.hasResourceProperties("AWS::GlobalAccelerator::Listener", Match.objectLike(Map.of("Protocol", "TCP",
                "ClientAffinity", "SOURCE_IP", "PortRanges", List.of(Map.of("FromPort", 443, "ToPort", 443)))));
        primary.hasResourceProperties("AWS::GlobalAccelerator::EndpointGroup", Match.objectLike(Map.of(
                "EndpointGroupRegion", THIS_REGION, "TrafficDialPercentage", 100,
                "EndpointConfigurations", List.of(Match.objectLike(Map.of("ClientIPPreservationEnabled", true,
                        "EndpointId", Match.objectLike(Map.of("Ref", Match.stringLikeRegexp("EdgeLoadBalancer.*")))))))));
        assertThat(primary.findOutputs("*").keySet()).anyMatch(output -> output.startsWith("GlobalEntryAcceleratorDns"))
                .anyMatch(output -> output.startsWith("GlobalEntryListenerArn"));
    }

    @Test
    void aStandbyRegionJoinsThePrimarysListenerWithNoTraffic() {
        Template standby = Synthesized.template("standby", Map.of("globalAccelerator", "standby", "globalAcceleratorListener", LISTENER));
        standby.resourceCountIs("AWS::GlobalAccelerator::Accelerator", 0);
        standby.resourceCountIs("AWS::GlobalAccelerator::Listener", 0);
        standby.hasResourceProperties("AWS::GlobalAccelerator::EndpointGroup", Match.objectLike(Map.of(
                "ListenerArn", LISTENER, "EndpointGroupRegion", THIS_REGION, "TrafficDialPercentage", 0)));
    }
}
