package dev.voicebridge.gateway.realtime;

/**
 * The socket the caller's input goes to now. {@link RealtimeLinks} publishes it through a volatile
 * field once a session is set up and verified, and withdraws it (null) when the session is lost or
 * the call ends, so the caller's audio, keypad and barge-in paths read it without taking a lock.
 * Immutable: written under the link's lock, read on any thread (transport event loops, Reactor
 * workers, the Realtime event loop).
 */
record LiveLink(RealtimeConnection connection) {}
