package dev.voicebridge.model.properties;

import dev.voicebridge.model.action.AudioSource;
import dev.voicebridge.model.action.CallAndBridge;
import dev.voicebridge.model.action.Hangup;
import dev.voicebridge.model.action.JoinChimeMeeting;
import dev.voicebridge.model.action.ModifyChimeMeetingAttendees;
import dev.voicebridge.model.action.ParticipantTag;
import dev.voicebridge.model.action.Pause;
import dev.voicebridge.model.action.PauseCallRecording;
import dev.voicebridge.model.action.PlayAudio;
import dev.voicebridge.model.action.PlayAudioAndGetDigits;
import dev.voicebridge.model.action.PollyEngine;
import dev.voicebridge.model.action.ReceiveDigits;
import dev.voicebridge.model.action.RecordAudio;
import dev.voicebridge.model.action.ResumeCallRecording;
import dev.voicebridge.model.action.SendDigits;
import dev.voicebridge.model.action.SmaAction;
import dev.voicebridge.model.action.Speak;
import dev.voicebridge.model.action.SpeakAndGetDigits;
import dev.voicebridge.model.action.StartBotConversation;
import dev.voicebridge.model.action.StartCallRecording;
import dev.voicebridge.model.action.StopCallRecording;
import dev.voicebridge.model.action.TextType;
import dev.voicebridge.model.action.VoiceFocus;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Generators for actions inside every documented limit. */
final class ValidActions {

    private ValidActions() {}

    static Arbitrary<SmaAction> any() {
        return Arbitraries.oneOf(List.of(
                callAndBridge(),
                hangup(),
                joinChimeMeeting(),
                modifyAttendees(),
                pause(),
                playAudio(),
                playAudioAndGetDigits(),
                receiveDigits(),
                recordAudio(),
                sendDigits(),
                speak(),
                speakAndGetDigits(),
                startBotConversation(),
                startCallRecording(),
                callId().map(PauseCallRecording::new),
                callId().map(ResumeCallRecording::new),
                callId().map(StopCallRecording::new),
                Combinators.combine(Arbitraries.of(true, false), callId()).as(VoiceFocus::new)));
    }

    static Arbitrary<String> callId() {
        return Arbitraries.strings()
                .alpha()
                .numeric()
                .withChars('-')
                .ofMinLength(1)
                .ofMaxLength(40)
                .filter(s -> !s.isBlank());
    }

    static Arbitrary<ParticipantTag> tag() {
        return Arbitraries.of(ParticipantTag.class).injectNull(0.4);
    }

    /** Text in any script (BMP, no lone surrogates), never blank. */
    static Arbitrary<String> text(int max) {
        return Arbitraries.strings()
                .withCharRange(' ', '~')
                .withCharRange('\u00a0', '\u024f')
                .withCharRange('\u4e00', '\u4e50')
                .withChars('\n', '\t', '"', '\\')
                .ofMinLength(1)
                .ofMaxLength(max)
                .filter(s -> !s.isBlank());
    }

    static Arbitrary<String> e164() {
        return Combinators.combine(
                        Arbitraries.integers().between(1, 9),
                        Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(14))
                .as((first, rest) -> "+" + first + rest);
    }

    static Arbitrary<AudioSource> audio() {
        return Combinators.combine(
                        Arbitraries.strings()
                                .alpha()
                                .numeric()
                                .withChars('-', '.')
                                .ofMinLength(3)
                                .ofMaxLength(63),
                        text(200))
                .as(AudioSource::s3);
    }

