/** The platform-neutral reply model and {@link dev.caretaker.reply.Messages}, every sentence users read. */
package dev.caretaker.reply;
