package dev.caretaker.support;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Interpreter;
import org.objectweb.asm.tree.analysis.Value;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Follows string constants that hold words through compiled code to the calls that show text to people, and
 * reports every one that gets there from outside the classes allowed to write sentences.
 *
 * <p>A value carries text when it is a constant with a letter in it (format specifiers such as {@code %,d} and regex
 * escapes such as {@code \\s} do not count; neither does an enum constant's name), or is made from one: concatenation,
 * {@code String.format} and the other text and collection methods of {@code java.lang} / {@code java.util}, a local
 * variable, a static field, a collection or array something with text was added to, a lambda or method of ours
 * that returns it. Calls into the allowed classes give clean values whatever their arguments, and so do their
 * constants, which the compiler copies into the code that uses them. A method of ours whose
 * parameter reaches a sink becomes a sink for that parameter, so a helper such as {@code table(String header, ...)}
 * is followed too. Not followed: instance fields (a record's values are data, such as a platform id), text inside an
 * exception's message or a log line (neither is a sink).
 */
public final class TextFlow {

    /** Where text built outside the allowed classes reaches people. */
    public record Finding(String className, String method, String file, int line, String text, String sink) {
        @Override
        public String toString() {
            return className + "." + method + "(" + file + ":" + line + "): \"" + text + "\" reaches " + sink;
        }
    }

    /** Which calls show their arguments to people. */
    public interface Sinks {
        /**
         * The positions among the call's values (the receiver is 0 for an instance call) that people read when
         * {@code caller} (an internal class name) calls it; 0 when the call is not a sink.
         */
        long shown(String caller, String owner, String name, String descriptor, boolean isStatic);
    }

    private static final Pattern WORD = Pattern.compile("\\p{L}");
    private static final Pattern NOT_WORDS =
            Pattern.compile("%[-#+ 0,(<]*(\\d+\\$)?\\d*(\\.\\d+)?[a-zA-Z%]|\\\\[a-zA-Z]");
    private static final Set<String> MUTATORS = Set.of("add", "addAll", "addFirst", "addLast", "put", "putAll",
            "putIfAbsent", "append", "insert", "set", "push", "offer", "accept");
    /** Methods whose arguments are keys, probes or defaults of a setting, not part of the text they return. */
    private static final Set<String> LOOKUPS = Set.of("get", "getOrDefault", "containsKey", "containsValue",
            "contains", "remove", "indexOf", "lastIndexOf", "equals", "equalsIgnoreCase", "startsWith", "endsWith",
            "matches", "compareTo", "getProperty", "getenv", "split", "replaceAll", "replaceFirst", "regionMatches");

    private final Map<String, ClassNode> classes = new HashMap<>();
    private final Predicate<String> allowed;
    private final Sinks sinks;

    private final Map<String, Long> sinkParams = new HashMap<>();
    private final Map<String, Long> returnParams = new HashMap<>();
    private final Map<String, String> returnsText = new HashMap<>();
    private final Map<String, String> fieldText = new HashMap<>();
    /** The constants of the allowed classes: the compiler copies them into the code that uses them. */
    private final Set<String> allowedConstants = new HashSet<>();
    private final Map<String, Map<Integer, String>> slotText = new HashMap<>();
    /** Which methods read a summary ("m:" method key) or a static field ("f:" owner.name), to analyze again. */
    private final Map<String, Set<Method>> readers = new HashMap<>();
    private final ArrayDeque<Method> dirty = new ArrayDeque<>();
    private final Set<Method> queued = new HashSet<>();

    private record Method(ClassNode owner, MethodNode node) {
    }

    /** @param allowed internal class names (like {@code dev/caretaker/reply/Format}) whose code may write sentences */
    public TextFlow(Predicate<String> allowed, Sinks sinks) {
        this.allowed = allowed;
        this.sinks = sinks;
    }

    /**
     * Adds every class file under a directory of compiled classes, but Micronaut's generated bean definitions and
     * introspections ({@code $Name$Definition.class}): annotation metadata, not code anyone writes.
     */
    public TextFlow addDirectory(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class"))
                    .filter(f -> !f.getFileName().toString().startsWith("$")).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    add(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Adds one class from the class path, by its binary name. */
    public TextFlow addClass(Class<?> type) {
        try (InputStream in = type.getClassLoader().getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
            return add(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TextFlow add(InputStream in) throws IOException {
        ClassNode node = new ClassNode();
        new ClassReader(in).accept(node, 0);
        classes.put(node.name, node);
        return this;
    }

    /** Every place where text written outside the allowed classes reaches a sink, in class order. */
    public List<Finding> findings() {
        // summaries (which parameters reach a sink, what returns text, which fields hold it) until nothing changes:
        // a method is analyzed again when something it read changed. Summaries only grow, so a finding stays one.
        classes.values().stream().filter(c -> allowed.test(c.name)).flatMap(c -> c.fields.stream())
                .filter(f -> f.value instanceof String).forEach(f -> allowedConstants.add((String) f.value));
        classes.values().stream().sorted(Comparator.comparing(c -> c.name)).filter(c -> !allowed.test(c.name))
                .forEach(c -> c.methods.forEach(m -> enqueue(new Method(c, m))));
        Map<String, Finding> out = new HashMap<>();
        while (!dirty.isEmpty()) {
            Method m = dirty.poll();
            queued.remove(m);
            analyze(m.owner(), m.node(), out);
        }
        return out.values().stream().sorted(Comparator.comparing(Finding::className).thenComparingInt(Finding::line)
                .thenComparing(Finding::sink)).toList();
    }

    private void enqueue(Method m) {
        if (queued.add(m)) {
            dirty.add(m);
        }
    }

    private void changed(String summary) {
        readers.getOrDefault(summary, Set.of()).forEach(this::enqueue);
    }

    private void analyze(ClassNode owner, MethodNode method, Map<String, Finding> out) {
        if (method.instructions.size() == 0) {
            return;
        }
        try {
            new Analyzer<>(new Flow(owner, method, out)).analyze(owner.name, method);
        } catch (AnalyzerException e) {
            throw new IllegalStateException("cannot follow " + owner.name + "." + method.name, e);
        }
    }

    private static String key(String owner, String name, String descriptor) {
        return owner + "." + name + descriptor;
    }

    /** Whether a constant holds a word; format specifiers ({@code %,d}) and regex escapes do not count. */
    static boolean hasWord(String text) {
        return WORD.matcher(NOT_WORDS.matcher(text).replaceAll("")).find();
    }

    /** A value on the stack or in a local: the text it may carry, the parameters and locals it came from. */
    static final class Text implements Value {
        final int size;
        final long params;
        final long slots;
        String text;

        Text(int size, String text, long params, long slots) {
            this.size = size;
            this.text = text;
            this.params = params;
            this.slots = slots;
        }

        static Text of(int size) {
            return new Text(size, null, 0, 0);
        }

        @Override
        public int getSize() {
            return size;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Text t && t.size == size && t.params == params && t.slots == slots
                    && java.util.Objects.equals(t.text, text);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(size, params, slots, text);
        }
    }

    /** The abstract interpretation of one method. */
    private final class Flow extends Interpreter<Text> {
        private final ClassNode owner;
        private final MethodNode method;
        private final String self;
        private final Map<String, Finding> out;
        private final int[] positionOfSlot;
        private final Map<AbstractInsnNode, Integer> lines = new IdentityHashMap<>();
        private final Method current;

        Flow(ClassNode owner, MethodNode method, Map<String, Finding> out) {
            super(Opcodes.ASM9);
            this.owner = owner;
            this.method = method;
            this.self = key(owner.name, method.name, method.desc);
            this.out = out;
            this.current = new Method(owner, method);
            this.positionOfSlot = new int[Math.max(1, method.maxLocals)];
            java.util.Arrays.fill(positionOfSlot, -1);
            int slot = 0;
            int position = 0;
            if ((method.access & Opcodes.ACC_STATIC) == 0) {
                positionOfSlot[slot++] = position++;
            }
            for (Type arg : Type.getArgumentTypes(method.desc)) {
                if (slot < positionOfSlot.length) {
                    positionOfSlot[slot] = position;
                }
                slot += arg.getSize();
                position++;
            }
            int line = 0;
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof LineNumberNode l) {
                    line = l.line;
                }
                lines.put(insn, line);
            }
        }

        @Override
        public Text newValue(Type type) {
            if (type == Type.VOID_TYPE) {
                return null;
            }
            return Text.of(type == null ? 1 : type.getSize());
        }

        @Override
        public Text newParameterValue(boolean isInstanceMethod, int local, Type type) {
            int position = local < positionOfSlot.length ? positionOfSlot[local] : -1;
            return new Text(type.getSize(), null, position >= 0 && position < 64 ? 1L << position : 0, 0);
        }

        @Override
        public Text newOperation(AbstractInsnNode insn) {
            return switch (insn.getOpcode()) {
                case Opcodes.LCONST_0, Opcodes.LCONST_1, Opcodes.DCONST_0, Opcodes.DCONST_1 -> Text.of(2);
                case Opcodes.LDC -> {
                    Object c = ((LdcInsnNode) insn).cst;
                    if (c instanceof String s && hasWord(s) && !allowedConstants.contains(s)) {
                        yield new Text(1, s, 0, 0);
                    }
                    yield Text.of(c instanceof Long || c instanceof Double ? 2 : 1);
                }
                case Opcodes.GETSTATIC -> {
                    FieldInsnNode f = (FieldInsnNode) insn;
                    String text = read("f:" + f.owner + "." + f.name, fieldText);
                    yield new Text(Type.getType(f.desc).getSize(), text, 0, 0);
                }
                default -> Text.of(1);
            };
        }

        @Override
        public Text copyOperation(AbstractInsnNode insn, Text value) {
            if (insn.getOpcode() == Opcodes.ALOAD) {
                int var = ((VarInsnNode) insn).var;
                String added = slotText.getOrDefault(self, Map.of()).get(var);
                return new Text(value.size, value.text != null ? value.text : added, value.params,
                        var < 64 ? value.slots | 1L << var : value.slots);
            }
            return value;
        }

        @Override
        public Text unaryOperation(AbstractInsnNode insn, Text value) {
            switch (insn.getOpcode()) {
                case Opcodes.LNEG, Opcodes.DNEG, Opcodes.I2L, Opcodes.I2D, Opcodes.L2D, Opcodes.F2L, Opcodes.F2D,
                     Opcodes.D2L -> {
                    return Text.of(2);
                }
                case Opcodes.GETFIELD -> {
                    return Text.of(Type.getType(((FieldInsnNode) insn).desc).getSize());
                }
                case Opcodes.PUTSTATIC -> {
                    FieldInsnNode f = (FieldInsnNode) insn;
                    holdsText(f.owner + "." + f.name, value.text);
                    return null;
                }
                case Opcodes.CHECKCAST -> {
                    return value;
                }
                default -> {
                    return Text.of(1);
                }
            }
        }

        @Override
        public Text binaryOperation(AbstractInsnNode insn, Text object, Text value) {
            switch (insn.getOpcode()) {
                case Opcodes.AALOAD -> {
                    return new Text(1, object.text, object.params, 0);
                }
                case Opcodes.LALOAD, Opcodes.DALOAD, Opcodes.LADD, Opcodes.DADD, Opcodes.LSUB, Opcodes.DSUB,
                     Opcodes.LMUL, Opcodes.DMUL, Opcodes.LDIV, Opcodes.DDIV, Opcodes.LREM, Opcodes.DREM,
                     Opcodes.LSHL, Opcodes.LSHR, Opcodes.LUSHR, Opcodes.LAND, Opcodes.LOR, Opcodes.LXOR -> {
                    return Text.of(2);
                }
                default -> {
                    return Text.of(1);
                }
            }
        }

        @Override
        public Text ternaryOperation(AbstractInsnNode insn, Text array, Text index, Text value) {
            if (insn.getOpcode() == Opcodes.AASTORE && value.text != null && array.text == null) {
                array.text = value.text; // an array built for varargs: List.of(a, b, ...), String.format(f, args)
                taintSlots(array.slots, value.text);
            }
            return null;
        }

        @Override
        public Text naryOperation(AbstractInsnNode insn, List<? extends Text> values) {
            if (insn instanceof InvokeDynamicInsnNode indy) {
                return dynamic(indy, values);
            }
            if (!(insn instanceof MethodInsnNode call)) {
                return Text.of(1);
            }
            Type returns = Type.getReturnType(call.desc);
            int size = returns.getSize();
            boolean isStatic = call.getOpcode() == Opcodes.INVOKESTATIC;
            if (allowed.test(call.owner)) {
                return Text.of(size);
            }
            long shown = sinks.shown(owner.name, call.owner, call.name, call.desc, isStatic);
            if (call.name.equals("<init>") && isEnum(call.owner)) {
                shown &= ~0b110L; // an enum constant's name and ordinal
            }
            if (shown != 0) {
                check(insn, values, shown, simpleName(call.owner) + "." + call.name);
                return Text.of(size);
            }
            String callee = key(call.owner, call.name, call.desc);
            if (summarised(call.owner, call.name, call.desc)) {
                long shownByCallee = read("m:" + callee, sinkParams, 0L);
                if (call.name.equals("<init>") && isEnum(call.owner)) {
                    shownByCallee &= ~0b110L; // an enum constant's name and ordinal
                }
                check(insn, values, shownByCallee, simpleName(call.owner) + "." + call.name);
                return returned(callee, values, size);
            }
            if (!textMethod(call.owner)) {
                return Text.of(size);
            }
            if (!isStatic && MUTATORS.contains(call.name)) {
                for (int p = 1; p < values.size(); p++) {
                    if (values.get(p).text != null) {
                        taintSlots(values.get(0).slots, values.get(p).text);
                        if (values.get(0).text == null) {
                            values.get(0).text = values.get(p).text;
                        }
                    }
                }
            }
            if (returns.getSort() != Type.OBJECT && returns.getSort() != Type.ARRAY) {
                return Text.of(size);
            }
            String text = null;
            long params = 0;
            for (int p = 0; p < values.size(); p++) {
                boolean key = LOOKUPS.contains(call.name) && p > (isStatic ? -1 : 0);
                if (!key) {
                    text = text != null ? text : values.get(p).text;
                    params |= values.get(p).params;
                }
            }
            return new Text(size, text, params, 0);
        }

        /** What a call to a method of ours gives: the text it returns, or the text of the arguments it returns. */
        private Text returned(String callee, List<? extends Text> values, int size) {
            long from = read("m:" + callee, returnParams, 0L);
            String text = read("m:" + callee, returnsText);
            long params = 0;
            for (int p = 0; p < values.size() && p < 64; p++) {
                if ((from & 1L << p) != 0) {
                    text = text != null ? text : values.get(p).text;
                    params |= values.get(p).params;
                }
            }
            return new Text(size, text, params, 0);
        }

        private Text dynamic(InvokeDynamicInsnNode indy, List<? extends Text> values) {
            int size = Type.getReturnType(indy.desc).getSize();
            String bootstrap = indy.bsm.getOwner();
            String text = null;
            long params = 0;
            for (Text v : values) {
                text = text != null ? text : v.text;
                params |= v.params;
            }
            if (bootstrap.equals("java/lang/invoke/StringConcatFactory")) {
                for (Object arg : indy.bsmArgs) {
                    if (arg instanceof String s && hasWord(s.replace("\u0001", "").replace("\u0002", ""))) {
                        text = s.replace("\u0001", "…").replace("\u0002", "…");
                        break;
                    }
                }
                return new Text(size, text, params, 0);
            }
            if (bootstrap.equals("java/lang/invoke/LambdaMetafactory") && indy.bsmArgs.length > 1
                    && indy.bsmArgs[1] instanceof Handle impl && !allowed.test(impl.getOwner())) {
                // captured values are the implementation's first parameters; the function carries what it returns
                String callee = key(impl.getOwner(), impl.getName(), impl.getDesc());
                check(indy, values, read("m:" + callee, sinkParams, 0L),
                        simpleName(impl.getOwner()) + "." + impl.getName());
                return returned(callee, values, size);
            }
            return Text.of(size);
        }

        @Override
        public void returnOperation(AbstractInsnNode insn, Text value, Text expected) {
            if (value.text != null && !returnsText.containsKey(self)) {
                returnsText.put(self, value.text);
                changed("m:" + self);
            }
            long before = returnParams.getOrDefault(self, 0L);
            if ((before | value.params) != before) {
                returnParams.put(self, before | value.params);
                changed("m:" + self);
            }
        }

        @Override
        public Text merge(Text a, Text b) {
            if (a.equals(b)) {
                return a;
            }
            return new Text(Math.min(a.size, b.size), a.text != null ? a.text : b.text, a.params | b.params,
                    a.slots | b.slots);
        }

        private <T> T read(String summary, Map<String, T> from) {
            readers.computeIfAbsent(summary, k -> new HashSet<>()).add(current);
            return from.get(summary.substring(2));
        }

        private <T> T read(String summary, Map<String, T> from, T none) {
            T value = read(summary, from);
            return value == null ? none : value;
        }

        private void check(AbstractInsnNode insn, List<? extends Text> values, long shown, String sink) {
            for (int p = 0; p < values.size() && p < 64; p++) {
                if ((shown & 1L << p) == 0) {
                    continue;
                }
                Text v = values.get(p);
                if (v.text != null) {
                    int line = lines.getOrDefault(insn, 0);
                    out.putIfAbsent(owner.name + "." + method.name + method.desc + ":" + line + ":" + p + ":" + sink,
                            new Finding(owner.name.replace('/', '.'), method.name, owner.sourceFile, line, v.text,
                                    sink));
                }
                long before = sinkParams.getOrDefault(self, 0L);
                if ((before | v.params) != before) {
                    sinkParams.put(self, before | v.params);
                    changed("m:" + self);
                }
            }
        }

        private void taintSlots(long slots, String text) {
            for (int s = 0; s < 64; s++) {
                if ((slots & 1L << s) != 0
                        && slotText.computeIfAbsent(self, k -> new HashMap<>()).putIfAbsent(s, text) == null) {
                    enqueue(current);
                }
            }
        }
    }

    private void holdsText(String field, String text) {
        if (text != null && fieldText.putIfAbsent(field, text) == null) {
            changed("f:" + field);
        }
    }

    private boolean isEnum(String owner) {
        ClassNode c = classes.get(owner);
        return c != null && (c.access & Opcodes.ACC_ENUM) != 0;
    }

    private boolean summarised(String owner, String name, String descriptor) {
        ClassNode c = classes.get(owner);
        return c != null && c.methods.stream().anyMatch(m -> m.name.equals(name) && m.desc.equals(descriptor)
                && (m.access & Opcodes.ACC_ABSTRACT) == 0);
    }

    /** Library code that builds text or collections from its arguments, so text passes through it. */
    private static boolean textMethod(String owner) {
        return owner.startsWith("java/util/") && !owner.startsWith("java/util/regex/")
                || owner.equals("java/lang/String")
                || owner.equals("java/lang/StringBuilder") || owner.equals("java/lang/StringBuffer")
                || owner.equals("java/lang/CharSequence") || owner.equals("java/lang/Object")
                || owner.equals("java/lang/Iterable") || owner.equals("java/text/MessageFormat");
    }

    private static String simpleName(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }
}
