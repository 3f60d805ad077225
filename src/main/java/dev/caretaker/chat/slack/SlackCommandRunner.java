package dev.caretaker.chat.slack;

import dev.caretaker.chat.DeliveryException;
import dev.caretaker.chat.DirectDelivery;
import dev.caretaker.chat.Inbound;
import dev.caretaker.chat.Inbound.Answer;
import dev.caretaker.command.CommandInput;
import dev.caretaker.command.CommandMessages;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Visibility;
import dev.caretaker.security.Caller;
import io.micronaut.scheduling.TaskScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs what Slack sends (slash commands, mentions, button clicks) through {@link Inbound} on a worker, so the
 * ack always goes back within Slack's 3 s: a command done within {@code ackWait} answers in the ack; a
 * longer one acks "Running…", shows progress in one edited message, and delivers its result later
 * through the response URL or the Web API, via {@link DirectDelivery} (the outbox's retry policy) so an outage
 * delays it.
 */
public final class SlackCommandRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SlackCommandRunner.class);

    private final Inbound inbound;
    private final SlackCallers callers;
    private final SlackWebApi api;
    private final BlockKitRenderer renderer;
    private final DirectDelivery retries;
    private final ExecutorService workers;
    private final TaskScheduler timer;
    private final Duration ackWait;
    private final Duration progressInterval;

    public SlackCommandRunner(Inbound inbound, SlackCallers callers, SlackWebApi api, BlockKitRenderer renderer,
                              DirectDelivery retries, ExecutorService workers, TaskScheduler timer,
                              Duration ackWait, Duration progressInterval) {
        this.inbound = inbound;
        this.callers = callers;
        this.api = api;
        this.renderer = renderer;
        this.retries = retries;
        this.workers = workers;
        this.timer = timer;
        this.ackWait = ackWait;
        this.progressInterval = progressInterval;
    }

    /**
     * Where a request came from, so the answer finds its way back.
     *
     * @param responseUrl the request's response URL, or null (mentions have none)
     * @param threadTs    the thread to answer in, or null
     */
    public record Origin(String userId, String userName, String channelId, String responseUrl, String threadTs) {
    }

    /** What the ack of a slash command carries; empty for a bare 200 (the answer comes another way, or never). */
    public record Ack(Optional<SlackMessage> message, boolean inChannel) {
        static final Ack EMPTY = new Ack(Optional.empty(), false);
    }

    /** A slash command: answers the ack within {@code ackWait}; a longer run answers later. */
    public Ack command(Origin origin, String text, String deliveryId) {
        return command(origin, text, deliveryId, null);
    }

    /**
     * A slash command whose ack can leave before this method returns ({@code earlyAck}, called at most once, from
     * the timer): it runs right here, on the request's own thread, with no hand-off to a second worker. A command
     * done within {@code ackWait} answers in the returned ack, as most do; when the window runs out first, the timer
     * sends "Running…" through {@code earlyAck}, and the result follows as a longer run's does. With no
     * {@code earlyAck} (Socket Mode acks only when the handler returns) the command runs on a worker instead.
     */
    public Ack command(Origin origin, String text, String deliveryId, Consumer<Ack> earlyAck) {
        if (earlyAck != null) {
            return commandHere(origin, text, deliveryId, earlyAck);
        }
        SlackProgress progress = progress(origin.channelId(), null);
        CompletableFuture<Answer> run;
        try {
            run = CompletableFuture.supplyAsync(() -> inbound.command(request(origin, text, deliveryId, progress)),
                    workers);
        } catch (RejectedExecutionException e) {
            LOG.warn("Refused a Slack command from {}: all workers busy", origin.userId());
            return new Ack(Optional.of(renderer.render(Reply.error(SlackMessages.slackBusy()))), false);
        }
        run = run.exceptionally(this::internalError);
        try {
            Answer answer = run.get(ackWait.toMillis(), TimeUnit.MILLISECONDS);
            progress.finish();
            return inAck(answer, origin);
        } catch (TimeoutException e) {
            progress.arm();
            run.thenAccept(answer -> deliver(answer, origin, progress));
            return running(text);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.thenAccept(answer -> deliver(answer, origin, progress));
            return Ack.EMPTY;
        } catch (ExecutionException e) {
            // exceptionally() above turns every failure into an answer; this cannot happen.
            throw new IllegalStateException(e);
        }
    }

    private Ack commandHere(Origin origin, String text, String deliveryId, Consumer<Ack> earlyAck) {
        SlackProgress progress = progress(origin.channelId(), null);
        // whoever comes first, the answer or the end of the window, decides what the ack carries
        AtomicBoolean decided = new AtomicBoolean();
        CompletableFuture<Void> runningSent = new CompletableFuture<>();
        ScheduledFuture<?> window = timer.schedule(ackWait, () -> {
            if (decided.compareAndSet(false, true)) {
                progress.arm();
                try {
                    earlyAck.accept(running(text));
                } finally {
                    runningSent.complete(null);
                }
            }
        });
        Answer answer;
        try {
            answer = inbound.command(request(origin, text, deliveryId, progress));
        } catch (RuntimeException e) {
            answer = internalError(e);
        }
        if (decided.compareAndSet(false, true)) {
            window.cancel(false);
            progress.finish();
            return inAck(answer, origin);
        }
        // "Running…" went out and the progress message is armed: deliver as a run that outlived the window does
        runningSent.join();
        deliver(answer, origin, progress);
        return Ack.EMPTY;
    }

    private Ack running(String text) {
        Reply running = Reply.builder().visibility(Visibility.REQUESTER).text(SlackMessages.running(text.strip())).build();
        return new Ack(Optional.of(renderer.render(running)), false);
    }

    /** An {@code app_mention}: the Events API ack is always empty; the answer is posted in the channel. */
    public void mention(Origin origin, String text, String deliveryId) {
        SlackProgress progress = progress(origin.channelId(), null);
        submit(origin, progress, () -> inbound.command(request(origin, text, deliveryId, progress)));
    }

    /**
     * A button click on one of Caretaker's messages; the ack is empty and the message is then replaced with
     * the result (who confirmed, and what came of it). The pipeline routes the click: Confirm / Cancel /
     * Approve / Reject answer a pending request, other ids (alert Ack / Silence) go to their handler.
     *
     * @param messageTs the message carrying the button; its progress is shown by editing it
     * @param ephemeral whether that message is only visible to the clicker (a confirmation prompt)
     */
    public void button(Origin origin, String actionId, String value, String messageTs, boolean ephemeral) {
        SlackProgress progress = progress(origin.channelId(), ephemeral ? null : messageTs);
        start(progress, () -> inbound.click(caller(origin), actionId, value, progress))
                .thenAccept(answer -> answerButton(answer, origin, progress, ephemeral));
    }

    // ---- delivery --------------------------------------------------------------------------------

    private Ack inAck(Answer answer, Origin origin) {
        if (answer.status() == Answer.Status.REPEAT) {
            return Ack.EMPTY;
        }
        SlackMessage message = renderer.render(answer.reply());
        if (message.hasFiles()) {
            // An ack cannot carry files: post the message and attach them in its thread.
            retries.submit(what(origin), () -> api.postMessage(origin.channelId(), origin.threadTs(), message));
            return Ack.EMPTY;
        }
        return new Ack(Optional.of(message), !message.ephemeral());
    }

    private void submit(Origin origin, SlackProgress progress, Supplier<Answer> work) {
        start(progress, work).thenAccept(answer -> deliver(answer, origin, progress));
    }

    /** Runs work on a worker and arms progress once it outlives the ack window. */
    private CompletableFuture<Answer> start(SlackProgress progress, Supplier<Answer> work) {
        CompletableFuture<Answer> run;
        try {
            run = CompletableFuture.supplyAsync(work, workers).exceptionally(this::internalError);
        } catch (RejectedExecutionException e) {
            run = CompletableFuture.completedFuture(Answer.refused(Reply.error(SlackMessages.slackBusy())));
        }
        CompletableFuture<Answer> watched = run;
        timer.schedule(ackWait, () -> {
            if (!watched.isDone()) {
                progress.arm();
            }
        });
        return run;
    }

    private void deliver(Answer answer, Origin origin, SlackProgress progress) {
        Optional<String> progressTs = progress.finish();
        if (answer.status() == Answer.Status.REPEAT) {
            return;
        }
        SlackMessage message = renderer.render(answer.reply());
        String channel = origin.channelId();
        if (message.ephemeral()) {
            retries.submit(what(origin), () -> privately(origin, message));
        } else if (progressTs.isPresent()) {
            retries.submit(what(origin), () -> api.update(channel, progressTs.get(), message));
        } else if (origin.responseUrl() != null && !message.hasFiles()) {
            retries.submit(what(origin), () -> {
                try {
                    api.respond(origin.responseUrl(), message, true, false);
                } catch (DeliveryException e) {
                    if (!e.permanent()) {
                        throw e;
                    }
                    // The response URL expired (30 minutes, five uses): post as the bot instead.
                    api.postMessage(channel, origin.threadTs(), message);
                }
            });
        } else {
            retries.submit(what(origin), () -> api.postMessage(channel, origin.threadTs(), message));
        }
    }

    private void answerButton(Answer answer, Origin origin, SlackProgress progress, boolean ephemeral) {
        progress.finish();
        if (answer.status() == Answer.Status.REPEAT) {
            return;
        }
        SlackMessage message = renderer.render(answer.reply());
        if (message.ephemeral()) {
            // Not yours to click, expired, or a second click: tell the clicker only; the message stays.
            retries.submit(what(origin), () -> privately(origin, message));
            return;
        }
        if (ephemeral) {
            // The prompt only the requester saw goes away; the result is for the whole channel.
            retries.submit(what(origin), () -> {
                api.deleteOriginal(origin.responseUrl());
                if (message.hasFiles()) {
                    api.postMessage(origin.channelId(), null, message);
                } else {
                    api.respond(origin.responseUrl(), message, true, false);
                }
            });
            return;
        }
        retries.submit(what(origin), () -> {
            api.respond(origin.responseUrl(), message, true, true);
            api.uploadFiles(origin.channelId(), null, message.files());
        });
    }

    private void privately(Origin origin, SlackMessage message) throws DeliveryException {
        if (origin.responseUrl() != null) {
            try {
                api.respond(origin.responseUrl(), message, false, false);
                return;
            } catch (DeliveryException e) {
                if (!e.permanent()) {
                    throw e;
                }
            }
        }
        api.postEphemeral(origin.channelId(), origin.userId(), message);
    }

    private Caller caller(Origin origin) {
        return callers.caller(origin.userId(), origin.userName());
    }

    private SlackProgress progress(String channel, String messageTs) {
        return new SlackProgress(api, renderer, channel, messageTs, progressInterval, workers);
    }

    private Answer internalError(Throwable e) {
        String id = "r-" + UUID.randomUUID().toString().substring(0, 8);
        LOG.error("request {}: the pipeline failed on a Slack request", id, e);
        return new Answer(Reply.error(CommandMessages.internalError(id)), Answer.Status.FAILED);
    }

    private Inbound.Request request(Origin origin, String text, String deliveryId, SlackProgress progress) {
        return new Inbound.Request(caller(origin), SlackPlatform.channel(origin.channelId()),
                new CommandInput.Text(text), deliveryId, progress);
    }

    private static String what(Origin origin) {
        return "reply to " + origin.userId() + " in " + origin.channelId();
    }

    /** Nothing to stop: the workers and the timer are Micronaut's executors, which stop with the context. */
    @Override
    public void close() {
    }
}
