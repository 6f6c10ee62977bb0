/**
 * Helpers every other model package builds on: the limit checks, lenient scalar reading and the one
 * configured mapper. Not an API; use {@code SmaJson}. Depends on nothing in the model but
 * {@code error}, so that the packages above it stay free of cycles.
 */
package dev.voicebridge.model.internal;
