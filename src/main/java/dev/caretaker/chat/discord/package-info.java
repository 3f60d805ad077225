/** The Discord adapter on JDA: gateway session, slash commands from the registry, embeds, buttons and posting. */
package dev.caretaker.chat.discord;
