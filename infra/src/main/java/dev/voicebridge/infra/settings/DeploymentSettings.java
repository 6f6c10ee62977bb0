package dev.voicebridge.infra.settings;

import dev.voicebridge.infra.network.ChimeVoiceConnectorRanges;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Settings that change the <em>shape</em> of the stack, so they are fixed at synthesis time
 * (CDK context, {@code -c key=value}) rather than CloudFormation parameters. Account-specific
 * values that do not change the shape (phone number, Azure endpoint, ...) are parameters instead,
 * see {@link dev.voicebridge.infra.StackParameters}.
 *
 * @param region            Region of the stack; must be a PSTN audio Region with published
 *                          Voice Connector ranges ({@link ChimeVoiceConnectorRanges})
 * @param account           account id, or empty for an environment-agnostic template
 * @param smaLambdaJar      the Lambda-ready jar built by sma-lambda
 * @param gatewayImage      an image URI to run instead of building infra/docker/gateway.Dockerfile
 * @param repositoryRoot    the Docker build context for the gateway image
 * @param rtpPortMin        first UDP port of the gateway's RTP range
 * @param rtpPortMax        last UDP port of the gateway's RTP range
 * @param adminCertificateArn ACM certificate for the HTTPS admin/WebSocket load balancer; without
 *                          it no load balancer is created and the admin port stays closed
 * @param inboundTrunkCidrs addresses of your own SBC/PBX allowed to send calls into the inbound
 *                          Voice Connector (termination); empty = termination stays off
 * @param instanceType      EC2 instance type of the gateway host
 * @param streamingRetentionHours Kinesis Video Streams retention when the EnableStreaming
 *                          parameter is true (0 = not stored, consumers read live)
 * @param enableSsm         attach AmazonSSMManagedInstanceCore so operators reach the host (and
 *                          the admin port by port forwarding) with Session Manager
 * @param gatewayHosts      number of gateway hosts, each with its own Elastic IP and two
 *                          origination routes (UDP, TCP); a Voice Connector takes 10 routes, so 1..5
 * @param sipEncryption     the gateway Voice Connector requires encryption (SIP over TLS to
 *                          {@link #SIP_TLS_PORT}, SRTP media), the default; {@code -c sipEncryption=false}
 *                          is the explicit choice of plain SIP/RTP on {@link #SIP_PORT}
 * @param autoScaling       present with {@code -c gatewayAutoScaling=true}: the gateways are an
 *                          Auto Scaling group whose routes the route manager writes, and
 *                          {@code gatewayHosts} is ignored
 * @param routeManagerJar   the Lambda-ready jar built by route-manager (used with autoScaling)
 */
public record DeploymentSettings(
        String region,
        Optional<String> account,
        Path smaLambdaJar,
        Optional<String> gatewayImage,
        Path repositoryRoot,
        int rtpPortMin,
        int rtpPortMax,
        Optional<String> adminCertificateArn,
        List<String> inboundTrunkCidrs,
        String instanceType,
        int streamingRetentionHours,
        boolean enableSsm,
        int gatewayHosts,
        boolean sipEncryption,
        Optional<GatewayScaling> autoScaling,
        Path routeManagerJar) {

    public static final int SIP_PORT = 5060;
    /** Where an encryption-enabled Voice Connector's TLS origination routes point. */
    public static final int SIP_TLS_PORT = 5061;

    public static final int SERVER_PORT = 8080;
    public static final int MAX_GATEWAY_HOSTS = 5;
    public static final String DEFAULT_SMA_LAMBDA_JAR = "sma-lambda/target/sma-lambda-0.1.0-SNAPSHOT-aws.jar";
    public static final String DEFAULT_ROUTE_MANAGER_JAR = "route-manager/target/route-manager-0.1.0-SNAPSHOT-aws.jar";

    public DeploymentSettings {
        if (autoScaling.isPresent() && sipEncryption) {
            throw new IllegalArgumentException("gatewayAutoScaling=true needs -c sipEncryption=false for now: the route"
                    + " manager writes routes to the hosts' IP addresses, and an encrypted trunk routes to host names"
                    + " that match the certificate");
        }
        ChimeVoiceConnectorRanges.forRegion(region);
        if (rtpPortMin < 1024 || rtpPortMax > 65535 || rtpPortMin > rtpPortMax) {
            throw new IllegalArgumentException(
                    "rtpPortMin/rtpPortMax must be an ascending range within 1024..65535, got " + rtpPortMin + ".."
                            + rtpPortMax);
        }
        if ((rtpPortMax - rtpPortMin + 1) % 2 != 0) {
            throw new IllegalArgumentException("the RTP range " + rtpPortMin + ".." + rtpPortMax
                    + " must hold whole RTP/RTCP port pairs (an even number of ports)");
        }
        for (int sip : new int[] {SIP_PORT, SIP_TLS_PORT}) {
            if (rtpPortMin <= sip && sip <= rtpPortMax) {
                throw new IllegalArgumentException(
                        "the RTP range " + rtpPortMin + ".." + rtpPortMax + " must not contain the SIP port " + sip);
            }
        }
        for (String cidr : inboundTrunkCidrs) {
            if (!cidr.matches("\\d{1,3}(\\.\\d{1,3}){3}/(2[7-9]|3[0-2])")) {
                throw new IllegalArgumentException(
                        "inboundTrunkCidrs entry '" + cidr
                                + "' is not an IPv4 CIDR between /27 and /32 (the Voice Connector termination allowlist limit)");
            }
        }
        if (inboundTrunkCidrs.size() > 10) {
            throw new IllegalArgumentException("inboundTrunkCidrs has " + inboundTrunkCidrs.size()
                    + " entries; a Voice Connector termination allowlist takes at most 10");
        }
        inboundTrunkCidrs = List.copyOf(inboundTrunkCidrs);
        if (gatewayHosts < 1 || gatewayHosts > MAX_GATEWAY_HOSTS) {
            throw new IllegalArgumentException("gatewayHosts must be 1.." + MAX_GATEWAY_HOSTS
                    + " (two origination routes per host, at most 10 per Voice Connector), got " + gatewayHosts);
        }
        if (streamingRetentionHours < 0) {
            throw new IllegalArgumentException("streamingRetentionHours must be >= 0, got " + streamingRetentionHours);
        }
    }

    /**
     * Reads the settings from CDK context (or anything that maps a key to a value).
     * Relative paths resolve against {@code repositoryRoot}, which defaults to the parent of the
     * working directory when that is {@code infra/} (where {@code cdk.json} lives).
     */
    public static DeploymentSettings from(Function<String, Object> context) {
        Path root = text(context, "repositoryRoot")
                .map(Path::of)
                .orElseGet(DeploymentSettings::guessRepositoryRoot)
                .toAbsolutePath()
                .normalize();
        Path jar = text(context, "smaLambdaJar").map(Path::of).orElse(Path.of(DEFAULT_SMA_LAMBDA_JAR));
        Path routeJar = text(context, "routeManagerJar").map(Path::of).orElse(Path.of(DEFAULT_ROUTE_MANAGER_JAR));
        return new DeploymentSettings(
                text(context, "region").orElse("us-east-1"),
                text(context, "account"),
                jar.isAbsolute() ? jar : root.resolve(jar).normalize(),
                text(context, "gatewayImage"),
                root,
                text(context, "rtpPortMin").map(Integer::parseInt).orElse(20000),
                text(context, "rtpPortMax").map(Integer::parseInt).orElse(21999),
                text(context, "adminCertificateArn"),
                text(context, "inboundTrunkCidrs")
                        .map(v -> Arrays.stream(v.split(","))
                                .map(String::trim)
                                .filter(s -> !s.isEmpty())
                                .toList())
                        .orElse(List.of()),
                text(context, "instanceType").orElse("c6i.large"),
                text(context, "streamingRetentionHours").map(Integer::parseInt).orElse(24),
                text(context, "enableSsm").map(Boolean::parseBoolean).orElse(false),
                text(context, "gatewayHosts").map(Integer::parseInt).orElse(1),
                text(context, "sipEncryption")
                        .map(DeploymentSettings::strictBoolean)
                        .orElse(true),
                text(context, "gatewayAutoScaling")
                        .filter(Boolean::parseBoolean)
                        .map(on -> new GatewayScaling(
                                text(context, "gatewayMinHosts")
                                        .map(Integer::parseInt)
                                        .orElse(1),
                                text(context, "gatewayMaxHosts")
                                        .map(Integer::parseInt)
                                        .orElse(10),
                                text(context, "gatewayDesiredHosts").map(Integer::parseInt),
                                text(context, "gatewayTargetUtilization")
                                        .map(Integer::parseInt)
                                        .orElse(60),
                                text(context, "gatewayVoiceConnectors")
                                        .map(Integer::parseInt)
                                        .orElse(1))),
                routeJar.isAbsolute() ? routeJar : root.resolve(routeJar).normalize());
    }

    /** "true" or "false" only: a typo must not silently turn encryption off. */
    private static boolean strictBoolean(String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("sipEncryption must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private static Optional<String> text(Function<String, Object> context, String key) {
        return Optional.ofNullable(context.apply(key))
                .map(Object::toString)
                .map(String::trim)
                .filter(s -> !s.isEmpty());
    }

    private static Path guessRepositoryRoot() {
        Path cwd = Path.of("").toAbsolutePath();
        return Files.exists(cwd.resolve("cdk.json")) && cwd.getParent() != null ? cwd.getParent() : cwd;
    }

    /** Number of concurrent calls the RTP range allows (one RTP/RTCP pair per call). */
    public int maxCallsByRtpRange() {
        return (rtpPortMax - rtpPortMin + 1) / 2;
    }
}
