package dev.caretaker.alert;

import dev.caretaker.command.CommandRegistry;
import dev.caretaker.command.CommandSpec;
import dev.caretaker.command.Tokenizer;
import dev.caretaker.command.UsageException;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.config.Platform;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.Block;
import dev.caretaker.reply.Reply;
import dev.caretaker.reply.Severity;
import dev.caretaker.reply.Visibility;
import dev.caretaker.security.Caller;
import dev.caretaker.security.Role;
import dev.caretaker.store.Outbox;
import dev.caretaker.store.OutboxMessage;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.core.value.PropertyResolver;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Alert enrichment: when an alert group's new episode has been posted, the commands its route names under
 * {@code attach:} ({@code logs {labels.service} lines=50}, {@code db queries}) run through the whole pipeline as the
 * alert itself (audited, viewer commands only) and each answer goes into the alert's thread through the outbox. They
 * run on a worker after the alert's transaction has committed, so no transaction is open while a command runs; a
 * command that fails says so in the thread, and the alert's own message is never touched.
 *
 * <p>At boot every attached line must name a command that any viewer may run at once (no confirmation, no approval);
 * otherwise the boot stops with one sentence naming the route.
 */
@Context
@Requires(condition = AlertEnrichment.Configured.class)
public class AlertEnrichment {

    /**
     * Only when a route attaches something: without, nothing needs the command registry at start-up, and a context
     * still starts when a command file is broken (the catalogue reports that itself, with file and line).
     */
    public static final class Configured implements Condition {

        @Override
        public boolean matches(ConditionContext context) {
            if (!(context.getBeanContext() instanceof PropertyResolver config)) {
                return false;
            }
            List<?> routes = config.getProperty("caretaker.alerts.routes", List.class).orElse(List.of());
            return routes.stream().anyMatch(r -> r instanceof java.util.Map<?, ?> m && m.get("attach") != null);
        }
    }

    /** The platform of the identity attached commands run as: Caretaker itself, for an alert. */
    public static final Platform ALERT = new Platform("alert");

    private static final Logger LOG = LoggerFactory.getLogger(AlertEnrichment.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern LABEL = Pattern.compile("labels\\.([A-Za-z_][A-Za-z0-9_]*)");
    /** A label value that fills one word and cannot be read as an option, a key=value or a second word. */
    private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@-]{0,127}");

    private final AlertRoutes routes;
    private final Dispatcher dispatcher;
    private final Outbox outbox;
    private final ExecutorService workers;

