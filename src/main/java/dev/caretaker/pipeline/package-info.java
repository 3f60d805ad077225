/** The way every command runs: {@link dev.caretaker.pipeline.Invocation}, the interceptor chain and the {@link dev.caretaker.pipeline.Dispatcher}. */
package dev.caretaker.pipeline;
