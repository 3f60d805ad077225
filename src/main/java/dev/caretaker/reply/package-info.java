/**
 * The platform-neutral reply model, and {@link dev.caretaker.reply.Format} for how values read inside sentences;
 * the sentences themselves live in each feature's own messages class.
 */
package dev.caretaker.reply;
