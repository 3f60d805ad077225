package dev.caretaker.action.custom.vulns;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caretaker.action.custom.Programs;
import dev.caretaker.command.CommandFileReader;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Both JSON shapes of each tool, and the declaration's checks. */
class DependencyAuditTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void npmSixAdvisoriesAreCountedFromTheMetadataAndNamedWorstFirst() throws Exception {
        var read = NpmAudit.read(JSON.readTree("""
                {"actions": [], "advisories": {
                   "1179": {"module_name": "minimist", "severity": "low"},
                   "1523": {"module_name": "lodash", "severity": "high"}},
                 "muted": [], "metadata": {"vulnerabilities": {"info": 0, "low": 1, "moderate": 0, "high": 1, "critical": 0}}}
                """), 10);
        Findings f = read.findings().orElseThrow();
        assertEquals(1, f.count("high"));
        assertEquals(1, f.count("low"));
        assertEquals(2, f.total());
        assertEquals(List.of("lodash (high)", "minimist (low)"), f.worst());
    }

    @Test
    void pipAuditsOlderBareListIsReadToo() throws Exception {
        Findings f = PipAudit.read(JSON.readTree("""
                [{"name": "flask", "version": "0.12", "vulns": [
                   {"id": "PYSEC-2018-66", "fix_versions": ["0.12.3"]},
                   {"id": "PYSEC-2019-179", "fix_versions": []}]}]
                """), 10).orElseThrow();
        assertEquals(2, f.unrated());
        assertEquals(List.of("flask 0.12: PYSEC-2018-66 (fixed in 0.12.3)", "flask 0.12: PYSEC-2019-179 (no fix yet)"),
                f.worst());
    }

    @Test
    void aBadDeclarationIsOneSentencePerProblem() {
        var read = CommandFileReader.read("commands/s.yml", """
                commands:
                  - name: security audit
                    kind: dependency-audit
                    npm: {workdir: srv/app}
                    pip: {workdir: /srv/app, requirements: ../../etc/passwd, venv: x}
                    cargo: {workdir: /srv/app}
                """, "viewer", Set.of("viewer", "operator", "admin"));
        var factory = new DependencyAuditFactory(new Programs("/usr/bin:/bin"), JSON,
                Executors.newVirtualThreadPerTaskExecutor());
        assertEquals(List.of(
                "dependency-audit commands take npm and pip; `cargo` is unknown",
                "`workdir` of `npm` must be an absolute directory such as /srv/app",
                "`pip` takes workdir and requirements; `venv` is unknown",
                "`requirements` of `pip` must be a file name inside its workdir, such as requirements.txt"),
                factory.validate(read.commands().getFirst()));
    }
}
