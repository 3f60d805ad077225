/** The Slack adapter: Bolt app at {@code /slack/events} or over Socket Mode, Block Kit renderer, Web API delivery. */
package dev.caretaker.chat.slack;
