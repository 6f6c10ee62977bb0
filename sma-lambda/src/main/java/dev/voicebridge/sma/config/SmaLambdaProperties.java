package dev.voicebridge.sma.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Everything the Lambda can be told, bound from {@code voicebridge.sma.*}. Each property is mapped from the
 * environment variable named in {@code application.properties} (and in the README), which also holds the
 * defaults. Checked as a whole by {@link ConfigurationValidator} before the first call is answered.
 */
@ConfigurationProperties("voicebridge.sma")
public record SmaLambdaProperties(
        CallMode callMode,
        Gateway gateway,
        Greeting greeting,
        Voice voice,
        Failure failure,
        Transfer transfer,
        Meeting meeting,
        Aws aws,
        int idempotencyCacheSize) {

    public SmaLambdaProperties {
        callMode = callMode == null ? CallMode.GATEWAY : callMode;
        gateway = gateway == null ? new Gateway(null, List.of(), 30, 2, null) : gateway;
        greeting = greeting == null ? new Greeting(null, null, null) : greeting;
        voice = voice == null ? new Voice(null, null, null) : voice;
        failure = failure == null ? new Failure(null, 480) : failure;
        transfer = transfer == null ? new Transfer(null, List.of()) : transfer;
        meeting = meeting == null ? new Meeting(null) : meeting;
        aws = aws == null ? new Aws(null, null, null, null) : aws;
    }

    /**
     * Gateway mode: the dedicated Voice Connector whose origination route is the gateway, the Voice
     * Connectors that feed this SMA (a bridge back into them would loop), and the bridge retry policy.
     */
    public record Gateway(
            String voiceConnectorArn,
            List<String> inboundVoiceConnectorArns,
            int callTimeoutSeconds,
            int retries,
            @DurationUnit(ChronoUnit.MILLIS) Duration retryPause) {
        public Gateway {
            voiceConnectorArn = blankToNull(voiceConnectorArn);
            inboundVoiceConnectorArns = inboundVoiceConnectorArns == null
                    ? List.of()
                    : inboundVoiceConnectorArns.stream()
                            .map(String::trim)
                            .filter(s -> !s.isEmpty())
                            .toList();
            retryPause = retryPause == null ? Duration.ofSeconds(1) : retryPause;
        }
    }

    /** Optional greeting before the bridge: a Speak text, or a WAV in S3 played with PlayAudio. Off when unset. */
    public record Greeting(String text, String audioBucket, String audioKey) {
        public Greeting {
            text = blankToNull(text);
            audioBucket = blankToNull(audioBucket);
            audioKey = blankToNull(audioKey);
        }

        public boolean speaks() {
            return text != null;
        }

        public boolean plays() {
            return audioBucket != null && audioKey != null;
        }
    }

    /** Amazon Polly voice for every Speak the Lambda itself produces (greeting, apology). */
    public record Voice(String voiceId, String languageCode, String engine) {
        public Voice {
            voiceId = blankToNull(voiceId) == null ? "Joanna" : voiceId.trim();
            languageCode = blankToNull(languageCode) == null ? "en-US" : languageCode.trim();
            engine = blankToNull(engine) == null ? "neural" : engine.trim();
        }
    }

    /** What the caller hears, and the SIP code they get, when the call cannot be connected. */
    public record Failure(String apologyText, int sipResponseCode) {
        public Failure {
            apologyText = blankToNull(apologyText) == null
                    ? "We are sorry, we cannot connect your call right now. Please try again later."
                    : apologyText.trim();
        }
    }

    /**
     * Transfers to the PSTN asked for by the gateway. The model behind the gateway decides when to transfer,
     * so the destinations are an allow-list of E.164 prefixes (toll-fraud guard); empty means no transfers.
     */
    public record Transfer(String callerId, List<String> allowedPrefixes) {
        public Transfer {
            callerId = blankToNull(callerId);
            allowedPrefixes = allowedPrefixes == null
                    ? List.of()
                    : allowedPrefixes.stream()
                            .map(String::trim)
                            .filter(s -> !s.isEmpty())
                            .toList();
        }

        public boolean allows(String e164) {
            return e164 != null && allowedPrefixes.stream().anyMatch(e164::startsWith);
        }
    }

    /** Meeting mode: where the Chime SDK meeting's media is hosted. */
    public record Meeting(String mediaRegion) {
        public Meeting {
            mediaRegion = blankToNull(mediaRegion);
        }
    }

    /**
     * AWS API calls made while a call waits for the answer. The SMA retries an invocation after 5 s, so every
     * call has its own timeout and all of them together must fit in the invocation budget.
     */
    public record Aws(
            String region,
            String chimeMeetingsEndpoint,
            @DurationUnit(ChronoUnit.MILLIS) Duration apiCallTimeout,
            @DurationUnit(ChronoUnit.MILLIS) Duration invocationBudget) {
        public Aws {
            region = blankToNull(region) == null ? "us-east-1" : region.trim();
            chimeMeetingsEndpoint = blankToNull(chimeMeetingsEndpoint);
            apiCallTimeout = apiCallTimeout == null ? Duration.ofMillis(1500) : apiCallTimeout;
            invocationBudget = invocationBudget == null ? Duration.ofMillis(3000) : invocationBudget;
        }
    }

    public String effectiveMediaRegion() {
        return meeting.mediaRegion() != null ? meeting.mediaRegion() : aws.region();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
