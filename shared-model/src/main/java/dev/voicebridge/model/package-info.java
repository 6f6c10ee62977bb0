/** The typed protocol of the Chime SIP media application. */
package dev.voicebridge.model;
