package dev.caretaker.reliability;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.caretaker.action.custom.ExecActionFactory;
import dev.caretaker.command.ActionRef;
import dev.caretaker.command.CommandSpec;
import dev.caretaker.command.Source;
import dev.caretaker.security.Argv;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No shell anywhere: every child process Caretaker starts is built by {@link Argv} (the code is scanned for any other
 * way to start one), and {@link Argv} refuses an argv that runs a shell; a declared {@code exec} command that names a
 * shell fails the boot. {@link InjectionPropertyTest} drives exec and sql commands of every argument type with hostile
 * arguments and reads the argvs and the bound values.
 */
class NoShellTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.caretaker");

    /** Shell forms Caretaker must never start, however they are spelled. */
    static final List<List<String>> SHELLS = List.of(
            List.of("sh", "-c", "id"), List.of("/bin/sh", "-c", "id"), List.of("bash", "-c", "id"),
            List.of("/usr/bin/bash", "-lc", "id"), List.of("sh", "-ec", "id"), List.of("bash", "-e", "-c", "id"),
            List.of("dash", "-c", "id"), List.of("zsh", "-c", "id"), List.of("busybox", "sh", "-c", "id"),
            List.of("/usr/bin/env", "bash", "-c", "id"), List.of("env", "sh", "-c", "id"),
            List.of("kubectl", "exec", "web-1", "--", "sh", "-c", "id"), List.of("sudo", "bash", "-c", "id"),
            List.of("timeout", "5", "sh", "-c", "id"), List.of("sh"), List.of("/bin/bash", "/opt/script.sh"),
            List.of("BASH", "-c", "id"), List.of("ssh", "host", "--", "sh", "-c", "id"));
    /** Argvs that only carry a shell's name as data: a word to grep for, a file name. */
    static final List<List<String>> DATA = List.of(List.of("grep", "sh", "/var/log/app.log"),
            List.of("journalctl", "--unit=bash", "--lines=10"), List.of("kubectl", "logs", "deployment/sh"),
            List.of("pg_dump", "--dbname=sh"), List.of("docker", "compose", "restart", "bash-worker"),
            List.of("grep", "-c", "sh"), List.of("echo", "sh", "x", "-c"));

    @Test
    void onlyArgvStartsAProcess() {
        List<String> elsewhere = new ArrayList<>();
        long calls = 0;
        for (var c : MAIN) {
            List<JavaCall<?>> made = new ArrayList<>(c.getMethodCallsFromSelf());
            made.addAll(c.getConstructorCallsFromSelf());
            for (JavaCall<?> call : made) {
                String owner = call.getTarget().getOwner().getName();
                String name = call.getName();
                boolean starts = owner.equals(ProcessBuilder.class.getName()) && (name.equals("<init>")
                        || name.equals("command"))
                        || owner.equals(Runtime.class.getName()) && name.equals("exec")
                        || owner.equals("java.lang.ProcessImpl") || owner.equals("java.lang.ProcessHandle")
                        && name.equals("start");
                if (starts) {
                    calls++;
                    if (!c.isEquivalentTo(Argv.class)) {
                        elsewhere.add(c.getName() + " calls " + owner + "." + name + " (" + call.getSourceCodeLocation()
                                + ")");
                    }
                }
            }
        }
        assertEquals(List.of(), elsewhere, "start processes through dev.caretaker.security.Argv only");
        assertTrue(calls > 0, "the scan sees Argv's own ProcessBuilder");
        Ledger.record(Ledger.Promise.INPUT, "no shell: every process start in the code goes through one argv seam",
                NoShellTest.class, 0, 0, calls, elsewhere.size());
    }

    @Test
    void theSeamRefusesEveryShellFormAndPassesShellWordsAsData() {
        long lost = 0;
        for (List<String> argv : SHELLS) {
            assertTrue(Argv.shellUse(argv).isPresent(), argv.toString());
            assertThrows(IllegalArgumentException.class, () -> Argv.builder(argv), argv.toString());
        }
        for (List<String> argv : DATA) {
            assertFalse(Argv.shellUse(argv).isPresent(), argv.toString());
            assertEquals(argv, Argv.builder(argv).command(), "the argv is handed on as it is");
        }
        Ledger.record(Ledger.Promise.INPUT, "no shell: sh -c, bash -c, env/sudo/kubectl-exec wrappers refused, shell "
                + "words as data kept", NoShellTest.class, SHELLS.size() + DATA.size(), 0, SHELLS.size() + DATA.size(), lost);
    }

    @Test
    void aDeclaredExecCommandThatRunsAShellIsRefused() {
        ExecActionFactory exec = new ExecActionFactory(Executors.newVirtualThreadPerTaskExecutor());
        for (List<String> argv : SHELLS) {
            List<String> problems = exec.validate(spec(argv));
            assertEquals(1, problems.size(), argv + ": " + problems);
            assertTrue(problems.getFirst().contains("never a shell"), problems.getFirst());
        }
        for (List<String> argv : DATA) {
            assertEquals(List.of(), exec.validate(spec(argv)), argv.toString());
        }
        Ledger.record(Ledger.Promise.INPUT, "no shell: an exec command declaring one fails the boot",
                NoShellTest.class, SHELLS.size() + DATA.size(), 0, SHELLS.size() + DATA.size(), 0);
    }

    private static CommandSpec spec(List<String> argv) {
        return new CommandSpec("x run", "", List.of(), "operator", false, 1, null, null, null, null, null,
                new ActionRef("exec", null, Map.of("argv", argv)), new Source("commands/x.yml", 1));
    }
}
