/** A protocol-level Slack for tests: Web API, response and upload URLs, Socket Mode, with Slack's payload limits. */
package dev.caretaker.fake.slack;
