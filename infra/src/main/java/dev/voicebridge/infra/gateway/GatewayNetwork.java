package dev.voicebridge.infra.gateway;

import dev.voicebridge.infra.network.ChimeVoiceConnectorRanges;
import dev.voicebridge.infra.network.ChimeVoiceConnectorRanges.Range;
import dev.voicebridge.infra.settings.DeploymentSettings;
import java.util.List;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.constructs.Construct;

/**
 * The gateway's network: a VPC with public subnets only (no NAT gateway to pay for: the host has
 * its own Elastic IP) and the security group that admits SIP and RTP from Chime's published Voice
 * Connector ranges and nothing else: SIP over TLS (TCP 5061) by default, plain SIP (UDP/TCP 5060)
 * only with {@code sipEncryption=false}.
 */
public final class GatewayNetwork extends Construct {

    private final Vpc vpc;
    private final SecurityGroup sipRtp;

    public GatewayNetwork(Construct scope, String id, DeploymentSettings settings) {
        super(scope, id);
        vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2) // an Application Load Balancer needs two zones; the host uses one
                .natGateways(0)
                // Nothing is attached to the default security group; restricting it would cost a
                // CDK-internal Lambda whose role carries an AWS-managed policy on "*".
                .restrictDefaultSecurityGroup(false)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("public")
                        .subnetType(SubnetType.PUBLIC)
                        .cidrMask(24)
                        .build()))
                .build();

        sipRtp = SecurityGroup.Builder.create(this, "SipRtp")
                .vpc(vpc)
                .description("VoiceBridge gateway: SIP and RTP from Chime Voice Connector ranges only")
                .allowAllOutbound(false)
                .build();
        for (Range range : ChimeVoiceConnectorRanges.signalling(settings.region())) {
            if (settings.sipEncryption()) {
                // SIP over TLS only: no plain SIP port is open at all.
                int tls = DeploymentSettings.SIP_TLS_PORT;
                sipRtp.addIngressRule(Peer.ipv4(range.cidr()), Port.tcp(tls), "SIP/TLS from Chime VC " + range.cidr());
                // A request of the gateway's own (BYE) after Chime's connection dropped opens a new one.
                sipRtp.addEgressRule(Peer.ipv4(range.cidr()), Port.tcp(tls), "SIP/TLS to Chime VC " + range.cidr());
                continue;
            }
            int sip = DeploymentSettings.SIP_PORT;
            sipRtp.addIngressRule(Peer.ipv4(range.cidr()), Port.udp(sip), "SIP/UDP from Chime VC " + range.cidr());
            sipRtp.addIngressRule(Peer.ipv4(range.cidr()), Port.tcp(sip), "SIP/TCP from Chime VC " + range.cidr());
            // The gateway's own requests (BYE, re-INVITE) to the connector; replies to Chime's
            // requests need no rule (security groups are stateful).
            sipRtp.addEgressRule(Peer.ipv4(range.cidr()), Port.udp(sip), "SIP/UDP to Chime VC " + range.cidr());
            sipRtp.addEgressRule(Peer.ipv4(range.cidr()), Port.tcp(sip), "SIP/TCP to Chime VC " + range.cidr());
        }
        for (Range range : ChimeVoiceConnectorRanges.media(settings.region())) {
            sipRtp.addIngressRule(
                    Peer.ipv4(range.cidr()),
                    Port.udpRange(settings.rtpPortMin(), settings.rtpPortMax()),
                    "RTP/RTCP from Chime VC media " + range.cidr());
            sipRtp.addEgressRule(
                    Peer.ipv4(range.cidr()),
                    Port.udpRange(range.mediaPortMin(), range.mediaPortMax()),
                    "RTP/RTCP to Chime VC media " + range.cidr());
        }
        // Azure OpenAI (no published fixed addresses), AWS APIs and OS packages: HTTPS only.
        sipRtp.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS to Azure OpenAI, AWS APIs, package mirrors");
    }

    public IVpc vpc() {
        return vpc;
    }

    public SecurityGroup sipRtpSecurityGroup() {
        return sipRtp;
    }

    /** The allowlist the gateway enforces itself as well (defence in depth behind the security group). */
    public static String allowedCidrs(DeploymentSettings settings) {
        return String.join(
                ",",
                ChimeVoiceConnectorRanges.media(settings.region()).stream()
                        .map(Range::cidr)
                        .toList());
    }
}
