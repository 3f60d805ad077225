package dev.caretaker;

import dev.caretaker.alert.ProbeRules;
import dev.caretaker.backup.BackupConfig;
import dev.caretaker.chat.Inbound;
import dev.caretaker.chat.console.ConsoleRepl;
import dev.caretaker.chat.console.ConsoleSession;
import dev.caretaker.command.CommandRegistry;
import dev.caretaker.config.Serving;
import dev.caretaker.config.ServingBeans;
import dev.caretaker.digest.DigestConfig;
import dev.caretaker.oncall.MaintenanceConfig;
import dev.caretaker.oncall.Rotations;
import dev.caretaker.pipeline.CommandCatalog;
import dev.caretaker.probe.ProbeCatalog;
import dev.caretaker.schedule.Schedules;
import dev.caretaker.security.Caller;
import dev.caretaker.store.EmbeddedPostgresLauncher;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.DefaultApplicationContext;
import io.micronaut.context.BeanContext;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.Micronaut;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The runnable: no argument serves; {@code console} serves and opens the REPL; {@code run "<command>"}
 * runs one command and exits (0 ok, 1 action failed, 2 usage error or denied, 3 configuration error);
 * {@code check-config} validates configuration and {@code commands/} and exits.
 */
public final class Application {

    static final int EXIT_OK = 0;
    static final int EXIT_USAGE = 2;
    static final int EXIT_CONFIG = 3;

    private Application() {
    }

    public static void main(String[] args) {
        System.exit(launch(args, new PrintStream(System.out, true, StandardCharsets.UTF_8)));
    }

    /** Runs a mode and answers the exit code; the server modes return only when the service stops. */
    static int launch(String[] args, PrintStream out) {
        String mode = args.length == 0 ? "serve" : args[0];
        try {
            return switch (mode) {
                case "serve" -> serve(args, false, out);
                case "console" -> serve(args, true, out);
                case "run" -> runOnce(args, out);
                case "check-config" -> checkConfig(out);
                case "help", "--help", "-h" -> {
                    out.println(CliMessages.cliUsage());
                    yield EXIT_OK;
                }
                default -> {
                    out.println(CliMessages.cliUnknownMode(mode));
                    yield EXIT_USAGE;
                }
            };
        } catch (RuntimeException e) {
            out.println(StartupFailure.fromEnvironment().describe(e));
            return EXIT_CONFIG;
        }
    }

    /**
     * Micronaut's own start logs a failure with a stack trace and exits 1; ours closes what did start (the
     * embedded PostgreSQL, pools) and hands the failure to {@link #launch}, which says it in one sentence.
     */
    private static final class Launcher extends Micronaut implements ApplicationEventListener<Object> {

        private volatile BeanContext started;
        private final CountDownLatch stopped = new CountDownLatch(1);

        Launcher() {
            singletons(this);
        }

        @Override
        protected ApplicationContext newApplicationContext() {
            return new DefaultApplicationContext(this) {
                @Override
                protected void startEnvironment() {
                    super.startEnvironment();
                    beginEmbeddedDatabase(this);
                }
            };
        }

        @Override
        public void onApplicationEvent(Object event) {
            // Registered at run time, so Micronaut may not know the event type: take what comes, keep the start.
            if (event instanceof StartupEvent startup) {
                started = startup.getSource();
            } else if (event instanceof ShutdownEvent) {
                stopped.countDown();
            }
        }

        @Override
        protected void handleStartupException(Environment environment, Throwable exception) {
            BeanContext context = started;
            if (context != null && context.isRunning()) {
                try {
                    context.close();
                } catch (RuntimeException suppressed) {
                    exception.addSuppressed(suppressed);
                }
            }
            throw exception instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException(exception.getMessage(), exception);
        }
    }

    private static int serve(String[] args, boolean console, PrintStream out) {
        Launcher launcher = new Launcher();
        // no bootstrap property sources (distributed configuration) here: not looking for them saves loading every
        // bean definition before the configuration is read
        Micronaut builder = launcher.mainClass(Application.class).banner(false);
        builder.bootstrapEnvironment(false);
        // schedulers, probes, chat connections and the outbox notifier start once the HTTP server answers
        builder.properties(java.util.Map.of(ServingBeans.AFTER_SERVER, true));
        if (console) {
            // The console is for the person typing; one log line per command would bury the answers.
            builder.properties(java.util.Map.of("logger.levels.dev.caretaker.pipeline", "WARN"));
        }
        ApplicationContext context = builder.start();
        try {
            context.getBean(CommandCatalog.class);
            // the schedules name commands: checked against them now, so a bad one stops the start, not the first tick
            context.getBean(Schedules.class);
            context.getBean(ServingBeans.class).start();
        } catch (RuntimeException e) {
            // as a failure during the start: close what started, and launch() says it in one sentence (exit 3)
            context.close();
            throw e;
        }
        if (!console) {
            // Micronaut's own shutdown hook stops the server and the context on SIGTERM; a second hook of
            // ours deadlocks with it (both lock the context and the server in opposite order).
            return waitForShutdown(launcher, context);
        }
        try {
            ConsoleSession session = new ConsoleSession(context.getBean(Inbound.class), consoleCaller(), out);
            Path history = Path.of(context.getProperty("caretaker.console.history", String.class)
                    .orElse("data/console_history"));
            new ConsoleRepl(session, context.getBean(CommandRegistry.class), history)
                    .run(System.in, out, System.console() != null);
            return EXIT_OK;
        } catch (java.io.IOException e) {
            out.println(StartupMessages.startupFailed(e.getMessage()));
            return EXIT_CONFIG;
        } finally {
            context.close();
        }
    }

