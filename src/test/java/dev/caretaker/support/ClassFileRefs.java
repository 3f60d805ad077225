package dev.caretaker.support;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one class file can make the JVM load: the classes its linking, its verification, its bytecode and its
 * generic signatures name (internal names, {@code a/b/C}), and the strings its code pushes (for names passed to
 * {@code Class.forName}). Annotations and constant-pool entries no instruction uses are left out on purpose: javac
 * records the owner of every inlined constant in the pool, and a missing annotation type is ignored by the JVM.
 */
public record ClassFileRefs(String name, Set<String> classes, Set<String> strings) {

    private static final Pattern TYPE = Pattern.compile("L([A-Za-z0-9_$/\\-]+)[;<]");

    /** Reads a class file (Java 25's format and older). */
    public static ClassFileRefs read(byte[] bytes) throws IOException {
        return new Reader(bytes).read();
    }

    private static final class Reader {
        private final DataInputStream in;
        private int[] tags;
        private int[] a;
        private int[] b;
        private String[] utf;
        private final Set<String> classes = new LinkedHashSet<>();
        private final Set<String> strings = new LinkedHashSet<>();

        Reader(byte[] bytes) {
            this.in = new DataInputStream(new ByteArrayInputStream(bytes));
        }

        ClassFileRefs read() throws IOException {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException("not a class file");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            readPool();
            in.readUnsignedShort();
            String self = className(in.readUnsignedShort());
            int superIndex = in.readUnsignedShort();
            if (superIndex != 0) {
                useClass(superIndex);
            }
            int interfaces = in.readUnsignedShort();
            for (int i = 0; i < interfaces; i++) {
                useClass(in.readUnsignedShort());
            }
            for (int kind = 0; kind < 2; kind++) {
                int members = in.readUnsignedShort();
                for (int i = 0; i < members; i++) {
                    in.readUnsignedShort();
                    in.readUnsignedShort();
                    types(utf[in.readUnsignedShort()]);
                    attributes();
                }
            }
            attributes();
            classes.remove(self);
            return new ClassFileRefs(self, Set.copyOf(classes), Set.copyOf(strings));
        }

        private void readPool() throws IOException {
            int count = in.readUnsignedShort();
            tags = new int[count];
            a = new int[count];
            b = new int[count];
            utf = new String[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                tags[i] = tag;
                switch (tag) {
                    case 1 -> utf[i] = in.readUTF();
                    case 3, 4 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> a[i] = in.readUnsignedShort();
                    case 9, 10, 11, 12, 17, 18 -> {
                        a[i] = in.readUnsignedShort();
                        b[i] = in.readUnsignedShort();
                    }
                    case 15 -> {
                        a[i] = in.readUnsignedByte();
                        b[i] = in.readUnsignedShort();
                    }
                    default -> throw new IOException("constant pool tag " + tag);
                }
            }
        }

        private void attributes() throws IOException {
            int count = in.readUnsignedShort();
            for (int i = 0; i < count; i++) {
                String attribute = utf[in.readUnsignedShort()];
                int length = in.readInt();
                byte[] body = in.readNBytes(length);
                switch (attribute) {
                    case "Code" -> code(new DataInputStream(new ByteArrayInputStream(body)));
                    case "Signature" -> types(utf[u2(body, 0)]);
                    case "BootstrapMethods" -> bootstrapMethods(body);
                    case "NestHost" -> useClass(u2(body, 0));
                    default -> {
                        // annotations, inner-class tables, debug information: nothing the JVM loads for them
                    }
                }
            }
        }

        private void code(DataInputStream code) throws IOException {
            code.readUnsignedShort();
            code.readUnsignedShort();
            byte[] ops = code.readNBytes(code.readInt());
            instructions(ops);
            int handlers = code.readUnsignedShort();
            for (int i = 0; i < handlers; i++) {
                code.readUnsignedShort();
                code.readUnsignedShort();
                code.readUnsignedShort();
                int type = code.readUnsignedShort();
                if (type != 0) {
                    useClass(type);
                }
            }
            int count = code.readUnsignedShort();
            for (int i = 0; i < count; i++) {
                String attribute = utf[code.readUnsignedShort()];
                byte[] body = code.readNBytes(code.readInt());
                if (attribute.equals("StackMapTable")) {
                    stackMap(new DataInputStream(new ByteArrayInputStream(body)));
                }
            }
        }

        private void instructions(byte[] ops) throws IOException {
            int pc = 0;
            while (pc < ops.length) {
                int op = ops[pc] & 0xFF;
                switch (op) {
                    case 0x12 -> use(ops[pc + 1] & 0xFF);
                    case 0x13, 0x14, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBA, 0xBB, 0xBD, 0xC0, 0xC1, 0xC5 ->
                            use(u2(ops, pc + 1));
                    default -> {
                        // no constant-pool operand
                    }
                }
                pc += length(ops, pc, op);
            }
        }