    static Arbitrary<List<String>> keys() {
        return Arbitraries.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "#", "*")
                .list()
                .ofMaxSize(12)
                .injectNull(0.3);
    }

    static Arbitrary<String> regex() {
        return Arbitraries.of("^\\d{2}#$", "^\\d+$", "[0-9]{4}", "^\\*\\d{1}$", "(1|2|3)")
                .injectNull(0.3);
    }

    static Arbitrary<Integer> between(int min, int max) {
        return Arbitraries.integers().between(min, max);
    }

    static Arbitrary<Integer> optionalBetween(int min, int max) {
        return between(min, max).injectNull(0.3);
    }

    static Arbitrary<Map<String, String>> sipHeaders() {
        Arbitrary<String> name = Arbitraries.oneOf(List.of(
                Arbitraries.strings()
                        .alpha()
                        .numeric()
                        .withChars('-')
                        .ofMinLength(1)
                        .ofMaxLength(20)
                        .filter(s -> !s.toLowerCase().startsWith("amzn"))
                        .map(s -> "X-" + s),
                Arbitraries.of("User-to-User", "Diversion")));
        return Arbitraries.maps(name, text(2048))
                .ofMaxSize(5)
                .injectNull(0.3)
                .map(m -> m == null || m.isEmpty() ? null : m);
    }

    static Arbitrary<SmaAction> callAndBridge() {
        Arbitrary<CallAndBridge.Endpoint> aws = Combinators.combine(
                        Arbitraries.strings()
                                .withChars("abcXYZ019&=+$/%-_!~*().")
                                .ofMinLength(1)
                                .ofMaxLength(30),
                        Arbitraries.strings().alpha().numeric().ofMinLength(5).ofMaxLength(30))
                .as((uri, id) -> CallAndBridge.Endpoint.aws("arn:aws:chime:us-east-1:123456789012:vc/" + id, uri));
        Arbitrary<CallAndBridge> toAws = Combinators.combine(
                        optionalBetween(1, 120), e164(), audio().injectNull(0.5), aws, sipHeaders())
                .as((timeout, caller, ring, endpoint, headers) ->
                        new CallAndBridge(timeout, caller, ring, List.of(endpoint), headers));
        Arbitrary<CallAndBridge> toPstn = Combinators.combine(
                        optionalBetween(1, 120), e164(), audio().injectNull(0.5), e164())
                .as((timeout, caller, ring, to) ->
                        new CallAndBridge(timeout, caller, ring, List.of(CallAndBridge.Endpoint.pstn(to)), null));
        return Arbitraries.oneOf(List.of(toAws, toPstn));
    }

    static Arbitrary<SmaAction> hangup() {
        return Combinators.combine(
                        callId().injectNull(0.4),
                        tag(),
                        Arbitraries.of(0, 480, 486).injectNull(0.3))
                .as(Hangup::new);
    }

    static Arbitrary<SmaAction> joinChimeMeeting() {
        return Combinators.combine(
                        Arbitraries.strings().alpha().numeric().ofMinLength(2).ofMaxLength(200),
                        callId().injectNull(0.3),
                        Arbitraries.just(ParticipantTag.LEG_A).injectNull(0.5),
                        callId().injectNull(0.3))
                .as(JoinChimeMeeting::new);
    }

    static Arbitrary<SmaAction> modifyAttendees() {
        return Combinators.combine(
                        Arbitraries.of(ModifyChimeMeetingAttendees.Operation.class),
                        callId(),
                        callId().injectNull(0.3),
                        Arbitraries.just(ParticipantTag.LEG_B).injectNull(0.5),
                        callId().list().ofMinSize(1).ofMaxSize(100))
                .as(ModifyChimeMeetingAttendees::new);
    }

    static Arbitrary<SmaAction> pause() {
        return Combinators.combine(callId().injectNull(0.3), tag(), between(1, Integer.MAX_VALUE))
                .as(Pause::new);
    }

    static Arbitrary<SmaAction> playAudio() {
        return Combinators.combine(callId().injectNull(0.3), tag(), keys(), optionalBetween(1, 1000), audio())
                .as(PlayAudio::new);
    }

    static Arbitrary<SmaAction> playAudioAndGetDigits() {
        Arbitrary<Integer[]> digits =
                between(0, 128).flatMap(min -> between(Math.max(min, 1), 128).map(max -> new Integer[] {min, max}));
        return Combinators.combine(
                        Combinators.combine(callId().injectNull(0.3), tag()).as(Tuple::of),
                        regex(),
                        audio(),
                        audio(),
                        digits,
                        keys(),
                        optionalBetween(1, 60_000),
                        Combinators.combine(optionalBetween(1, 10), between(1, 60_000))
                                .as(Tuple::of))
                .as((leg, regex, audio, failure, minMax, keys, inBetween, repeat) -> new PlayAudioAndGetDigits(
                        leg.get1(),
                        leg.get2(),
                        regex,
                        audio,
                        failure,
                        minMax[0],
                        minMax[1],
                        keys,
                        inBetween,
                        repeat.get1(),
                        repeat.get2()));
    }

    static Arbitrary<SmaAction> receiveDigits() {
        return Combinators.combine(
                        callId().injectNull(0.3),
                        tag(),
                        regex().filter(r -> r != null),
                        between(1, 60_000),
                        between(1, 60_000))
                .as(ReceiveDigits::new);
    }

    static Arbitrary<SmaAction> recordAudio() {
        Arbitrary<String[]> leg = Combinators.combine(callId(), tag())
                .as((id, tag) -> new String[] {tag == null ? id : null, tag == null ? null : tag.wire()});
        return Combinators.combine(
                        leg,
                        optionalBetween(1, 3600),
                        optionalBetween(1, 1000),
                        optionalBetween(1, 1000),
                        Arbitraries.of("#", "*", "0").list().ofMinSize(1).ofMaxSize(3),
                        Combinators.combine(callId(), text(979).injectNull(0.4))
                                .as(RecordAudio.RecordingDestination::s3))
                .as((l, duration, silence, threshold, terminators, destination) -> new RecordAudio(
                        l[0],
                        l[1] == null ? null : ParticipantTag.fromWire(l[1]),
                        duration,
                        silence,
                        threshold,
                        terminators,
                        destination));
    }

    static Arbitrary<SmaAction> sendDigits() {
        return Combinators.combine(
                        callId(),
                        Arbitraries.strings()
                                .withChars("0123456789*#ABCD,")
                                .ofMinLength(1)
                                .ofMaxLength(50),
                        optionalBetween(50, 24_000))
                .as(SendDigits::new);
    }

    static Arbitrary<SmaAction> speak() {
        Arbitrary<String[]> content = Arbitraries.oneOf(List.of(
                text(1000).map(t -> new String[] {t, null}),
                text(900).map(t -> new String[] {"<speak>" + t + "</speak>", "ssml"})));
        return Combinators.combine(
                        callId(),
                        content,
                        Arbitraries.of(PollyEngine.class).injectNull(0.4),
                        Arbitraries.of("en-US", "de-DE", "cmn-CN", "arb", "en-GB-WLS")
                                .injectNull(0.4),
                        Arbitraries.of("Joanna", "Matthew", "Vicki", "Zhiyu").injectNull(0.4),
                        Arbitraries.of(TextType.TEXT).injectNull(0.5))
                .as((callId, c, engine, language, voice, plain) ->
                        new Speak(callId, c[0], engine, language, c[1] == null ? plain : TextType.SSML, voice));
    }

    static Arbitrary<SmaAction> speakAndGetDigits() {
        Arbitrary<SpeakAndGetDigits.SpeechParameters> speech = Combinators.combine(
                        text(1000),
                        Arbitraries.of(PollyEngine.class).injectNull(0.4),
                        Arbitraries.of("en-US", "es-US").injectNull(0.4),
                        Arbitraries.of("Joanna", "Lupe").injectNull(0.4))
                .as((t, engine, language, voice) ->
                        new SpeakAndGetDigits.SpeechParameters(t, engine, language, null, voice));
        return Combinators.combine(
                        callId(),
                        regex(),
                        speech,
                        speech,
                        keys(),
                        optionalBetween(1, 60_000),
                        optionalBetween(1, 10),
                        between(1, 60_000))
                .as((callId, regex, s, f, keys, inBetween, repeat, repeatDuration) -> new SpeakAndGetDigits(
                        callId, regex, s, f, null, null, keys, inBetween, repeat, repeatDuration));
    }

    static Arbitrary<SmaAction> startBotConversation() {
        Arbitrary<StartBotConversation.Configuration> configuration = Combinators.combine(
                        Arbitraries.maps(callId(), text(50)).ofMaxSize(5),
                        Arbitraries.of(StartBotConversation.DialogActionType.class),
                        text(200).list().ofMaxSize(3))
                .as((attributes, dialog, messages) -> new StartBotConversation.Configuration(
                        new StartBotConversation.SessionState(
                                attributes, new StartBotConversation.DialogAction(dialog)),
                        messages.stream()
                                .map(m -> new StartBotConversation.WelcomeMessage(
                                        m, StartBotConversation.ContentType.PLAIN_TEXT))
                                .toList()))
                .injectNull(0.3);
        return Combinators.combine(
                        callId().injectNull(0.3),
                        Arbitraries.just(ParticipantTag.LEG_A).injectNull(0.5),
                        Arbitraries.strings().alpha().numeric().ofLength(10),
                        Arbitraries.of("en_US", "de_DE", "ja_JP").injectNull(0.4),
                        configuration)
                .as((callId, tag, id, locale, config) -> new StartBotConversation(
                        callId,
                        tag,
                        "arn:aws:lex:us-east-1:123456789012:bot-alias/" + id + "/TSTALIASID",
                        locale,
                        config));
    }

    static Arbitrary<SmaAction> startCallRecording() {
        return Combinators.combine(
                        callId(),
                        Arbitraries.of(StartCallRecording.Track.class),
                        Arbitraries.strings()
                                .alpha()
                                .numeric()
                                .withChars('-', '/')
                                .ofMinLength(3)
                                .ofMaxLength(100)
                                .map(StartCallRecording.Destination::s3))
                .as(StartCallRecording::new);
    }
}