    /** Returns when the context has stopped (its ShutdownEvent, e.g. from Micronaut's hook on SIGTERM). */
    private static int waitForShutdown(Launcher launcher, ApplicationContext context) {
        try {
            // a context that stopped before we got here sent its event already; the latch remembers it
            if (context.isRunning()) {
                launcher.stopped.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return EXIT_OK;
    }

    private static int runOnce(String[] args, PrintStream out) {
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        boolean yes = rest.remove("--yes") | rest.remove("-y");
        if (rest.isEmpty()) {
            out.println(CliMessages.cliRunNeedsCommand());
            return EXIT_USAGE;
        }
        String line = String.join(" ", rest);
        // one command and out: the serving replicas deliver alerts, run probes and post digests, not this process
        // its environment leaves out every @Serving bean (schedulers, probes, chat connections, the outbox notifier)
        try (ApplicationContext context = start(ApplicationContext.builder().deduceEnvironment(false)
                .environments(Serving.ONE_SHOT)
                .properties(java.util.Map.of("micronaut.server.enabled", false, "caretaker.outbox.deliver", false,
                        "caretaker.probes.enabled", false, "caretaker.alerts.timers", false,
                        "caretaker.digest.scheduler.enabled", false)))) {
            ConsoleSession session = new ConsoleSession(context.getBean(Inbound.class), consoleCaller(),
                    new PrintStream(java.io.OutputStream.nullOutputStream()));
            Inbound.Answer answer = session.handle(line, yes);
            switch (answer.status()) {
                case AWAITING_APPROVAL -> out.println(CliMessages.approvalNeverSkipped());
                case AWAITING_CONFIRMATION -> out.println(CliMessages.confirmWithYes(line));
                case REPEAT -> {
                    // a repeat prints nothing, as in the REPL
                }
                case DONE, FAILED, REFUSED -> out.print(dev.caretaker.reply.PlainText.render(answer.reply()));
            }
            return answer.exitCode();
        }
    }

    private static int checkConfig(PrintStream out) {
        // like run, no @Serving bean: a check takes no scheduler lease, runs no probe and opens no chat connection
        // (one that did would still be at work while the context closes); what those beans check as they are made
        // is made here instead
        try (ApplicationContext context = start(ApplicationContext.builder().deduceEnvironment(false)
                .environments(Serving.ONE_SHOT)
                .properties(java.util.Map.of("caretaker.outbox.deliver", false)))) {
            CommandCatalog catalog = context.getBean(CommandCatalog.class);
            CHECKED.forEach(context::getBean);
            out.println(CliMessages.configOk(catalog.registry().all().size()));
            return EXIT_OK;
        }
    }

    /** The settings the serving beans read, each checked as its bean is made: the same sentences as a serving start. */
    private static final List<Class<?>> CHECKED = List.of(Schedules.class, ProbeCatalog.class, ProbeRules.class,
            DigestConfig.class, MaintenanceConfig.class, Rotations.class, BackupConfig.class);

    /**
     * Starts a context whose embedded PostgreSQL, when it has one, starts while the context loads its beans: the
     * configuration is read first, then the database is begun, then the context starts.
     */
    private static ApplicationContext start(ApplicationContextBuilder builder) {
        ApplicationContext context = builder.bootstrapEnvironment(false).build();
        try {
            context.getEnvironment().start();
            beginEmbeddedDatabase(context);
            return context.start();
        } catch (RuntimeException e) {
            if (context.isRunning()) {
                context.close();
            }
            throw e;
        }
    }

    /** With no datasource URL configured, begins the embedded PostgreSQL now, for the context's datasource to take. */
    private static void beginEmbeddedDatabase(ApplicationContext context) {
        EmbeddedPostgresLauncher.beginEarly(context.getEnvironment()).ifPresent(context::registerSingleton);
    }

    private static Caller consoleCaller() {
        String user = System.getProperty("user.name", "console");
        return Caller.console(user == null || user.isBlank() ? "console" : user);
    }
}
