package dev.voicebridge.sma.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the whole configuration at start-up and names every problem at once, so a bad deployment fails
 * its Lambda INIT with one clear message instead of failing (or looping) calls later.
 *
 * <p>A routing loop is the worst failure here: a CallAndBridge to the Voice Connector that feeds this SMA
 * would bring the call straight back as a new inbound call, each one bridging again, until the account's
 * call limits stop it. Both ARNs are known at deploy time, so the check is done before any call.
 */
public final class ConfigurationValidator {

    private static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{1,14}$");
    private static final Pattern E164_PREFIX = Pattern.compile("^\\+\\d{0,15}$");
    private static final Set<Integer> HANGUP_CODES = Set.of(0, 480, 486);
    /** The SMA retries an invocation after 5 s; leave room for the Lambda's own work and the network. */
    static final Duration MAX_INVOCATION_BUDGET = Duration.ofMillis(4000);

    private ConfigurationValidator() {}

    /** Throws {@link InvalidConfigurationException} listing every problem, or returns normally. */
    public static void requireValid(SmaLambdaProperties p) {
        List<String> problems = problems(p);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }

    public static List<String> problems(SmaLambdaProperties p) {
        List<String> problems = new ArrayList<>();
        checkGateway(p, problems);
        checkGreeting(p.greeting(), problems);
        checkFailure(p.failure(), problems);
        checkTransfer(p.transfer(), problems);
        checkAws(p.aws(), problems);
        if (!Set.of("standard", "neural").contains(p.voice().engine())) {
            problems.add("SPEAK_ENGINE='" + p.voice().engine() + "' must be 'standard' or 'neural'");
        }
        if (p.idempotencyCacheSize() < 1 || p.idempotencyCacheSize() > 100_000) {
            problems.add("IDEMPOTENCY_CACHE_SIZE=" + p.idempotencyCacheSize() + " must be between 1 and 100000");
        }
        return problems;
    }

    private static void checkGateway(SmaLambdaProperties p, List<String> problems) {
        SmaLambdaProperties.Gateway g = p.gateway();
        List<VoiceConnectorArn> inbound = new ArrayList<>();
        for (String arn : g.inboundVoiceConnectorArns()) {
            VoiceConnectorArn.parse(arn)
                    .ifPresentOrElse(
                            inbound::add,
                            () -> problems.add(
                                    "SMA_INBOUND_VOICE_CONNECTOR_ARN entry '" + arn + "' is not a Voice Connector ARN "
                                            + "(arn:aws:chime:<region>:<account>:vc/<id> or .../vcg/<id>)"));
        }
        if (g.voiceConnectorArn() == null) {
            if (p.callMode() == CallMode.GATEWAY) {
                problems.add("GATEWAY_VOICE_CONNECTOR_ARN is required when CALL_MODE=gateway: it is the Voice "
                        + "Connector whose origination route points at the VoiceBridge gateway");
            }
        } else {
            Optional<VoiceConnectorArn> target = VoiceConnectorArn.parse(g.voiceConnectorArn());
            if (target.isEmpty()) {
                problems.add("GATEWAY_VOICE_CONNECTOR_ARN='" + g.voiceConnectorArn() + "' is not a Voice Connector "
                        + "ARN (arn:aws:chime:<region>:<account>:vc/<id> or .../vcg/<id>); a CallAndBridge of type "
                        + "AWS can only target a Voice Connector or Voice Connector group");
            } else {
                for (VoiceConnectorArn in : inbound) {
                    if (in.sameResourceAs(target.get())) {
                        problems.add(
                                "routing loop: GATEWAY_VOICE_CONNECTOR_ARN '" + g.voiceConnectorArn()
                                        + "' is the Voice Connector that feeds this SIP media application "
                                        + "(SMA_INBOUND_VOICE_CONNECTOR_ARN); every bridged call would come back as a new "
                                        + "inbound call. Use a dedicated Voice Connector whose origination route is the gateway");
                    }
                }
            }
        }
        if (g.callTimeoutSeconds() < 1 || g.callTimeoutSeconds() > 120) {
            problems.add("BRIDGE_CALL_TIMEOUT_SECONDS=" + g.callTimeoutSeconds() + " must be between 1 and 120");
        }
        if (g.retries() < 0 || g.retries() > 5) {
            problems.add("BRIDGE_RETRIES=" + g.retries() + " must be between 0 and 5");
        }
        if (g.retryPause().isNegative()
                || g.retryPause().isZero()
                || g.retryPause().toMillis() > 30_000) {
            problems.add("BRIDGE_RETRY_PAUSE_MS=" + g.retryPause().toMillis() + " must be between 1 and 30000");
        }
    }

