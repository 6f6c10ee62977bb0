/** The two exceptions of the model: a value breaks a documented limit, or input cannot be read. */
package dev.voicebridge.model.error;
