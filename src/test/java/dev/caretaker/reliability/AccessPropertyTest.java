package dev.caretaker.reliability;

import dev.caretaker.action.ActionFactory;
import dev.caretaker.action.ActionResult;
import dev.caretaker.action.Action;
import dev.caretaker.command.CommandSpec;
import dev.caretaker.command.CommandsChanged;
import dev.caretaker.command.TargetCatalog;
import dev.caretaker.config.ChannelAddress;
import dev.caretaker.config.Platform;
import dev.caretaker.config.PlatformSpec;
import dev.caretaker.config.Platforms;
import dev.caretaker.pipeline.ButtonHandler;
import dev.caretaker.pipeline.CommandCatalog;
import dev.caretaker.pipeline.CommandsSettings;
import dev.caretaker.pipeline.CommandRequest;
import dev.caretaker.pipeline.Dispatcher;
import dev.caretaker.pipeline.Outcome;
import dev.caretaker.reply.PlainText;
import dev.caretaker.reply.Reply;
import dev.caretaker.security.RoleMessages;
import dev.caretaker.security.Caller;
import dev.caretaker.security.Redactor;
import dev.caretaker.security.RoleResolver;
import dev.caretaker.security.RolesConfig;
import dev.caretaker.store.AuditLog;
import dev.caretaker.store.Coordinator;
import dev.caretaker.store.PendingStore;
import dev.caretaker.support.TestContexts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.type.Argument;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * Over the whole registry (built-ins and the example {@code commands/}, plus a command of a named role): for every
 * command, every combination of roles and every platform the {@link Platforms} registry has (and the console and
 * schedules), an invocation without the role the command names never reaches its action, and one with it does. The
 * real pipeline decides (real {@link RoleResolver} from config, real interceptors); only the action at the end is a
 * probe that records being reached.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessPropertyTest {

    private static final List<String> ROLES = List.of("viewer", "operator", "admin", "dba");
    /** The platforms whose role keys this test configures: each adapter's, and the test platform's. */
    private static final List<String> KNOWN_PLATFORMS = List.of("slack", "discord", "pigeon");
    private static final Map<String, String> GROUPS_KEYS = Map.of("slack", "usergroups", "discord", "roles",
            "pigeon", "groups");
    private static final String DBA_COMMAND = """
            commands:
              - name: dba report
                summary: A command only the named role dba may run
                role: dba
                action: test.record
            """;

    @TempDir
    static Path tmp;

    private ApplicationContext context;
    private Dispatcher dispatcher;
    private final Map<String, AtomicLong> reached = new ConcurrentHashMap<>();
    private final Set<String> reachedCommands = ConcurrentHashMap.newKeySet();
    private List<PlatformSpec> platforms;

    @BeforeAll
    void start() {
        Path commands = RegistryCommands.copy(tmp.resolve("commands"), "dba.yml", DBA_COMMAND);
        Map<String, Object> p = new HashMap<>();
        p.put("caretaker.commands-dir", commands.toString());
        p.put("caretaker.test.pigeon-platform", "true");
        p.put("caretaker.console.roles", List.of("viewer"));
        p.put("caretaker.targets.main.type", "postgres");
        p.put("caretaker.targets.main.url", TestContexts.properties().get("datasources.default.url"));
        p.put("caretaker.targets.main.username", "postgres");
        p.put("caretaker.targets.web.type", "http");
        p.put("caretaker.targets.web.url", "http://127.0.0.1:9/health");
        p.put("caretaker.targets.error-rate.type", "prometheus");
        p.put("caretaker.targets.error-rate.url", "http://127.0.0.1:9");
        p.put("caretaker.targets.error-rate.query", "sum(rate(http_requests_total[5m]))");
        p.put("caretaker.targets.error-rate.critical", "0.05");
        p.put("caretaker.probes.enabled", false);
        // a person holds a role by being listed by id (users key) or by a group they are in (groups key)
        Map<String, Object> roles = new HashMap<>();
        roles.put("caretaker.roles.operator.slack-users", "");
        roles.put("caretaker.roles.admin.slack-users", "");
        roles.put("caretaker.roles.operator.discord-roles", "");
        p.putAll(roles);
        Map<String, Object> grants = new HashMap<>();
        for (String platform : KNOWN_PLATFORMS) {
            for (String role : ROLES) {
                List<String> users = new ArrayList<>();
                for (int mask = 0; mask < 1 << ROLES.size(); mask++) {
                    if (roles(mask).contains(role)) {
                        users.add(userId(mask));
                    }
                }
                grants.put("caretaker.roles." + role + "." + platform + "-users", users);
                grants.put("caretaker.roles." + role + "." + platform + "-" + GROUPS_KEYS.get(platform),
                        List.of(group(role)));
            }
        }
        p.putAll(grants);
        context = TestContexts.start(p);
        platforms = context.getBean(Platforms.class).all();
        for (PlatformSpec spec : platforms) {
            // a new platform gets its role keys here, so the property covers it too
            assertTrue(grants.containsKey("caretaker.roles.admin." + spec.usersKey())
                            && spec.groupsKey().map(g -> grants.containsKey("caretaker.roles.admin." + g)).orElse(true),
                    "add the role keys of " + spec + " to KNOWN_PLATFORMS");
        }
        dispatcher = probeDispatcher(context);
    }

    @AfterAll
    void stop() {
        context.close();
    }

    /** The context's own pipeline, but with every action replaced by one that only counts that it was reached. */
    private Dispatcher probeDispatcher(ApplicationContext ctx) {
        @SuppressWarnings("unchecked")
        ApplicationEventPublisher<CommandsChanged> events = ctx.getBean(ApplicationEventPublisher.class);
        CommandCatalog catalog = new CommandCatalog(ctx, ctx.getBeansOfType(ActionFactory.class).stream().toList(),
                ctx.getBean(RolesConfig.class), ctx.getBean(CommandsSettings.class), events) {
            @Override
            public Action actionFor(CommandSpec spec) {
                return c -> {
                    reached.computeIfAbsent(c.requestId(), k -> new AtomicLong()).incrementAndGet();
                    reachedCommands.add(c.command().name());
                    return ActionResult.ok(Reply.text("reached"));
                };
            }
        };
        return new Dispatcher(catalog, ctx.findBean(TargetCatalog.class), ctx.getBean(PendingStore.class),
                ctx.getBean(RoleResolver.class), ctx.getBean(AuditLog.class), ctx.getBean(Coordinator.class),
                ctx.getBean(Redactor.class), ctx.getBean(MeterRegistry.class), ctx.getBean(Clock.class),
                ctx.getBeansOfType(ButtonHandler.class).stream().toList(),
                ctx.getBean(ExecutorService.class, Qualifiers.byName(TaskExecutors.BLOCKING)),
                ctx.getBean(TaskScheduler.class, Qualifiers.byName(TaskExecutors.SCHEDULED)));
    }

    private static Set<String> roles(int mask) {
        Set<String> out = new TreeSet<>();
        for (int i = 0; i < ROLES.size(); i++) {
            if ((mask & 1 << i) != 0) {
                out.add(ROLES.get(i));
            }
        }
        return out;
    }

    private static String userId(int mask) {
        return "U0R" + mask;
    }

    private static String group(String role) {
        return "G0" + role.toUpperCase();
    }

    /** The rule as the docs state it: admin holds everything; a level holds every lower level; a named role itself. */
    private static boolean entitled(Set<String> held, String required) {
        Set<String> effective = held.isEmpty() ? Set.of("viewer") : held;
        if (effective.contains(required) || effective.contains("admin")) {
            return true;
        }
        List<String> levels = List.of("viewer", "operator", "admin");
        int need = levels.indexOf(required);
        return need >= 0 && effective.stream().anyMatch(r -> levels.indexOf(r) >= need);
    }

    private ChannelAddress channel(Platform platform, CommandSpec command) {
        if (!command.channels().isEmpty()) {
            Optional<ChannelAddress> allowed = command.channels().stream().map(ChannelAddress::parse)
                    .flatMap(Optional::stream).filter(a -> a.platform().equals(platform)).findFirst();
            if (allowed.isPresent()) {
                return allowed.get();
            }
        }
        Platforms known = context.getBean(Platforms.class);
        for (String id : List.of("C0OPS", "112233445566778899", "ops")) {
            Optional<ChannelAddress> a = known.address(platform.id() + ":" + id);
            if (a.isPresent()) {
                return a.get();
            }
        }
        throw new AssertionError("no channel id fits " + platform);
    }

    /** Runs one line as {@code caller}, confirmed already; answers whether the action was reached. */
    private boolean reaches(Caller caller, ChannelAddress where, String line, List<Outcome> seen) {
        String requestId = dispatcher.newRequestId();
        Outcome o = dispatcher.dispatch(new CommandRequest(caller, where, new dev.caretaker.command.CommandInput.Text(line),
                null, null, true, requestId));
        seen.add(o);
        return reached.containsKey(requestId);
    }

    /** Refused by the role check itself, with the sentence naming the role (not by a cooldown or a parse error). */
    private static boolean refusedForRole(Outcome o, CommandSpec command) {
        return o instanceof Outcome.Denied d && PlainText.render(d.reply()).contains(
                RoleMessages.missingRole(command.role(), command.name()));
    }

    /**
     * An entitled run that is not reached yet honestly: it waits for a second person's approval, or the command's
     * cooldown holds it because an entitled run just reached it.
     */
    private boolean waits(CommandSpec command, Outcome o) {
        return command.needsApproval() && o instanceof Outcome.Pending
                || !command.cooldown().isZero() && o instanceof Outcome.Denied && reachedCommands.contains(command.name());
    }

    @Test
    void everyCommandEveryRoleCombinationEveryPlatform() {
        List<CommandSpec> commands = dispatcher.registry().all();
        assertTrue(commands.size() > 50, "the whole registry: " + commands.size());
        assertTrue(platforms.size() >= 3, "slack, discord and the test platform: " + platforms);
        long cases = 0;
        long denied = 0;
        long leaked = 0;
        List<String> failures = new ArrayList<>();
        for (CommandSpec command : commands) {
            String line = RegistryCommands.line(command);
            for (int mask = 0; mask < 1 << ROLES.size(); mask++) {
                Set<String> held = roles(mask);
                boolean entitled = entitled(held, command.role());
                for (PlatformSpec spec : platforms) {
                    Platform platform = spec.platform();
                    Set<String> groups = new LinkedHashSet<>();
                    held.forEach(r -> groups.add(group(r)));
                    // the two ways to hold a role take turns: listed by id, or in a listed group
                    Caller caller = (mask + platforms.indexOf(spec)) % 2 == 0 || spec.groupsKey().isEmpty()
                            ? new Caller(platform, userId(mask), "p" + mask, Set.of())
                            : new Caller(platform, "U0NOBODY", "g" + mask, groups);
                    {
                        List<Outcome> seen = new ArrayList<>();
                        boolean ran = reaches(caller, channel(platform, command), line, seen);
                        Outcome o = seen.getFirst();
                        cases++;
                        if (!entitled) {
                            denied++;
                            if (ran) {
                                leaked++;
                                failures.add(command.name() + " reached by " + caller + " holding " + held);
                            } else if (!refusedForRole(o, command)) {
                                failures.add(command.name() + " by " + held + " on " + platform + ": " + o);
                            }
                        } else if (!ran && !waits(command, o)) {
                            failures.add(command.name() + " `" + line + "` not reached by " + held + " on " + platform
                                    + ": " + o);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(denied > 0);
        Ledger.record(Ledger.Promise.ACCESS, "every command x every role combination x every platform (by id and by "
                + "group): only the named role reaches the action", AccessPropertyTest.class, cases, 0, cases, leaked);
    }

    @Test
    void theConsoleAndSchedulesHoldOnlyTheirConfiguredRole() {
        long cases = 0;
        long leaked = 0;
        List<String> failures = new ArrayList<>();
        for (CommandSpec command : dispatcher.registry().all()) {
            String line = RegistryCommands.line(command);
            List<Outcome> seen = new ArrayList<>();
            boolean ran = reaches(Caller.console("root"), ChannelAddress.CONSOLE, line, seen);
            cases++;
            if (ran != entitled(Set.of("viewer"), command.role()) && !waits(command, seen.getLast())) {
                failures.add("console (viewer): " + command.name() + " -> " + seen.getLast());
                leaked += ran ? 1 : 0;
            }
            for (String as : ROLES) {
                boolean r = reaches(Caller.schedule("nightly", as), ChannelAddress.CONSOLE, line, seen);
                cases++;
                if (r != entitled(Set.of(as), command.role()) && !waits(command, seen.getLast())) {
                    failures.add("schedule as " + as + ": " + command.name() + " -> " + seen.getLast());
                    leaked += r ? 1 : 0;
                }
            }
        }
        assertEquals(List.of(), failures);
        Ledger.record(Ledger.Promise.ACCESS, "console and scheduled commands: only their configured role",
                AccessPropertyTest.class, cases, 0, cases, leaked);
    }

    /**
     * Generated identities that look like holders but are not: ids and groups differing by case, whitespace or an
     * invisible character, unknown role names, ids of another platform. Only exact holders reach the action.
     */
    @Test
    void lookAlikeIdentitiesNeverReachAnAction() {
        List<CommandSpec> commands = dispatcher.registry().all().stream()
                .filter(c -> !c.role().equals("viewer")).toList();
        List<String> lookAlikeGroups = List.of("g0admin", "G0ADMIN ", " G0ADMIN", "G0ADMIN\u200b", "G0ADMIN\n",
                "G0ADMINS", "admin", "ADMIN", "G0OPERATOR ", "g0operator", "G0DBA\t", "g0dba", "G0", "*", "");
        List<String> lookAlikeUsers = List.of("u0r15", "U0R15 ", "U0R15\u200b", "U0R1500", "U0R", "*", "U0R-15");
        Gen<Integer> command = integers().between(0, commands.size() - 1);
        Gen<Integer> platform = integers().between(0, platforms.size() - 1);
        Gen<List<String>> groups = lists().of(Generate.pick(lookAlikeGroups)).ofSizeBetween(0, 4);
        Gen<String> user = Generate.pick(lookAlikeUsers);
        AtomicLong cases = new AtomicLong();
        AtomicLong leaked = new AtomicLong();
        qt().withFixedSeed(18L).withExamples(400).forAll(command, platform, groups, user)
                .checkAssert((c, pf, g, u) -> {
                    CommandSpec spec = commands.get(c);
                    Platform p = platforms.get(pf).platform();
                    List<Outcome> seen = new ArrayList<>();
                    boolean ran = reaches(new Caller(p, u, "lookalike", new LinkedHashSet<>(g)), channel(p, spec),
                            RegistryCommands.line(spec), seen);
                    cases.incrementAndGet();
                    if (ran) {
                        leaked.incrementAndGet();
                    }
                    assertFalse(ran, spec.name() + " reached by " + u + " " + g + " on " + p);
                    assertTrue(refusedForRole(seen.getFirst(), spec), spec.name() + ": " + seen.getFirst());
                });
        Ledger.record(Ledger.Promise.ACCESS, "generated look-alike ids and groups (case, spaces, invisible characters)",
                AccessPropertyTest.class, cases.get(), 0, cases.get(), leaked.get());
    }
}
