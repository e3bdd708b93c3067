package dev.repbench.torch.ffi;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Proves the committed FFM bindings (repbench_torch_h, rb_value) agree with native/shim/include/repbench_torch.h,
 * parsed here in Java independently of the Python generator: functions, constants and the rb_value struct.
 */
class HeaderBindingsTest {
    private static final Path HEADER = Path.of("shim/include/repbench_torch.h");

    /** A parsed C prototype: name, return type and parameter types, as written (const kept, spaces normalised). */
    record CFunction(String name, String returnType, List<String> parameterTypes) {
    }

    /** A field of a C struct: name and type (e.g. {@code void*}). */
    record CField(String name, String type) {
    }

    private static Map<String, Long> defines;
    private static Set<String> handleTypedefs;
    private static Map<String, CFunction> functions;
    private static Map<String, List<CField>> structs;

    @BeforeAll
    static void parseHeader() throws IOException {
        assertTrue(Files.isRegularFile(HEADER), "header not found at " + HEADER.toAbsolutePath()
                + " (tests run with the native module as working directory)");
        String body = stripComments(Files.readString(HEADER));

        defines = new LinkedHashMap<>();
        Matcher d = Pattern.compile("(?m)^\\s*#\\s*define\\s+(RB_\\w+)(?:[ \\t]+(.*?))?\\s*$").matcher(body);
        while (d.find()) {
            String value = d.group(2) == null ? "" : d.group(2).trim();
            if (!value.matches("-?\\d+")) {
                fail("#define " + d.group(1) + " has the value '" + value + "': only integer RB_ constants are supported");
            }
            assertFalse(defines.containsKey(d.group(1)), "duplicate #define " + d.group(1));
            defines.put(d.group(1), Long.parseLong(value));
        }

        // Preprocessor lines are done with; drop them before reading declarations.
        String declarations = body.replaceAll("(?m)^\\s*#.*$", "");

        handleTypedefs = new LinkedHashSet<>();
        Matcher h = Pattern.compile("typedef\\s+struct\\s+\\w+\\s*\\*\\s*(\\w+)\\s*;").matcher(declarations);
        while (h.find()) {
            handleTypedefs.add(h.group(1));
        }

        structs = new LinkedHashMap<>();
        Matcher s = Pattern.compile("typedef\\s+struct\\s+(\\w+)\\s*\\{(.*?)}\\s*(\\w+)\\s*;", Pattern.DOTALL).matcher(declarations);
        while (s.find()) {
            List<CField> fields = new ArrayList<>();
            for (String decl : s.group(2).split(";")) {
                String t = decl.trim().replaceAll("\\s+", " ");
                if (t.isEmpty()) {
                    continue;
                }
                Matcher f = Pattern.compile("(.+?)\\s*(\\**)\\s*(\\w+)").matcher(t);
                assertTrue(f.matches(), "cannot read struct field '" + t + "'");
                fields.add(new CField(f.group(3), f.group(1).trim() + f.group(2)));
            }
            structs.put(s.group(3), fields);
        }
        String rest = s.replaceAll(" ");
        rest = rest.replaceAll("typedef[^;]*;", " ").replaceAll("extern\\s+\"C\"\\s*\\{", " ").replace("}", " ");

        functions = new LinkedHashMap<>();
        Pattern prototype = Pattern.compile("(.*?)\\b(rb_\\w+)\\s*\\((.*)\\)", Pattern.DOTALL);
        for (String statement : rest.split(";")) {
            String t = statement.trim().replaceAll("\\s+", " ");
            if (t.isEmpty()) {
                continue;
            }
            Matcher m = prototype.matcher(t);
            assertTrue(m.matches(), "a declaration in the header that is not a function prototype: '" + t + "'");
            List<String> params = new ArrayList<>();
            String list = m.group(3).trim();
            if (!list.isEmpty() && !list.equals("void")) {
                for (String p : list.split(",")) {
                    Matcher pm = Pattern.compile("(.*?[\\w*])\\s*\\b(\\w+)").matcher(p.trim());
                    assertTrue(pm.matches(), "cannot read parameter '" + p + "' of " + m.group(2));
                    params.add(normalise(pm.group(1)));
                }
            }
            assertFalse(functions.containsKey(m.group(2)), "duplicate prototype " + m.group(2));
            functions.put(m.group(2), new CFunction(m.group(2), normalise(m.group(1)), params));
        }
        // Guard against a parser that silently finds nothing.
        assertTrue(functions.size() >= 20, "only " + functions.size() + " prototypes parsed: " + functions.keySet());
        assertTrue(defines.size() >= 10, "only " + defines.size() + " #defines parsed: " + defines.keySet());
        assertTrue(handleTypedefs.containsAll(List.of("rb_tensor", "rb_op")), handleTypedefs.toString());
        assertTrue(structs.containsKey("rb_value"), structs.keySet().toString());
        // The ABI 4 additions, named: a parser that lost a section would still find 20 prototypes.
        assertTrue(functions.keySet().containsAll(List.of("rb_autocast_set_enabled", "rb_autocast_is_enabled",
                "rb_autocast_set_dtype", "rb_autocast_get_dtype", "rb_autocast_enter", "rb_autocast_exit",
                "rb_cpu_bf16_features", "rb_bench_bf16_dot_peak")), functions.keySet().toString());
        assertTrue(defines.keySet().containsAll(List.of("RB_CPU_AVX512_BF16", "RB_CPU_AMX_BF16")), defines.keySet().toString());
    }

