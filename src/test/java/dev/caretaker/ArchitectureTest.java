package dev.caretaker;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The package rules of DESIGN.md, enforced. */
class ArchitectureTest {

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
    void coreLayersDoNotReachUpIntoAdapters() {
        noClasses().that().resideInAnyPackage("dev.caretaker.pipeline..", "dev.caretaker.action..",
                        "dev.caretaker.store..", "dev.caretaker.command..", "dev.caretaker.security..",
                        "dev.caretaker.target..")
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
    void topLevelPackagesHaveNoCycles() {
        slices().matching("dev.caretaker.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
