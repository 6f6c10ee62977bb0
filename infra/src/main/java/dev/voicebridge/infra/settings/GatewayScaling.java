package dev.voicebridge.infra.settings;

import java.util.Optional;

/**
 * The gateway Auto Scaling group's shape, from CDK context ({@code -c gatewayAutoScaling=true
 * -c gatewayMinHosts=1 -c gatewayMaxHosts=10 -c gatewayDesiredHosts=2 -c gatewayTargetUtilization=60
 * -c gatewayVoiceConnectors=1}). Without {@code gatewayAutoScaling=true} the stack keeps its fixed
 * hosts ({@code gatewayHosts}) and writes their routes itself.
 *
 * @param minHosts          never fewer hosts (at least 1: a Voice Connector needs a route)
 * @param maxHosts          never more; at most 10 hosts per gateway Voice Connector (one UDP
 *                          route each, Chime's 10 routes per connector)
 * @param desiredHosts      the start size; empty = let the group and its policy decide (a value
 *                          here is re-applied at every deploy)
 * @param targetUtilization percent of the group's call capacity the scaling policy keeps in use
 * @param voiceConnectors   gateway Voice Connectors the route manager fills in order; 2 or more
 *                          sit in a Voice Connector group the SMA bridges to
 */
public record GatewayScaling(
        int minHosts, int maxHosts, Optional<Integer> desiredHosts, int targetUtilization, int voiceConnectors) {

    public static final int HOSTS_PER_VOICE_CONNECTOR = 10;

    public GatewayScaling {
        if (minHosts < 1 || maxHosts < minHosts) {
            throw new IllegalArgumentException(
                    "gatewayMinHosts/gatewayMaxHosts must be 1 <= min <= max, got " + minHosts + "/" + maxHosts);
        }
        if (voiceConnectors < 1) {
            throw new IllegalArgumentException("gatewayVoiceConnectors must be at least 1, got " + voiceConnectors);
        }
        if (maxHosts > voiceConnectors * HOSTS_PER_VOICE_CONNECTOR) {
            throw new IllegalArgumentException("gatewayMaxHosts " + maxHosts + " needs more than "
                    + voiceConnectors + " Voice Connector(s): Chime allows 10 origination routes per Voice Connector"
                    + " (one UDP route per host); raise gatewayVoiceConnectors to "
                    + ((maxHosts + HOSTS_PER_VOICE_CONNECTOR - 1) / HOSTS_PER_VOICE_CONNECTOR));
        }
        desiredHosts.ifPresent(desired -> {
            if (desired < minHosts || desired > maxHosts) {
                throw new IllegalArgumentException(
                        "gatewayDesiredHosts must be within " + minHosts + ".." + maxHosts + ", got " + desired);
            }
        });
        if (targetUtilization < 10 || targetUtilization > 95) {
            throw new IllegalArgumentException(
                    "gatewayTargetUtilization must be 10..95 (percent of call capacity), got " + targetUtilization);
        }
    }
}
