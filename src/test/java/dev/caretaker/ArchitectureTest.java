package dev.caretaker;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.caretaker.action.Progress;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package table of {@code docs/architecture.md}, enforced: which package may use which, where the SDKs and
 * JDBC may appear, and no cycles. The table here and the one on that page must be the same (a test compares them).
 */
class ArchitectureTest {

    private static final String ROOT = "dev.caretaker";

    /**
     * Package (with its sub-packages, unless they have a row of their own) → the packages of ours it may use.
     * "(root)" is {@code dev.caretaker} itself: the runnable, which wires everything.
     */
    static final Map<String, List<String>> MAY_USE = table(
            "config", "",
            "reply", "",
            "security", "config",
            "command", "config reply",
            "store", "config reply",
            "target", "command config reply security",
            "probe", "target command config reply",
            "action", "target store command security config reply",
            "pipeline", "action store command security config reply",
            "alert", "pipeline action probe target store command security config reply",
            "digest", "alert pipeline action probe target store command security config reply",
            "backup", "digest alert pipeline action probe target store command security config reply",
            "oncall", "digest alert pipeline action probe target store command security config reply",
            "schedule", "digest alert pipeline action probe target store command security config reply",
            "chat", "pipeline action store command security config reply",
            "chat.slack", "chat action store command security config reply",
            "chat.discord", "chat action store command security config reply",
            "chat.console", "chat action store command security config reply",
            "server", "store security config reply",
            "(root)", "*");

    private static final String[] ADAPTERS = {"dev.caretaker.chat.slack..", "dev.caretaker.chat.discord..",
            "dev.caretaker.chat.console.."};

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void eachPackageUsesOnlyWhatTheTableAllows() {
        for (Map.Entry<String, List<String>> row : MAY_USE.entrySet()) {
            if (row.getValue().contains("*")) {
                continue;
            }
            List<String> allowed = new ArrayList<>();
            allowed.add(pkg(row.getKey()) + "..");
            row.getValue().forEach(p -> allowed.add(pkg(p) + ".."));
            noClasses().that(inRow(row.getKey()))
                    .should().dependOnClassesThat(resideInAPackage(ROOT + "..")
                            .and(not(resideInAnyPackage(allowed.toArray(String[]::new)))))
                    .because("docs/architecture.md says " + row.getKey() + " may use only " + row.getValue())
                    .allowEmptyShould(true)
                    .check(CLASSES);
        }
    }

    @Test
    void everyPackageHasARow() {
        Set<String> unlisted = new TreeSet<>();
        for (JavaClass c : CLASSES) {
            if (rowOf(c.getPackageName()) == null) {
                unlisted.add(c.getPackageName());
            }
        }
        assertEquals(Set.of(), unlisted, "add these packages to the table in docs/architecture.md and here");
    }

    @Test
    void theTableOnTheArchitecturePageIsThisOne() throws IOException {
        String page = Files.readString(Path.of("docs/architecture.md"));
        Map<String, Set<String>> documented = new TreeMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `([a-z.()]+)` \\|[^|]*\\|([^|]*)\\|").matcher(page);
        while (row.find()) {
            Set<String> uses = new TreeSet<>();
            Matcher used = Pattern.compile("`([a-z.*]+)`").matcher(row.group(2));
            while (used.find()) {
                uses.add(used.group(1));
            }
            documented.put(row.group(1), uses);
        }
        Map<String, Set<String>> enforced = new TreeMap<>();
        MAY_USE.forEach((k, v) -> enforced.put(k, new TreeSet<>(v)));
        assertEquals(enforced, documented, "docs/architecture.md's package table and ArchitectureTest.MAY_USE differ");
    }

    @Test
    void onlyTheSlackAdapterImportsSlackSdkTypes() {
        noClasses().that().resideOutsideOfPackage("dev.caretaker.chat.slack..")
                .should().dependOnClassesThat().resideInAPackage("com.slack.api..")
                .check(CLASSES);
    }

