package dev.caretaker.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code deploy/kubernetes}, checked before anyone applies it: every manifest parsed strictly into fabric8's
 * Kubernetes model (an unknown or misspelt field fails), the Kustomizations too, and the rendered result (by
 * {@code kubectl kustomize} where kubectl is installed) checked for what a safe rollout of Caretaker needs.
 */
class KubernetesManifestsTest {

    private static final Path REPO = Path.of("").toAbsolutePath();
    private static final Path KUBERNETES = REPO.resolve("deploy/kubernetes");
    private static final String APP = "caretaker";
    /** kind to its apiVersion and model class: the only kinds deploy/kubernetes may hold. */
    private static final Map<String, Map.Entry<String, Class<? extends HasMetadata>>> KINDS = Map.of(
            "Namespace", Map.entry("v1", Namespace.class),
            "ServiceAccount", Map.entry("v1", ServiceAccount.class),
            "Service", Map.entry("v1", Service.class),
            "ConfigMap", Map.entry("v1", ConfigMap.class),
            "Secret", Map.entry("v1", Secret.class),
            "Deployment", Map.entry("apps/v1", Deployment.class),
            "PodDisruptionBudget", Map.entry("policy/v1", PodDisruptionBudget.class),
            "Role", Map.entry("rbac.authorization.k8s.io/v1", Role.class),
            "RoleBinding", Map.entry("rbac.authorization.k8s.io/v1", RoleBinding.class));
    private static final ObjectMapper KUBERNETES_JSON = new ObjectMapper();
    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    @Test
    void everyFileParsesStrictly() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(KUBERNETES)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        assertTrue(files.size() >= 10, files.toString());
        int manifests = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.equals("kustomization.yaml")) {
                Kustomization k = STRICT.convertValue(yaml(file).getFirst(), Kustomization.class);
                assertEquals("kustomize.config.k8s.io/v1beta1", k.apiVersion(), file.toString());
                k.files().forEach(f -> assertTrue(Files.isRegularFile(file.resolveSibling(f)), file + " names " + f));
                k.resourcesAndPatches().forEach(r -> assertTrue(Files.exists(file.resolveSibling(r)), file + " names " + r));
            } else if (name.equals("caretaker.yml")) {
                assertTrue(yaml(file).getFirst().containsKey("caretaker"), "a Caretaker configuration: " + file);
            } else {
                assertTrue(name.endsWith(".yaml"), "manifests end in .yaml: " + file);
                for (Map<String, Object> doc : yaml(file)) {
                    parse(doc, file.toString(), doc.get("kind").equals("Deployment") && !name.equals("deployment.yaml"));
                    manifests++;
                }
            }
        }
        assertTrue(manifests >= 8, "manifests parsed: " + manifests);
    }

    @Test
    void aMisspeltFieldFails() {
        Map<String, Object> doc = new java.util.LinkedHashMap<>(Map.of("apiVersion", "v1", "kind", "Service",
                "metadata", Map.of("name", "x"), "spec", Map.of("selector", Map.of("a", "b"), "prots", List.of())));
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> parse(doc, "inline", false));
        assertTrue(e.getMessage().contains("prots"), e.getMessage());
    }

    @Test
    void theBaseHasWhatASafeRolloutNeeds() throws IOException {
        List<HasMetadata> base = new ArrayList<>();
        for (String f : List.of("serviceaccount.yaml", "role.yaml", "rolebinding.yaml", "deployment.yaml", "service.yaml",
                "poddisruptionbudget.yaml")) {
            Path file = KUBERNETES.resolve("base").resolve(f);
            for (Map<String, Object> doc : yaml(file)) {
                base.add(parse(doc, file.toString(), false));
            }
        }
        checkRollout(base, 2, "caretaker-config", "caretaker-env");
    }

    @Test
    void whatKustomizeRendersHasItToo() throws Exception {
        if (!kubectlInstalled()) {
            // the base files themselves are checked above; rendering needs kubectl
            System.out.println("kubectl is not installed: kustomize output not rendered");
            return;
        }
        List<HasMetadata> base = render(KUBERNETES.resolve("base"));
        checkRollout(base, 2, "caretaker-config-", "caretaker-env-");
        ConfigMap config = only(base, ConfigMap.class, c -> c.getMetadata().getName().startsWith("caretaker-config-"));
        assertEquals(Files.readString(REPO.resolve("config/caretaker.yml")), config.getData().get("caretaker.yml"),
                "the base's ConfigMap is the example configuration");
        ConfigMap env = only(base, ConfigMap.class, c -> c.getMetadata().getName().startsWith("caretaker-env-"));
        assertEquals("/config/caretaker.yml", env.getData().get("MICRONAUT_CONFIG_FILES"));

        List<HasMetadata> example = render(KUBERNETES.resolve("overlays/example"));
        checkRollout(example, 3, "caretaker-config-", "caretaker-env-");
        example.stream().filter(o -> !(o instanceof Namespace))
                .forEach(o -> assertEquals("caretaker", o.getMetadata().getNamespace(), o.getMetadata().getName()));
        Deployment d = only(example, Deployment.class, x -> true);
        assertEquals("registry.example.internal/ops/caretaker:0.1.0", d.getSpec().getTemplate().getSpec()
                .getContainers().getFirst().getImage());
        assertEquals(Quantity.parse("1Gi"), d.getSpec().getTemplate().getSpec().getContainers().getFirst()
                .getResources().getLimits().get("memory"));
    }

    @Test
    void theConfigMapSourceIsTheExampleConfiguration() throws IOException {
        assertEquals(Files.readString(REPO.resolve("config/caretaker.yml")),
                Files.readString(KUBERNETES.resolve("base/caretaker.yml")),
                "deploy/kubernetes/base/caretaker.yml is a copy of config/caretaker.yml (Kustomize reads nothing above "
                        + "its folder): cp config/caretaker.yml deploy/kubernetes/base/caretaker.yml");
    }

    @Test
    void theRoleGrantsExactlyWhatTheKubectlRecipesNeed() throws IOException {
        Role role = (Role) parse(yaml(KUBERNETES.resolve("base/role.yaml")).getFirst(), "role.yaml", false);
        Set<String> granted = new TreeSet<>();
        for (PolicyRule rule : role.getRules()) {
            assertTrue(rule.getResourceNames() == null || rule.getResourceNames().isEmpty());
            assertTrue(rule.getNonResourceURLs() == null || rule.getNonResourceURLs().isEmpty());
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        granted.add(group + "/" + resource + ":" + verb);
                    }
                }
            }
        }
        assertEquals(new TreeSet<>(Set.of(
                "apps/deployments:get", "apps/deployments:list", "apps/deployments:watch", "apps/deployments:patch",
                "apps/deployments/scale:get", "apps/deployments/scale:patch",
                "apps/replicasets:list",
                "/pods:get", "/pods:list", "/pods/log:get")), granted);
        RoleBinding binding = (RoleBinding) parse(yaml(KUBERNETES.resolve("base/rolebinding.yaml")).getFirst(),
                "rolebinding.yaml", false);
        assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName());
        assertEquals("Role", binding.getRoleRef().getKind());
        assertEquals("ServiceAccount", binding.getSubjects().getFirst().getKind());
        assertEquals(APP, binding.getSubjects().getFirst().getName());
    }

    @Test
    void theSecretTemplateAndTheEnvironmentNameSettingsCaretakerReads() throws IOException {
        CaretakerSettings settings = CaretakerSettings.scan(REPO);
        Secret secret = (Secret) parse(yaml(KUBERNETES.resolve("secret.example.yaml")).getFirst(), "secret", false);
        assertEquals("caretaker-secrets", secret.getMetadata().getName());
        for (String key : secret.getStringData().keySet()) {
            assertTrue(settings.reads(key), "the Secret template sets " + key + ", which Caretaker does not read");
        }
        for (String needed : List.of("DATASOURCES_DEFAULT_URL", "REDIS_URI", "CARETAKER_ALERTS_TOKEN", "SLACK_BOT_TOKEN")) {
            assertTrue(secret.getStringData().containsKey(needed), needed);
        }
        Kustomization k = STRICT.convertValue(yaml(KUBERNETES.resolve("base/kustomization.yaml")).getFirst(),
                Kustomization.class);
        Kustomization overlay = STRICT.convertValue(
                yaml(KUBERNETES.resolve("overlays/example/kustomization.yaml")).getFirst(), Kustomization.class);
        for (Kustomization.Generator g : Stream.concat(k.configMapGenerator().stream(),
                overlay.configMapGenerator().stream()).toList()) {
            for (String literal : g.literals()) {
                String key = literal.substring(0, literal.indexOf('='));
                assertTrue(settings.reads(key), g.name() + " sets " + key + ", which Caretaker does not read");
            }
        }
        assertFalse(settings.reads("CARETAKER_NO_SUCH_SETTING"), "the check can fail");
    }

    // ---- the checks ---------------------------------------------------------------------------------------------

    private static void checkRollout(List<HasMetadata> objects, int replicas, String configMap, String envMap) {
        Deployment d = only(objects, Deployment.class, x -> true);
        assertEquals(replicas, d.getSpec().getReplicas());
        assertEquals(0, d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal(),
                "a rollout never goes below the replicas that serve");
        Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(podLabels.entrySet().containsAll(d.getSpec().getSelector().getMatchLabels().entrySet()));
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        assertEquals(APP, pod.getServiceAccountName());
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertTrue(pod.getSecurityContext().getRunAsUser() > 0);
        assertFalse(pod.getTopologySpreadConstraints().isEmpty(), "replicas spread over nodes");
        pod.getTopologySpreadConstraints().forEach(t -> assertEquals(d.getSpec().getSelector().getMatchLabels(),
                t.getLabelSelector().getMatchLabels()));
        assertEquals(1, pod.getContainers().size());
        Container c = pod.getContainers().getFirst();
        Set<String> ports = c.getPorts().stream().map(ContainerPort::getName).collect(Collectors.toSet());
        checkProbe(c.getLivenessProbe(), "/health/liveness", ports);
        checkProbe(c.getReadinessProbe(), "/health/readiness", ports);
        checkProbe(c.getStartupProbe(), "/health/liveness", ports);
        for (String resource : List.of("cpu", "memory")) {
            assertNotNull(c.getResources().getRequests().get(resource), "request " + resource);
        }
        Quantity limit = c.getResources().getLimits().get("memory");
        assertNotNull(limit, "a memory limit: the JVM sizes its heap from it");
        assertTrue(Quantity.getAmountInBytes(limit).compareTo(Quantity.getAmountInBytes(
                c.getResources().getRequests().get("memory"))) >= 0);
        assertFalse(c.getSecurityContext().getAllowPrivilegeEscalation());
        assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem());
        assertTrue(c.getSecurityContext().getRunAsNonRoot());
        assertTrue(c.getSecurityContext().getCapabilities().getDrop().contains("ALL"));
        VolumeMount tmp = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst()
                .orElseThrow(() -> new AssertionError("a writable /tmp"));
        Volume tmpVolume = pod.getVolumes().stream().filter(v -> v.getName().equals(tmp.getName())).findFirst().orElseThrow();
        assertNotNull(tmpVolume.getEmptyDir(), "/tmp is an emptyDir");
        assertFalse(Boolean.TRUE.equals(tmp.getReadOnly()));
        VolumeMount config = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/config")).findFirst()
                .orElseThrow(() -> new AssertionError("the configuration at /config"));
        Volume configVolume = pod.getVolumes().stream().filter(v -> v.getName().equals(config.getName())).findFirst()
                .orElseThrow();
        assertTrue(configVolume.getConfigMap().getName().startsWith(configMap), configVolume.toString());
        List<String> envFrom = c.getEnvFrom().stream().map(e -> e.getConfigMapRef() != null
                ? "configmap:" + e.getConfigMapRef().getName() : "secret:" + e.getSecretRef().getName()).toList();
        assertTrue(envFrom.stream().anyMatch(e -> e.startsWith("configmap:" + envMap)), envFrom.toString());
        assertTrue(envFrom.contains("secret:caretaker-secrets"), envFrom.toString());
        assertTrue(c.getEnvFrom().stream().map(EnvFromSource::getSecretRef).filter(Objects::nonNull)
                .noneMatch(s -> Boolean.TRUE.equals(s.getOptional())), "no start without the database and tokens");

        PodDisruptionBudget pdb = only(objects, PodDisruptionBudget.class, x -> true);
        assertEquals(d.getSpec().getSelector().getMatchLabels(), pdb.getSpec().getSelector().getMatchLabels());
        int minAvailable = pdb.getSpec().getMinAvailable().getIntVal();
        assertTrue(minAvailable >= 1 && minAvailable < replicas, "a drain keeps one serving and can proceed");

        Service service = only(objects, Service.class, x -> true);
        assertTrue(podLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()));
        service.getSpec().getPorts().forEach(p -> assertTrue(ports.contains(p.getTargetPort().getStrVal()),
                "the Service's " + p.getName() + " targets a named container port"));
        only(objects, ServiceAccount.class, sa -> sa.getMetadata().getName().equals(APP));
        only(objects, Role.class, x -> true);
        only(objects, RoleBinding.class, x -> true);
    }

    private static void checkProbe(Probe probe, String path, Set<String> ports) {
        assertNotNull(probe, path);
        assertEquals(path, probe.getHttpGet().getPath());
        IntOrString port = probe.getHttpGet().getPort();
        assertTrue(ports.contains(port.getStrVal()), "probe on a named port: " + port);
    }

    // ---- parsing ------------------------------------------------------------------------------------------------

    /** One manifest into its model class; an unknown field anywhere fails, naming where. */
    private static HasMetadata parse(Map<String, Object> doc, String where, boolean patch) {
        Object kind = doc.get("kind");
        var known = KINDS.get(String.valueOf(kind));
        if (known == null) {
            throw new AssertionError(where + ": kind " + kind + " is none of " + KINDS.keySet());
        }
        assertEquals(known.getKey(), doc.get("apiVersion"), where + ": apiVersion of " + kind);
        HasMetadata object;
        try {
            object = KUBERNETES_JSON.convertValue(doc, known.getValue());
        } catch (RuntimeException e) {
            throw new AssertionError(where + ": not a valid " + kind + ": " + e.getMessage(), e);
        }
        List<String> unknown = new ArrayList<>();
        unknownFields(object, kind + "/" + doc.getOrDefault("metadata", Map.of()), unknown);
        if (!unknown.isEmpty()) {
            throw new AssertionError(where + ": unknown fields " + unknown);
        }
        if (!patch) {
            assertNotNull(object.getMetadata().getName(), where + ": a name");
        }
        return object;
    }

    /** fabric8's model keeps fields it does not know in additionalProperties: any there is a mistake. */
    private static void unknownFields(Object value, String path, List<String> unknown) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown));
            return;
        }
        Class<?> type = value.getClass();
        if (!type.getName().startsWith("io.fabric8.kubernetes.api.model") || value instanceof Quantity
                || value instanceof IntOrString) {
            return;
        }
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getName().equals("getClass")
                    || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            Object child;
            try {
                child = m.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
                }
            } else {
                String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
                unknownFields(child, path + "." + field, unknown);
            }
        }
    }

    private static List<Map<String, Object>> yaml(Path file) throws IOException {
        return yamlDocuments(Files.readString(file, StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> yamlDocuments(String text) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
        return docs;
    }

    private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type,
                                                  java.util.function.Predicate<T> test) {
        List<T> matching = objects.stream().filter(type::isInstance).map(type::cast).filter(test).toList();
        assertEquals(1, matching.size(), "one " + type.getSimpleName() + ": " + matching);
        return matching.getFirst();
    }

    private static boolean kubectlInstalled() {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "kubectl")));
    }

    private static List<HasMetadata> render(Path kustomization) throws Exception {
        Process p = new ProcessBuilder("kubectl", "kustomize", kustomization.toString())
                .redirectErrorStream(false).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("kubectl kustomize did not finish");
        }
        assertEquals(0, p.exitValue(), "kubectl kustomize " + kustomization + ": " + err);
        List<HasMetadata> objects = new ArrayList<>();
        for (Map<String, Object> doc : yamlDocuments(out)) {
            objects.add(parse(doc, "kubectl kustomize " + REPO.relativize(kustomization), false));
        }
        return objects;
    }

    /** The parts of a kustomization.yaml these files use; anything else is a typo. */
    record Kustomization(String apiVersion, String kind, String namespace, List<String> resources, List<Image> images,
                         List<Replica> replicas, List<Generator> configMapGenerator, List<Patch> patches) {

        Kustomization {
            resources = resources == null ? List.of() : resources;
            configMapGenerator = configMapGenerator == null ? List.of() : configMapGenerator;
            patches = patches == null ? List.of() : patches;
        }

        List<String> files() {
            return configMapGenerator.stream().flatMap(g -> g.files().stream())
                    .map(f -> f.contains("=") ? f.substring(f.indexOf('=') + 1) : f).toList();
        }

        List<String> resourcesAndPatches() {
            return Stream.concat(resources.stream(), patches.stream().map(Patch::path)).toList();
        }

        record Image(String name, String newName, String newTag) {
        }

        record Replica(String name, int count) {
        }

        record Generator(String name, String behavior, List<String> files, List<String> literals) {
            Generator {
                files = files == null ? List.of() : files;
                literals = literals == null ? List.of() : literals;
            }
        }

        record Patch(String path) {
        }
    }
}
