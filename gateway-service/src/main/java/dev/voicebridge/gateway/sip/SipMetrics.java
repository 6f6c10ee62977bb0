package dev.voicebridge.gateway.sip;

import dev.voicebridge.gateway.call.EndReason;
import dev.voicebridge.gateway.rtp.RtpTotals;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The SIP endpoint's meters (Prometheus names: voicebridge_sip_*, voicebridge_rtp_*): live calls and
 * port use, INVITE outcomes, why calls ended, and RTP health (loss, late packets, refused sources,
 * media timeouts), so an operator sees a misrouted Voice Connector or a lossy path without reading logs.
 */
final class SipMetrics {

    /** The refusals worth a series of their own; the rest are rare protocol errors visible in logs. */
    private static final List<Integer> REFUSALS = List.of(420, 488, 503);

    private SipMetrics() {}

    static void bind(MeterRegistry registry, SipServer server) {
        SipStats sip = server.stats();
        RtpTotals rtp = server.rtpTotals();
        Gauge.builder("voicebridge.sip.calls.active", server, SipServer::activeCalls)
                .description("SIP dialogs from ringing to hang-up")
                .register(registry);
        Gauge.builder("voicebridge.rtp.port.pairs.used", server, SipServer::rtpPairsInUse)
                .register(registry);
        Gauge.builder("voicebridge.rtp.port.pairs.capacity", server, SipServer::rtpPairCapacity)
                .register(registry);
        counter(registry, "voicebridge.sip.invites.answered", sip, SipStats::answeredCount, null, null);
        for (int status : REFUSALS) {
            counter(
                    registry,
                    "voicebridge.sip.invites.refused",
                    sip,
                    s -> s.refusedCount(status),
                    "status",
                    Integer.toString(status));
        }
        counter(registry, "voicebridge.sip.requests.refused.source", server, SipServer::rejectedSources, null, null);
        for (EndReason reason : EndReason.values()) {
            counter(
                    registry,
                    "voicebridge.sip.calls.ended",
                    sip,
                    s -> s.endedCount(reason),
                    "reason",
                    reason.name().toLowerCase(Locale.ROOT));
        }
        counter(registry, "voicebridge.rtp.packets", rtp, RtpTotals::packetsIn, "direction", "in");
        counter(registry, "voicebridge.rtp.packets", rtp, RtpTotals::packetsOut, "direction", "out");
        counter(registry, "voicebridge.rtp.packets.lost", rtp, RtpTotals::lost, null, null);
        counter(registry, "voicebridge.rtp.packets.late", rtp, RtpTotals::late, null, null);
        counter(registry, "voicebridge.rtp.packets.dropped", rtp, RtpTotals::rejectedSource, "why", "source");
        counter(registry, "voicebridge.rtp.packets.dropped", rtp, RtpTotals::malformed, "why", "malformed");
        counter(registry, "voicebridge.rtp.packets.dropped", rtp, RtpTotals::srtpRejected, "why", "srtp");
        counter(registry, "voicebridge.rtp.media.timeouts", rtp, RtpTotals::mediaTimeouts, null, null);
    }

    private static <T> void counter(
            MeterRegistry registry, String name, T source, ToDoubleFunction<T> value, String tag, String tagValue) {
        FunctionCounter.Builder<T> builder = FunctionCounter.builder(name, source, value);
        if (tag != null) {
            builder.tag(tag, tagValue);
        }
        builder.register(registry);
    }
}
