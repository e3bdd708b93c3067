package dev.repbench.torch.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small, safe pickle virtual machine: it runs the opcodes Python emits for data (protocols 0 to 5, as far as
 * checkpoints use them) and leaves every global, call and persistent id to a {@link PickleClasses}, so reading a
 * pickle never runs code.
 *
 * <p>Python values become: {@code None} → {@code null}, bool → {@link Boolean}, int → {@link Long} (or
 * {@link BigInteger} beyond 64 bits), float → {@link Double}, str → {@link String}, bytes → {@code byte[]},
 * list → {@link ArrayList}, tuple → an unmodifiable {@link List}, dict → {@link LinkedHashMap} (insertion order
 * kept), set → {@link LinkedHashSet}.
 */
final class Unpickler {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64_BIG = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** The longest decimal line (PERSID, INT, GET...) worth reading; real ones are a few characters. */
    private static final int MAX_LINE = 1 << 16;
    private static final int HIGHEST_PROTOCOL = 5;

    private final MemorySegment data;
    private final String source;
    private final PickleClasses classes;
    private long position;

    private final List<Object> stack = new ArrayList<>();
    private final Deque<Integer> marks = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();

    /**
     * @param data     the bytes; the pickle starts at {@code start}
     * @param source   what the bytes are, for error messages (e.g. "checkpoint /x.pt, entry archive/data.pkl")
     */
    Unpickler(MemorySegment data, long start, String source, PickleClasses classes) {
        this.data = data;
        this.position = start;
        this.source = source;
        this.classes = classes;
    }

    /** Where the next pickle (if any) starts, once {@link #load()} returned. */
    long position() {
        return position;
    }