        private static int length(byte[] ops, int pc, int op) throws IOException {
            if (op == 0xAA || op == 0xAB) {
                int p = (pc + 4) & ~3;
                if (op == 0xAA) {
                    int low = s4(ops, p + 4);
                    int high = s4(ops, p + 8);
                    return p - pc + 12 + 4 * (high - low + 1);
                }
                return p - pc + 8 + 8 * s4(ops, p + 4);
            }
            if (op == 0xC4) {
                return (ops[pc + 1] & 0xFF) == 0x84 ? 6 : 4;
            }
            if (op <= 0x0F || (op >= 0x1A && op <= 0x35) || (op >= 0x3B && op <= 0x83) || (op >= 0x85 && op <= 0x98)
                    || (op >= 0xAC && op <= 0xB1) || op == 0xBE || op == 0xBF || op == 0xC2 || op == 0xC3) {
                return 1;
            }
            if (op == 0x10 || op == 0x12 || (op >= 0x15 && op <= 0x19) || (op >= 0x36 && op <= 0x3A) || op == 0xA9
                    || op == 0xBC) {
                return 2;
            }
            if (op == 0x11 || op == 0x13 || op == 0x14 || op == 0x84 || (op >= 0x99 && op <= 0xA8)
                    || (op >= 0xB2 && op <= 0xB8) || op == 0xBB || op == 0xBD || op == 0xC0 || op == 0xC1 || op == 0xC6
                    || op == 0xC7) {
                return 3;
            }
            if (op == 0xC5) {
                return 4;
            }
            if (op == 0xB9 || op == 0xBA || op == 0xC8 || op == 0xC9) {
                return 5;
            }
            throw new IOException("opcode " + op);
        }

        private void stackMap(DataInputStream map) throws IOException {
            int frames = map.readUnsignedShort();
            for (int i = 0; i < frames; i++) {
                int type = map.readUnsignedByte();
                if (type >= 64 && type <= 127) {
                    verificationType(map);
                } else if (type == 247) {
                    map.readUnsignedShort();
                    verificationType(map);
                } else if (type >= 248 && type <= 251) {
                    map.readUnsignedShort();
                } else if (type >= 252 && type <= 254) {
                    map.readUnsignedShort();
                    for (int k = 0; k < type - 251; k++) {
                        verificationType(map);
                    }
                } else if (type == 255) {
                    map.readUnsignedShort();
                    for (int part = 0; part < 2; part++) {
                        int n = map.readUnsignedShort();
                        for (int k = 0; k < n; k++) {
                            verificationType(map);
                        }
                    }
                }
            }
        }

        private void verificationType(DataInputStream map) throws IOException {
            int tag = map.readUnsignedByte();
            if (tag == 7) {
                useClass(map.readUnsignedShort());
            } else if (tag == 8) {
                map.readUnsignedShort();
            }
        }

        private void bootstrapMethods(byte[] body) {
            int count = u2(body, 0);
            int p = 2;
            for (int i = 0; i < count; i++) {
                use(u2(body, p));
                int args = u2(body, p + 2);
                for (int k = 0; k < args; k++) {
                    use(u2(body, p + 4 + 2 * k));
                }
                p += 4 + 2 * args;
            }
        }

        /** A constant an instruction or a bootstrap method uses. */
        private void use(int index) {
            switch (tags[index]) {
                case 7 -> useClass(index);
                case 8 -> strings.add(utf[a[index]]);
                case 9, 10, 11 -> {
                    useClass(a[index]);
                    types(utf[b[b[index]]]);
                }
                case 12 -> types(utf[b[index]]);
                case 15 -> use(b[index]);
                case 16 -> types(utf[a[index]]);
                case 17, 18 -> types(utf[b[b[index]]]);
                default -> {
                    // numbers
                }
            }
        }

        private void useClass(int index) {
            String n = utf[a[index]];
            if (n.startsWith("[")) {
                types(n);
            } else {
                classes.add(n);
            }
        }

        private String className(int index) {
            return utf[a[index]];
        }

        private void types(String descriptor) {
            Matcher m = TYPE.matcher(descriptor);
            while (m.find()) {
                classes.add(m.group(1));
            }
        }

        private static int u2(byte[] x, int p) {
            return ((x[p] & 0xFF) << 8) | (x[p + 1] & 0xFF);
        }

        private static int s4(byte[] x, int p) {
            return ((x[p] & 0xFF) << 24) | ((x[p + 1] & 0xFF) << 16) | ((x[p + 2] & 0xFF) << 8) | (x[p + 3] & 0xFF);
        }
    }
}
