package dev.voicebridge.infra.gateway;

import dev.voicebridge.infra.settings.DeploymentSettings;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.IApplicationLoadBalancerTarget;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.elasticloadbalancingv2.targets.InstanceTarget;
import software.constructs.Construct;

/**
 * HTTPS in front of the gateway's HTTP port: the admin API ({@code /api/**}), actuator health and
 * the WebSocket media endpoint ({@code /media}). Created only with {@code -c adminCertificateArn=...};
 * without it the HTTP port is reachable from nowhere outside the host.
 */
public final class AdminLoadBalancer extends Construct {

    private final ApplicationLoadBalancer loadBalancer;

    public AdminLoadBalancer(
            Construct scope,
            String id,
            GatewayNetwork network,
            GatewayHost host,
            String certificateArn,
            String allowedCidr) {
        super(scope, id);
        SecurityGroup albSecurityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(network.vpc())
                .description("VoiceBridge admin/WebSocket load balancer: HTTPS in, gateway HTTP port out")
                .allowAllOutbound(false)
                .build();
        albSecurityGroup.addIngressRule(Peer.ipv4(allowedCidr), Port.tcp(443), "HTTPS (bearer token still required)");
        albSecurityGroup.addEgressRule(
                network.sipRtpSecurityGroup(), Port.tcp(DeploymentSettings.SERVER_PORT), "to the gateway HTTP port");
        network.sipRtpSecurityGroup()
                .addIngressRule(
                        albSecurityGroup,
                        Port.tcp(DeploymentSettings.SERVER_PORT),
                        "gateway HTTP port from the admin load balancer only");

        loadBalancer = ApplicationLoadBalancer.Builder.create(this, "Resource")
                .vpc(network.vpc())
                .vpcSubnets(
                        SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                .internetFacing(true)
                .securityGroup(albSecurityGroup)
                // WebSocket media streams are long-lived but never idle (a frame every 20 ms);
                // admin requests are short. Five minutes covers slow admin clients too.
                .idleTimeout(Duration.minutes(5))
                .dropInvalidHeaderFields(true)
                .build();
        ApplicationTargetGroup targets = ApplicationTargetGroup.Builder.create(this, "Gateway")
                .vpc(network.vpc())
                .targetType(TargetType.INSTANCE)
                .protocol(ApplicationProtocol.HTTP)
                .port(DeploymentSettings.SERVER_PORT)
                .targets(host.nodes().stream()
                        .map(node -> (IApplicationLoadBalancerTarget)
                                new InstanceTarget(node.instance(), DeploymentSettings.SERVER_PORT))
                        .toList())
                // Readiness goes down while draining, so the load balancer stops sending new
                // WebSocket calls before the gateway stops.
                .healthCheck(HealthCheck.builder()
                        .path("/actuator/health/readiness")
                        .healthyHttpCodes("200")
                        .interval(Duration.seconds(10))
                        .build())
                .deregistrationDelay(Duration.seconds(GatewayHost.STOP_TIMEOUT_SECONDS))
                .build();
        // The group registers its hosts itself as they come and go.
        host.group().ifPresent(group -> targets.addTarget(group.group()));
        ApplicationListener.Builder.create(this, "Https")
                .loadBalancer(loadBalancer)
                .protocol(ApplicationProtocol.HTTPS)
                .port(443)
                .open(false)
                .sslPolicy(SslPolicy.RECOMMENDED_TLS)
                .certificates(List.of(ListenerCertificate.fromArn(certificateArn)))
                .defaultTargetGroups(List.of(targets))
                .build();
    }

    public String dnsName() {
        return loadBalancer.getLoadBalancerDnsName();
    }
}