    /** Runs the pickle to its STOP opcode and returns its value. */
    Object load() {
        stack.clear();
        marks.clear();
        memo.clear();
        while (true) {
            long offset = position;
            int opcode = u8();
            switch (opcode) {
                case 0x80 -> { // PROTO
                    int protocol = u8();
                    if (protocol > HIGHEST_PROTOCOL) {
                        throw failure("pickle protocol " + protocol + " is newer than any Python writes (at most "
                                + HIGHEST_PROTOCOL + "); the file is probably not a pickle", offset);
                    }
                }
                case 0x95 -> length(8, offset); // FRAME: a hint for buffered readers; the opcodes follow as usual
                case '.' -> { // STOP
                    return pop(offset);
                }
                case '(' -> marks.push(stack.size()); // MARK
                case '0' -> pop(offset); // POP
                case '1' -> popMark(offset); // POP_MARK
                case '2' -> push(peek(offset)); // DUP

                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE); // NEWTRUE
                case 0x89 -> push(Boolean.FALSE); // NEWFALSE
                case 'K' -> push((long) u8()); // BININT1
                case 'M' -> push((long) Short.toUnsignedInt(read(U16, 2))); // BININT2
                case 'J' -> push((long) read(I32, 4)); // BININT
                case 0x8a -> push(littleEndianInteger(u8(), offset)); // LONG1
                case 0x8b -> push(littleEndianInteger(length(4, offset), offset)); // LONG4
                case 'I' -> push(textInteger(line(offset), offset)); // INT (protocol 0; "01"/"00" are True/False)
                case 'L' -> push(textLong(line(offset), offset)); // LONG (protocol 0)
                case 'G' -> push(read(F64_BIG, 8)); // BINFLOAT: big-endian, unlike everything else
                case 'F' -> push(textFloat(line(offset), offset)); // FLOAT (protocol 0)

                case 'X' -> push(utf8(length(4, offset), offset)); // BINUNICODE
                case 0x8c -> push(utf8(u8(), offset)); // SHORT_BINUNICODE
                case 0x8d -> push(utf8(length(8, offset), offset)); // BINUNICODE8
                case 'T' -> push(python2String(length(4, offset), offset)); // BINSTRING
                case 'U' -> push(python2String(u8(), offset)); // SHORT_BINSTRING
                case 'B' -> push(bytes(length(4, offset), offset)); // BINBYTES
                case 'C' -> push(bytes(u8(), offset)); // SHORT_BINBYTES
                case 0x8e -> push(bytes(length(8, offset), offset)); // BINBYTES8

                case ')' -> push(tuple(List.of())); // EMPTY_TUPLE
                case 't' -> push(tuple(popMark(offset))); // TUPLE
                case 0x85 -> push(tuple(popItems(1, offset))); // TUPLE1
                case 0x86 -> push(tuple(popItems(2, offset))); // TUPLE2
                case 0x87 -> push(tuple(popItems(3, offset))); // TUPLE3
                case ']' -> push(new ArrayList<>()); // EMPTY_LIST
                case 'l' -> push(new ArrayList<>(popMark(offset))); // LIST
                case 'a' -> append(popItems(1, offset), offset); // APPEND
                case 'e' -> append(popMark(offset), offset); // APPENDS
                case '}' -> push(new LinkedHashMap<>()); // EMPTY_DICT
                case 'd' -> { // DICT
                    Map<Object, Object> dict = new LinkedHashMap<>();
                    putPairs(dict, popMark(offset), offset);
                    push(dict);
                }
                case 's' -> setItems(popItems(2, offset), offset); // SETITEM
                case 'u' -> setItems(popMark(offset), offset); // SETITEMS
                case 0x8f -> push(new LinkedHashSet<>()); // EMPTY_SET
                case 0x90 -> addToSet(popMark(offset), offset); // ADDITEMS
                case 0x91 -> push(Collections.unmodifiableSet(new LinkedHashSet<>(popMark(offset)))); // FROZENSET

                case 'q' -> memo.put((long) u8(), peek(offset)); // BINPUT
                case 'r' -> memo.put(Integer.toUnsignedLong(read(I32, 4)), peek(offset)); // LONG_BINPUT
                case 'p' -> memo.put(memoIndex(line(offset), offset), peek(offset)); // PUT (protocol 0)
                case 0x94 -> memo.put((long) memo.size(), peek(offset)); // MEMOIZE
                case 'h' -> push(recall(u8(), offset)); // BINGET
                case 'j' -> push(recall(Integer.toUnsignedLong(read(I32, 4)), offset)); // LONG_BINGET
                case 'g' -> push(recall(memoIndex(line(offset), offset), offset)); // GET (protocol 0)

                case 'c' -> { // GLOBAL
                    String module = line(offset);
                    push(classes.global(module, line(offset), offset));
                }
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop(offset);
                    Object module = pop(offset);
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw failure("STACK_GLOBAL needs two strings on the stack", offset);
                    }
                    push(classes.global(m, n, offset));
                }
                case 'R' -> { // REDUCE
                    List<Object> args = arguments(pop(offset), "REDUCE", offset);
                    push(classes.call(pop(offset), args, offset));
                }
                case 0x81 -> { // NEWOBJ
                    List<Object> args = arguments(pop(offset), "NEWOBJ", offset);
                    push(classes.newObject(pop(offset), args, offset));
                }
                case 0x92 -> { // NEWOBJ_EX: keyword arguments only matter to __new__, which is never run here
                    pop(offset);
                    List<Object> args = arguments(pop(offset), "NEWOBJ_EX", offset);
                    push(classes.newObject(pop(offset), args, offset));
                }
                case 'b' -> { // BUILD
                    Object state = pop(offset);
                    Object object = pop(offset);
                    push(classes.build(object, state, offset));
                }
                case 'Q' -> push(classes.persistent(pop(offset), offset)); // BINPERSID
                case 'P' -> push(classes.persistent(line(offset), offset)); // PERSID
                default -> throw failure(isKnownOpcode(opcode)
                        ? "unsupported pickle opcode " + opcodeName(opcode) + " (0x" + Integer.toHexString(opcode)
                                + "); checkpoints written by torch.save do not use it"
                        : "byte 0x" + Integer.toHexString(opcode) + " is not a pickle opcode: the file is damaged or"
                                + " not a pickle", offset);
            }
        }
    }

    // ------------------------------------------------------------------ the stack

    private void push(Object value) {
        stack.add(value);
    }

    private Object pop(long offset) {
        if (stack.size() <= (marks.isEmpty() ? 0 : marks.peek())) {
            throw failure("the pickle pops from an empty stack", offset);
        }
        return stack.removeLast();
    }

    private Object peek(long offset) {
        if (stack.isEmpty()) {
            throw failure("the pickle reads from an empty stack", offset);
        }
        return stack.getLast();
    }

    private List<Object> popItems(int count, long offset) {
        int floor = marks.isEmpty() ? 0 : marks.peek();
        if (stack.size() - floor < count) {
            throw failure("the pickle needs " + count + " values on the stack", offset);
        }
        List<Object> top = stack.subList(stack.size() - count, stack.size());
        List<Object> items = new ArrayList<>(top);
        top.clear();
        return items;
    }

    private List<Object> popMark(long offset) {
        if (marks.isEmpty()) {
            throw failure("the pickle closes a MARK it never opened", offset);
        }
        List<Object> top = stack.subList(marks.pop(), stack.size());
        List<Object> items = new ArrayList<>(top);
        top.clear();
        return items;
    }

    private Object recall(long index, long offset) {
        if (!memo.containsKey(index)) {
            throw failure("the pickle recalls memo entry " + index + ", which it never stored", offset);
        }
        return memo.get(index);
    }

    private static List<Object> tuple(List<Object> items) {
        return Collections.unmodifiableList(new ArrayList<>(items));
    }

    private List<Object> arguments(Object value, String opcode, long offset) {
        if (value instanceof List<?> list) {
            return Collections.unmodifiableList(new ArrayList<>(list));
        }
        throw failure(opcode + " needs a tuple of arguments", offset);
    }

    private void append(List<Object> items, long offset) {
        switch (peek(offset)) {
            case ArrayList<?> list -> {
                @SuppressWarnings("unchecked")
                List<Object> target = (List<Object>) list;
                target.addAll(items);
            }
            case PickledObject object -> object.listItems().addAll(items);
            default -> throw failure("APPEND to something that is not a list", offset);
        }
    }

    private void setItems(List<Object> pairs, long offset) {
        switch (peek(offset)) {
            case LinkedHashMap<?, ?> map -> {
                @SuppressWarnings("unchecked")
                Map<Object, Object> target = (Map<Object, Object>) map;
                putPairs(target, pairs, offset);
            }
            case PickledObject object -> putPairs(object.dictItems(), pairs, offset);
            default -> throw failure("SETITEM on something that is not a dict", offset);
        }
    }

    private void putPairs(Map<Object, Object> target, List<Object> pairs, long offset) {
        if (pairs.size() % 2 != 0) {
            throw failure("a dict needs key-value pairs, got an odd number of items", offset);
        }
        for (int k = 0; k < pairs.size(); k += 2) {
            target.put(pairs.get(k), pairs.get(k + 1));
        }
    }

    private void addToSet(List<Object> items, long offset) {
        if (!(peek(offset) instanceof LinkedHashSet<?> set)) {
            throw failure("ADDITEMS on something that is not a set", offset);
        }
        @SuppressWarnings("unchecked")
        Set<Object> target = (Set<Object>) set;
        target.addAll(items);
    }

    // ------------------------------------------------------------------ reading bytes

    private void need(long count, long offset) {
        if (count < 0 || count > data.byteSize() - position) {
            throw failure("the data ends in the middle of a pickle (" + count + " more bytes needed, "
                    + (data.byteSize() - position) + " left): the file is truncated; re-download or re-save it", offset);
        }
    }

    private int u8() {
        need(1, position);
        return Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, position++));
    }

    private short read(ValueLayout.OfShort layout, int size) {
        need(size, position);
        short value = data.get(layout, position);
        position += size;
        return value;
    }

    private int read(ValueLayout.OfInt layout, int size) {
        need(size, position);
        int value = data.get(layout, position);
        position += size;
        return value;
    }

    private long read(ValueLayout.OfLong layout, int size) {
        need(size, position);
        long value = data.get(layout, position);
        position += size;
        return value;
    }

    private double read(ValueLayout.OfDouble layout, int size) {
        need(size, position);
        double value = data.get(layout, position);
        position += size;
        return value;
    }

    /** A length field of 4 or 8 bytes, checked against what is left. */
    private int length(int width, long offset) {
        long length = width == 4 ? Integer.toUnsignedLong(read(I32, 4)) : read(I64, 8);
        need(length, offset);
        if (length > Integer.MAX_VALUE - 8) {
            throw failure("a pickled value of " + length + " bytes is too large to read", offset);
        }
        return (int) length;
    }

    private byte[] bytes(int count, long offset) {
        need(count, offset);
        byte[] out = data.asSlice(position, count).toArray(ValueLayout.JAVA_BYTE);
        position += count;
        return out;
    }

    private String utf8(int count, long offset) {
        return new String(bytes(count, offset), StandardCharsets.UTF_8);
    }

    /** Python 2's str: torch.load decodes it as UTF-8; bytes that are not UTF-8 are read as Latin-1. */
    private String python2String(int count, long offset) {
        byte[] raw = bytes(count, offset);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return new String(raw, StandardCharsets.ISO_8859_1);
        }
    }

    /** A newline-terminated ASCII line (protocol 0 arguments and GLOBAL names). */
    private String line(long offset) {
        long limit = Math.min(data.byteSize(), position + MAX_LINE);
        for (long end = position; end < limit; end++) {
            if (data.get(ValueLayout.JAVA_BYTE, end) == '\n') {
                String text = new String(data.asSlice(position, end - position).toArray(ValueLayout.JAVA_BYTE),
                        StandardCharsets.UTF_8);
                position = end + 1;
                return text;
            }
        }
        if (limit == data.byteSize()) {
            throw failure("the data ends in the middle of a pickle (a text argument has no end of line): the file is"
                    + " truncated; re-download or re-save it", offset);
        }
        throw failure("a text argument of the pickle has no end of line: the file is damaged", offset);
    }

    /** Two's complement, little-endian, as LONG1/LONG4 store it. */
    private Object littleEndianInteger(int count, long offset) {
        byte[] little = bytes(count, offset);
        if (count == 0) {
            return 0L;
        }
        byte[] big = new byte[count];
        for (int k = 0; k < count; k++) {
            big[k] = little[count - 1 - k];
        }
        BigInteger value = new BigInteger(big);
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    private Object textInteger(String text, long offset) {
        return switch (text) {
            case "01" -> Boolean.TRUE;
            case "00" -> Boolean.FALSE;
            default -> textLong(text, offset);
        };
    }

    private Object textLong(String text, long offset) {
        String digits = text.endsWith("L") ? text.substring(0, text.length() - 1) : text;
        try {
            BigInteger value = new BigInteger(digits.strip());
            return value.bitLength() < 64 ? (Object) value.longValue() : value;
        } catch (NumberFormatException e) {
            throw failure("'" + text + "' is not an integer", offset);
        }
    }

    private double textFloat(String text, long offset) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw failure("'" + text + "' is not a float", offset);
        }
    }

    private long memoIndex(String text, long offset) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw failure("'" + text + "' is not a memo index", offset);
        }
    }

    private CheckpointException failure(String what, long offset) {
        return new CheckpointException(source + ": " + what + " (at byte " + offset + ")");
    }

    // ------------------------------------------------------------------ opcode names, for errors

    private static final String[] NAMES = new String[256];

    static {
        String table = "(MARK .STOP 0POP 1POP_MARK 2DUP FFLOAT IINT JBININT KBININT1 LLONG MBININT2 NNONE PPERSID"
                + " QBINPERSID RREDUCE SSTRING TBINSTRING USHORT_BINSTRING VUNICODE XBINUNICODE aAPPEND bBUILD"
                + " cGLOBAL dDICT }EMPTY_DICT eAPPENDS gGET hBINGET iINST jLONG_BINGET lLIST ]EMPTY_LIST oOBJ pPUT"
                + " qBINPUT rLONG_BINPUT sSETITEM tTUPLE )EMPTY_TUPLE uSETITEMS GBINFLOAT BBINBYTES CSHORT_BINBYTES";
        for (String entry : table.split(" ")) {
            NAMES[entry.charAt(0)] = entry.substring(1);
        }
        String[] high = {"PROTO", "NEWOBJ", "EXT1", "EXT2", "EXT4", "TUPLE1", "TUPLE2", "TUPLE3", "NEWTRUE",
                "NEWFALSE", "LONG1", "LONG4", "SHORT_BINUNICODE", "BINUNICODE8", "BINBYTES8", "EMPTY_SET", "ADDITEMS",
                "FROZENSET", "NEWOBJ_EX", "STACK_GLOBAL", "MEMOIZE", "FRAME", "BYTEARRAY8", "NEXT_BUFFER",
                "READONLY_BUFFER"};
        for (int k = 0; k < high.length; k++) {
            NAMES[0x80 + k] = high[k];
        }
    }

    private static boolean isKnownOpcode(int opcode) {
        return NAMES[opcode] != null;
    }

    private static String opcodeName(int opcode) {
        return NAMES[opcode];
    }
}