    public AlertEnrichment(AlertRoutes routes, Dispatcher dispatcher, Outbox outbox,
                           @Named(TaskExecutors.BLOCKING) ExecutorService workers) {
        this.routes = routes;
        this.dispatcher = dispatcher;
        this.outbox = outbox;
        this.workers = workers;
        List<String> problems = problems(routes, dispatcher.registry());
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join(" ", problems));
        }
    }

    /**
     * What is wrong with the routes' attached commands against {@code commands}: a line that names no command, a
     * placeholder that is not a label, a command that needs more than the viewer role or asks for consent.
     */
    public static List<String> problems(AlertRoutes routes, CommandRegistry commands) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < routes.routes().size(); i++) {
            String key = "caretaker.alerts.routes[" + i + "].attach";
            for (String line : routes.routes().get(i).attach()) {
                Matcher m = PLACEHOLDER.matcher(line);
                boolean placeholdersOk = true;
                while (m.find()) {
                    if (!LABEL.matcher(m.group(1)).matches()) {
                        problems.add(EnrichmentMessages.attachBadPlaceholder(key, line, m.group(1)));
                        placeholdersOk = false;
                    }
                }
                if (!placeholdersOk) {
                    continue;
                }
                Optional<CommandSpec> spec;
                try {
                    spec = command(line, commands);
                } catch (UsageException e) {
                    problems.add(EnrichmentMessages.attachUnparsable(key, line, e.getMessage()));
                    continue;
                }
                if (spec.isEmpty()) {
                    problems.add(EnrichmentMessages.attachUnknownCommand(key, line));
                } else if (!spec.get().role().equals(Role.VIEWER)) {
                    problems.add(EnrichmentMessages.attachNotViewer(key, spec.get().name(), spec.get().role()));
                } else if (spec.get().confirm() || spec.get().needsApproval()) {
                    problems.add(EnrichmentMessages.attachNeedsConsent(key, spec.get().name()));
                }
            }
        }
        return problems;
    }

    /** The command a line starts with: its first two words when they name one, else its first word. */
    private static Optional<CommandSpec> command(String line, CommandRegistry commands) throws UsageException {
        List<String> words = Tokenizer.split(PLACEHOLDER.matcher(line).replaceAll("x"));
        List<String> original = Tokenizer.split(line);
        if (words.size() >= 2 && !original.get(0).contains("{") && !original.get(1).contains("{")) {
            Optional<CommandSpec> two = commands.find(words.get(0) + " " + words.get(1));
            if (two.isPresent()) {
                return two;
            }
        }
        return words.isEmpty() || original.get(0).contains("{") ? Optional.empty() : commands.find(words.get(0));
    }

    /** After a new episode committed: runs its route's attached commands on a worker, never on the caller's thread. */
    @EventListener
    void announced(AlertAnnounced event) {
        List<String> attach = routes.route(event.labels()).attach();
        if (attach.isEmpty() || event.channels().isEmpty()) {
            return;
        }
        // Submitted without the caller's propagated context: this runs in the alert transaction's after-commit
        // callback, and Micronaut's executors would otherwise hand the worker that transaction's (closing) connection.
        try (PropagatedContext.Scope ignored = PropagatedContext.empty().propagate()) {
            workers.execute(() -> {
                for (int i = 0; i < attach.size(); i++) {
                    String template = attach.get(i);
                    try {
                        post(event, i, run(event, template, i));
                    } catch (RuntimeException e) {
                        LOG.error("Alert group {}: attached `{}` failed", event.groupId(), template, e);
                        post(event, i, Reply.builder().severity(Severity.WARN)
                                .text(EnrichmentMessages.internalError(template)).build());
                    }
                }
            });
        }
    }

    private Reply run(AlertAnnounced event, String template, int index) {
        StringBuilder line = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            Matcher label = LABEL.matcher(m.group(1));
            String name = label.matches() ? label.group(1) : m.group(1);
            String value = event.labels().get(name);
            if (value == null) {
                return Reply.builder().severity(Severity.WARN).text(EnrichmentMessages.missingLabel(template, name)).build();
            }
            if (!SAFE_VALUE.matcher(value).matches()) {
                return Reply.builder().severity(Severity.WARN).text(EnrichmentMessages.unusableLabel(template, name)).build();
            }
            m.appendReplacement(line, Matcher.quoteReplacement(Tokenizer.quote(value)));
        }
        m.appendTail(line);
        String alertname = event.labels().getOrDefault("alertname", "group " + event.groupId());
        Caller alert = new Caller(ALERT, "group-" + event.groupId(), EnrichmentMessages.callerName(alertname), Set.of());
        // the delivery id makes a second announcement of the same episode (another replica, a retry) run nothing twice
        String deliveryId = "attach:" + event.groupId() + ":" + event.episode() + ":" + index;
        ChannelAddress where = event.channels().getFirst();
        Outcome outcome = dispatcher.dispatch(new CommandRequest(alert, where, line.toString(), deliveryId));
        String shown = line.toString();
        return switch (outcome) {
            case Outcome.Completed c -> withNote(c.reply(), EnrichmentMessages.attachedBy(shown));
            case Outcome.Failed f -> prefixed(f.reply(), EnrichmentMessages.failed(shown));
            case Outcome.Duplicate d -> null;
            case Outcome.Rejected r -> prefixed(r.reply(), EnrichmentMessages.notRun(shown));
            case Outcome.Denied d -> prefixed(d.reply(), EnrichmentMessages.notRun(shown));
            case Outcome.Pending p -> prefixed(p.reply(), EnrichmentMessages.notRun(shown));
        };
    }

    private void post(AlertAnnounced event, int index, Reply reply) {
        if (reply == null) {
            return;
        }
        List<OutboxMessage> messages = new ArrayList<>();
        for (ChannelAddress ch : event.channels()) {
            messages.add(new OutboxMessage(ch, event.messageKey() + ":attach" + index, reply, event.messageKey()));
        }
        outbox.enqueueAll(messages);
    }

    /** The command's own answer, shown to the channel, with where it came from in the footer. */
    private static Reply withNote(Reply reply, String note) {
        return new Reply(reply.header(), reply.severity(), reply.blocks(), List.of(), Visibility.CHANNEL,
                reply.footer() == null ? note : reply.footer() + "\n" + note);
    }

    /** A failure: a sentence saying which command, then what it answered, buttons left out (nobody can answer them). */
    private static Reply prefixed(Reply reply, String sentence) {
        Reply.Builder out = Reply.builder().severity(Severity.WARN).visibility(Visibility.CHANNEL).header(reply.header());
        out.text(sentence);
        for (Block b : reply.blocks()) {
            out.block(b);
        }
        return out.footer(reply.footer()).build();
    }
}
