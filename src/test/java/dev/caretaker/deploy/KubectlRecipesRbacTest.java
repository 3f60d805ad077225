package dev.caretaker.deploy;

import dev.caretaker.command.CommandFileReader;
import dev.caretaker.command.CommandSpec;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Kubernetes Role (deploy/kubernetes/base/role.yaml) grants exactly what the kubectl commands shipped in
 * {@code commands/} need: each kubectl argv is mapped to the API calls kubectl makes for it, and the union must equal
 * the Role's rules. A new kubectl command fails here until its needs are written into the table and the Role.
 */
class KubectlRecipesRbacTest {

    private static final Path REPO = Path.of("").toAbsolutePath();

    /** What kubectl calls for each subcommand the commands use, on a Deployment (group/resource:verb). */
    private static final Map<String, Set<String>> NEEDS = Map.of(
            "rollout restart", Set.of("apps/deployments:get", "apps/deployments:patch"),
            "set image", Set.of("apps/deployments:get", "apps/deployments:patch"),
            "scale", Set.of("apps/deployments:get", "apps/deployments/scale:get", "apps/deployments/scale:patch"),
            // the revisions are the Deployment's ReplicaSets: listed by its selector, never fetched one by one
            "rollout undo", Set.of("apps/deployments:get", "apps/deployments:patch", "apps/replicasets:list"),
            "rollout history", Set.of("apps/deployments:get", "apps/replicasets:list"),
            // status watches the Deployment until it has rolled out (a list, then a watch)
            "rollout status", Set.of("apps/deployments:get", "apps/deployments:list", "apps/deployments:watch"),
            // deployment/x finds a pod by the Deployment's selector, pod/x fetches it, then reads its log
            "logs", Set.of("apps/deployments:get", "/pods:get", "/pods:list", "/pods/log:get"));

    /** Every kubectl subcommand a shipped command runs, with the command that runs it. */
    private static Map<String, String> kubectlUses() throws IOException {
        Map<String, String> uses = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(REPO.resolve("commands"))) {
            files = list.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
        }
        for (Path file : files) {
            var read = CommandFileReader.read("commands/" + file.getFileName(), Files.readString(file,
                    StandardCharsets.UTF_8), "operator", Set.of("viewer", "operator", "admin"));
            assertEquals(List.of(), read.problems(), file.toString());
            for (CommandSpec spec : read.commands()) {
                Map<String, Object> s = spec.action().settings();
                if (s.get("argv") instanceof List<?> argv && "kubectl".equals(argv.getFirst())) {
                    List<String> words = new ArrayList<>();
                    for (Object a : argv.subList(1, argv.size())) {
                        String word = String.valueOf(a);
                        if (word.startsWith("-") || word.contains("/") || word.contains("{")) {
                            break;
                        }
                        words.add(word);
                    }
                    assertTrue(argv.stream().map(String::valueOf).anyMatch(a -> a.startsWith("deployment/")),
                            spec.name() + " acts on something other than a Deployment; the Role covers Deployments");
                    uses.put(String.join(" ", words), spec.name());
                }
                if (s.get("sources") instanceof Map<?, ?> sources) {
                    for (Object source : sources.values()) {
                        if (source instanceof Map<?, ?> m && "kubernetes".equals(m.get("type"))) {
                            uses.put("logs", spec.name());
                        }
                    }
                }
            }
        }
        return uses;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> granted() throws IOException {
        Map<String, Object> role = new Yaml(new LoaderOptions()).load(
                Files.readString(REPO.resolve("deploy/kubernetes/base/role.yaml"), StandardCharsets.UTF_8));
        Set<String> granted = new TreeSet<>();
        for (Map<String, List<String>> rule : (List<Map<String, List<String>>>) role.get("rules")) {
            for (String group : rule.get("apiGroups")) {
                for (String resource : rule.get("resources")) {
                    for (String verb : rule.get("verbs")) {
                        granted.add(group + "/" + resource + ":" + verb);
                    }
                }
            }
        }
        return granted;
    }

    @Test
    void theRoleGrantsTheUnionOfWhatTheShippedKubectlCommandsNeedAndNothingElse() throws IOException {
        Map<String, String> uses = kubectlUses();
        assertFalse(uses.isEmpty());
        Set<String> needed = new TreeSet<>();
        uses.forEach((subcommand, command) -> {
            Set<String> needs = NEEDS.get(subcommand);
            if (needs == null) {
                fail("`" + command + "` runs kubectl " + subcommand + ": write what it calls into NEEDS here and "
                        + "grant it in deploy/kubernetes/base/role.yaml");
            }
            needed.addAll(needs);
        });
        assertEquals(needed, granted(), "deploy/kubernetes/base/role.yaml and the kubectl commands in commands/ disagree "
                + "(commands use " + uses.keySet() + ")");
    }

    @Test
    void everyRecipeSubcommandIsInUse() throws IOException {
        // the table describes the shipped commands, not wishes: each line is used by one of them
        assertTrue(kubectlUses().keySet().containsAll(Set.of("rollout restart", "scale", "rollout undo",
                "rollout status", "rollout history", "logs")), kubectlUses().toString());
    }
}