    private static void checkGreeting(SmaLambdaProperties.Greeting greeting, List<String> problems) {
        if ((greeting.audioBucket() == null) != (greeting.audioKey() == null)) {
            problems.add("GREETING_AUDIO_BUCKET and GREETING_AUDIO_KEY must be set together");
        }
        if (greeting.speaks() && greeting.plays()) {
            problems.add("set GREETING_TEXT or GREETING_AUDIO_BUCKET/GREETING_AUDIO_KEY, not both");
        }
        if (greeting.text() != null && greeting.text().length() > 1000) {
            problems.add("GREETING_TEXT is " + greeting.text().length() + " characters; Speak allows 1000");
        }
    }

    private static void checkFailure(SmaLambdaProperties.Failure failure, List<String> problems) {
        if (failure.apologyText().length() > 1000) {
            problems.add("APOLOGY_TEXT is " + failure.apologyText().length() + " characters; Speak allows 1000");
        }
        if (!HANGUP_CODES.contains(failure.sipResponseCode())) {
            problems.add("FAILURE_SIP_RESPONSE_CODE=" + failure.sipResponseCode()
                    + " must be one the Hangup action accepts: 0, 480 or 486");
        }
    }

    private static void checkTransfer(SmaLambdaProperties.Transfer transfer, List<String> problems) {
        if (transfer.callerId() != null && !E164.matcher(transfer.callerId()).matches()) {
            problems.add(
                    "TRANSFER_CALLER_ID='" + transfer.callerId() + "' must be an E.164 number such as +12065550100");
        }
        for (String prefix : transfer.allowedPrefixes()) {
            if (!E164_PREFIX.matcher(prefix).matches()) {
                problems.add(
                        "TRANSFER_ALLOWED_PREFIXES entry '" + prefix + "' must be '+' followed by up to 15 digits");
            }
        }
    }

    private static void checkAws(SmaLambdaProperties.Aws aws, List<String> problems) {
        if (aws.apiCallTimeout().isNegative() || aws.apiCallTimeout().isZero()) {
            problems.add("AWS_API_CALL_TIMEOUT_MS must be positive");
        }
        if (aws.invocationBudget().compareTo(MAX_INVOCATION_BUDGET) > 0
                || aws.invocationBudget().isNegative()
                || aws.invocationBudget().isZero()) {
            problems.add("INVOCATION_BUDGET_MS=" + aws.invocationBudget().toMillis() + " must be between 1 and "
                    + MAX_INVOCATION_BUDGET.toMillis() + ": the SMA retries an invocation after 5 s");
        }
        if (aws.apiCallTimeout().compareTo(aws.invocationBudget()) > 0) {
            problems.add("AWS_API_CALL_TIMEOUT_MS=" + aws.apiCallTimeout().toMillis()
                    + " must not exceed INVOCATION_BUDGET_MS="
                    + aws.invocationBudget().toMillis());
        }
        if (aws.chimeMeetingsEndpoint() != null && !aws.chimeMeetingsEndpoint().matches("^https?://\\S+$")) {
            problems.add("CHIME_MEETINGS_ENDPOINT='" + aws.chimeMeetingsEndpoint() + "' must be an http(s) URL");
        }
    }

    static boolean isE164(String value) {
        return value != null && E164.matcher(value).matches();
    }
}