    @Test
    void onlyTheDiscordAdapterImportsJda() {
        noClasses().that().resideOutsideOfPackage("dev.caretaker.chat.discord..")
                .should().dependOnClassesThat().resideInAPackage("net.dv8tion..")
                .check(CLASSES);
    }

    @Test
    void jdbcOnlyInTheStoreAndThePostgresTargets() {
        // store talks to Caretaker's own database; target.postgres to the databases it watches; nobody else
        noClasses().that().resideOutsideOfPackages("dev.caretaker.store..", "dev.caretaker.target.postgres..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.postgresql..",
                        "io.micronaut.transaction..", "io.micronaut.data.connection..")
                .check(CLASSES);
    }

    @Test
    void redisClientOnlyInTheStoreAndTheRedisTargets() {
        noClasses().that().resideOutsideOfPackages("dev.caretaker.store..", "dev.caretaker.target.redis..")
                .should().dependOnClassesThat().resideInAPackage("io.lettuce..")
                .check(CLASSES);
    }

    @Test
    void adaptersComeInThroughTheInboundPortNotThePipeline() {
        // Progress is the one type of the action package an adapter implements: where a long action reports to.
        noClasses().that().resideInAnyPackage(ADAPTERS)
                .should().dependOnClassesThat(resideInAPackage("dev.caretaker.pipeline..")
                        .or(resideInAPackage("dev.caretaker.action..").and(not(equivalentTo(Progress.class)))))
                .check(CLASSES);
    }

    @Test
    void adaptersDoNotKnowEachOther() {
        for (String adapter : ADAPTERS) {
            noClasses().that().resideInAPackage(adapter)
                    .should().dependOnClassesThat().resideInAnyPackage(Arrays.stream(ADAPTERS)
                            .filter(other -> !other.equals(adapter)).toArray(String[]::new))
                    .check(CLASSES);
        }
    }

    @Test
    void alertsAskOnCallThroughTheirOwnInterfacesOnly() {
        // AlertService asks "is this held?" (AlertHolds) and "who is on call?" (Paging); oncall answers both
        noClasses().that().resideInAPackage("dev.caretaker.alert..")
                .should().dependOnClassesThat().resideInAPackage("dev.caretaker.oncall..")
                .check(CLASSES);
    }

    @Test
    void noTwoPackagesDependOnEachOtherParentAndChildIncluded() {
        // (**) makes every package its own slice, so target <-> target.postgres counts as a cycle too
        slices().matching("dev.caretaker.(**)").should().beFreeOfCycles().check(CLASSES);
        slices().matching("dev.caretaker.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    // ---- the table --------------------------------------------------------------------------------------------

    private static Map<String, List<String>> table(String... rows) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int i = 0; i < rows.length; i += 2) {
            out.put(rows[i], rows[i + 1].isBlank() ? List.of() : List.of(rows[i + 1].split(" ")));
        }
        return out;
    }

    private static String pkg(String row) {
        return row.equals("(root)") ? ROOT : ROOT + "." + row;
    }

    /** The row a package belongs to: its own, or its nearest listed parent's; null when none. */
    static String rowOf(String javaPackage) {
        String best = null;
        for (String row : MAY_USE.keySet()) {
            String p = pkg(row);
            boolean within = row.equals("(root)") ? javaPackage.equals(ROOT)
                    : javaPackage.equals(p) || javaPackage.startsWith(p + ".");
            if (within && (best == null || p.length() > pkg(best).length())) {
                best = row;
            }
        }
        return best;
    }

    private static DescribedPredicate<JavaClass> inRow(String row) {
        return DescribedPredicate.describe("in the row `" + row + "`", c -> row.equals(rowOf(c.getPackageName())));
    }

    @Test
    void rowsAreFoundByTheNearestListedPackage() {
        assertEquals("chat.slack", rowOf("dev.caretaker.chat.slack"));
        assertEquals("chat", rowOf("dev.caretaker.chat"));
        assertEquals("action", rowOf("dev.caretaker.action.builtin.db"));
        assertEquals("(root)", rowOf("dev.caretaker"));
        assertTrue(rowOf("dev.caretakers") == null);
    }
}