    private static String stripComments(String text) {
        return text.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", "");
    }

    /** {@code const char *} -> {@code const char*}. */
    private static String normalise(String type) {
        return type.trim().replaceAll("\\s+", " ").replaceAll("\\s*\\*", "*");
    }

    /** The layout a C type is passed as; fails on a type the bindings' conventions do not cover. */
    private static MemoryLayout layoutOf(String cType, String where) {
        String t = cType.replace("const ", "").replace(" const", "").trim();
        if (t.contains("*") || handleTypedefs.contains(t)) {
            return ValueLayout.ADDRESS;
        }
        return switch (t) {
            case "int32_t", "int" -> ValueLayout.JAVA_INT;
            case "int64_t", "uint64_t" -> ValueLayout.JAVA_LONG;
            case "double" -> ValueLayout.JAVA_DOUBLE;
            default -> fail("unsupported C type '" + cType + "' in " + where);
        };
    }

    private static Class<?> carrierOf(MemoryLayout layout) {
        if (layout instanceof AddressLayout) {
            return MemorySegment.class;
        }
        return ((ValueLayout) layout).carrier();
    }

    private static FunctionDescriptor expectedDescriptor(CFunction f) {
        MemoryLayout[] args = f.parameterTypes().stream().map(t -> layoutOf(t, f.name())).toArray(MemoryLayout[]::new);
        return f.returnType().equals("void") ? FunctionDescriptor.ofVoid(args)
                : FunctionDescriptor.of(layoutOf(f.returnType(), f.name()), args);
    }

    /** The binding's descriptor without jextract's pointer target layouts and names: what the ABI sees. */
    private static FunctionDescriptor abiOf(FunctionDescriptor d) {
        MemoryLayout[] args = d.argumentLayouts().stream().map(HeaderBindingsTest::abiOf).toArray(MemoryLayout[]::new);
        return d.returnLayout().map(r -> FunctionDescriptor.of(abiOf(r), args)).orElseGet(() -> FunctionDescriptor.ofVoid(args));
    }

    private static MemoryLayout abiOf(MemoryLayout l) {
        MemoryLayout plain = l instanceof AddressLayout a ? a.withoutTargetLayout() : l;
        return plain.withoutName();
    }

