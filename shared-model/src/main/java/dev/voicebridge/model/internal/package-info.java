/**
 * How the model meets JSON: the tolerant event reader, the canonical event writer and the
 * {@code Type}/{@code Parameters} envelope of actions. Not an API; use {@code SmaJson}.
 */
package dev.voicebridge.model.internal;
