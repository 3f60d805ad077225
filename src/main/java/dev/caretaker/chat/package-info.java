/**
 * The platform-neutral {@link dev.caretaker.chat.Inbound} port every adapter calls, what every chat platform offers
 * ({@link dev.caretaker.chat.ChatAdapter}) and the outbox notifier that uses it.
 */
package dev.caretaker.chat;