    @Test
    void everyPrototypeHasABindingWithTheSameDescriptor() throws Exception {
        List<String> problems = new ArrayList<>();
        for (CFunction f : functions.values()) {
            Method descriptor;
            try {
                descriptor = repbench_torch_h.class.getMethod(f.name() + "$descriptor");
            } catch (NoSuchMethodException e) {
                problems.add(f.name() + ": no binding (regenerate with python3 native/bindings/generate_bindings.py)");
                continue;
            }
            FunctionDescriptor expected = expectedDescriptor(f);
            FunctionDescriptor actual = abiOf((FunctionDescriptor) descriptor.invoke(null));
            if (!expected.equals(actual)) {
                problems.add(f.name() + ": header says " + expected + ", binding has " + actual);
                continue;
            }
            // The convenience method takes and returns the matching Java carriers.
            Class<?>[] carriers = expected.argumentLayouts().stream().map(HeaderBindingsTest::carrierOf).toArray(Class<?>[]::new);
            try {
                Method call = repbench_torch_h.class.getMethod(f.name(), carriers);
                Class<?> ret = expected.returnLayout().map(HeaderBindingsTest::carrierOf).orElse((Class) void.class);
                if (!call.getReturnType().equals(ret)) {
                    problems.add(f.name() + ": returns " + call.getReturnType() + ", expected " + ret);
                }
            } catch (NoSuchMethodException e) {
                problems.add(f.name() + ": no method " + f.name() + List.of(carriers));
            }
        }
        assertTrue(problems.isEmpty(), "bindings disagree with the header:\n  " + String.join("\n  ", problems));
    }

    @Test
    void noBindingWithoutAPrototype() {
        Set<String> stale = new TreeSet<>();
        int bound = 0;
        for (Method m : repbench_torch_h.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers()) && m.getName().endsWith("$descriptor")) {
                bound++;
                String name = m.getName().substring(0, m.getName().length() - "$descriptor".length());
                if (!functions.containsKey(name)) {
                    stale.add(name);
                }
            }
        }
        assertTrue(stale.isEmpty(), "bindings for functions the header no longer declares: " + stale);
        assertEquals(functions.size(), bound, "one $descriptor per prototype");
    }

    @Test
    void everyDefineHasAnAccessorWithTheSameValue() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Long> e : defines.entrySet()) {
            try {
                Method accessor = repbench_torch_h.class.getMethod(e.getKey());
                long actual = ((Number) accessor.invoke(null)).longValue();
                if (actual != e.getValue()) {
                    problems.add(e.getKey() + " is " + e.getValue() + " in the header but " + actual + " in the bindings");
                }
            } catch (NoSuchMethodException x) {
                problems.add(e.getKey() + ": no accessor " + e.getKey() + "()");
            }
        }
        Set<String> stale = new TreeSet<>();
        for (Method m : repbench_torch_h.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && m.getName().startsWith("RB_") && m.getParameterCount() == 0
                    && !defines.containsKey(m.getName())) {
                stale.add(m.getName());
            }
        }
        if (!stale.isEmpty()) {
            problems.add("constants the header no longer defines: " + stale);
        }
        assertTrue(problems.isEmpty(), "constants disagree with the header:\n  " + String.join("\n  ", problems));
    }

    @Test
    void rbValueLayoutMatchesTheStruct() {
        List<CField> fields = structs.get("rb_value");
        GroupLayout layout = rb_value.layout();
        List<MemoryLayout> members = layout.memberLayouts().stream().filter(l -> !(l instanceof PaddingLayout)).toList();
        assertEquals(fields.stream().map(CField::name).toList(),
                members.stream().map(l -> l.name().orElse("?")).toList(), "field names and order");

        long offset = 0;
        long alignment = 1;
        for (int k = 0; k < fields.size(); k++) {
            CField field = fields.get(k);
            MemoryLayout expected = layoutOf(field.type(), "rb_value." + field.name());
            assertEquals(expected, abiOf(members.get(k)), "type of rb_value." + field.name());
            // C's natural alignment gives the offset; the Java layout must put the field there too.
            offset = (offset + expected.byteAlignment() - 1) / expected.byteAlignment() * expected.byteAlignment();
            alignment = Math.max(alignment, expected.byteAlignment());
            assertEquals(offset, layout.byteOffset(MemoryLayout.PathElement.groupElement(field.name())), "offset of rb_value." + field.name());
            offset += expected.byteSize();
        }
        long cSize = (offset + alignment - 1) / alignment * alignment;
        assertEquals(32, cSize, "sizeof(rb_value) computed from the header");
        assertEquals(32, layout.byteSize(), "rb_value.layout().byteSize()");
        assertEquals(32, rb_value.sizeof());
    }

    @Test
    void loadedShimHasTheBindingsAbi() {
        assertEquals(defines.get("RB_ABI_VERSION").intValue(), repbench_torch_h.rb_abi_version(),
                "the loaded shim was built from a different header: rebuild it");
    }
}
