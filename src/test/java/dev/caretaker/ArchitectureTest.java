package dev.caretaker;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.caretaker.action.Progress;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The package rules of DESIGN.md, enforced. */
class ArchitectureTest {

    private static final String[] ADAPTERS = {"dev.caretaker.chat.slack..", "dev.caretaker.chat.discord..",
            "dev.caretaker.chat.console.."};

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.caretaker");

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
    void replyCommandAndSecurityAreFreeOfPlatformJdbcAndRedisTypes() {
        noClasses().that().resideInAnyPackage("dev.caretaker.reply..", "dev.caretaker.command..",
                        "dev.caretaker.security..")
                .should().dependOnClassesThat().resideInAnyPackage("com.slack.api..", "net.dv8tion..", "java.sql..",
                        "javax.sql..", "io.lettuce..", "org.postgresql..")
                .check(CLASSES);
    }

    @Test
    void replyDependsOnNothingElseOfOurs() {
        noClasses().that().resideInAPackage("dev.caretaker.reply..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.caretaker.command..", "dev.caretaker.pipeline..",
                        "dev.caretaker.security..", "dev.caretaker.action..", "dev.caretaker.store..",
                        "dev.caretaker.chat..", "dev.caretaker.target..", "dev.caretaker.config..")
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
                    .should().dependOnClassesThat().resideInAnyPackage(java.util.Arrays.stream(ADAPTERS)
                            .filter(other -> !other.equals(adapter)).toArray(String[]::new))
                    .check(CLASSES);
        }
    }

    @Test
    void coreLayersDoNotReachUpIntoAdapters() {
        // config and security name no platform but the console: a new platform is one more adapter package
        noClasses().that().resideInAnyPackage("dev.caretaker.pipeline..", "dev.caretaker.action..",
                        "dev.caretaker.store..", "dev.caretaker.command..", "dev.caretaker.security..",
                        "dev.caretaker.target..", "dev.caretaker.config..")
                .should().dependOnClassesThat().resideInAPackage("dev.caretaker.chat..")
                .check(CLASSES);
    }

    @Test
    void storeUsesNoHigherLayer() {
        // the store may use config and reply (leaf packages); every feature uses the store, never the other way
        noClasses().that().resideInAPackage("dev.caretaker.store..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.caretaker.pipeline..", "dev.caretaker.action..",
                        "dev.caretaker.command..", "dev.caretaker.chat..", "dev.caretaker.probe..",
                        "dev.caretaker.alert..", "dev.caretaker.digest..")
                .check(CLASSES);
    }

    @Test
    void onlyTheStoreTalksToCaretakersOwnDatabase() {
        // target.postgres talks to watched databases; every other feature reaches ours through store repositories
        noClasses().that().resideInAnyPackage("dev.caretaker.alert..", "dev.caretaker.digest..", "dev.caretaker.chat..",
                        "dev.caretaker.action..", "dev.caretaker.pipeline..", "dev.caretaker.probe..",
                        "dev.caretaker.command..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..",
                        "io.micronaut.transaction..", "io.micronaut.data.connection..")
                .check(CLASSES);
    }

    @Test
    void alertsAskOnCallThroughTheirOwnInterfacesOnly() {
        // AlertService asks "is this held?" (AlertHolds) and "who is on call?" (Paging); oncall answers both
        noClasses().that().resideInAPackage("dev.caretaker.alert..")
                .should().dependOnClassesThat().resideInAPackage("dev.caretaker.oncall..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("dev.caretaker.oncall..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "io.micronaut.transaction..",
                        "io.micronaut.data.connection..", "dev.caretaker.chat..")
                .check(CLASSES);
    }

    @Test
    void topLevelPackagesHaveNoCycles() {
        slices().matching("dev.caretaker.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void noTwoPackagesDependOnEachOtherParentAndChildIncluded() {
        // (**) makes every package its own slice, so target <-> target.postgres counts as a cycle too
        slices().matching("dev.caretaker.(**)").should().beFreeOfCycles().check(CLASSES);
    }
}
