package io.github.wasmsnapshot.core;

import com.dylibso.chicory.wasm.types.ValType;
import io.github.wasmsnapshot.core.binary.ByteReader;
import io.github.wasmsnapshot.core.binary.ByteWriter;
import io.github.wasmsnapshot.core.binary.ModuleBinary;
import io.github.wasmsnapshot.core.binary.Section;
import com.dylibso.chicory.wasm.types.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stage 5: write the output module. Memory, global, export, data and data count sections are
 * re-encoded with the snapshot; table and element sections only where initialization changed a
 * table or dropped an element segment; the start section is dropped; every other section is copied
 * byte for byte in its original order.
 */
final class Rewriter {
    private static final int PASSIVE = 0x01;
    private static final int ACTIVE_MEMORY_0 = 0x00;
    private static final int ACTIVE_EXPLICIT_MEMORY = 0x02;

    /** Element segment flags: bit 0 passive or declarative, bit 1 explicit table (active) or declarative. */
    private static final int ELEMENT_NOT_ACTIVE = 0x01;
    private static final int ELEMENT_EXPLICIT_TABLE = 0x02;
    private static final int ELEMENT_EXPRESSIONS = 0x04;
    private static final int ACTIVE_FUNCTIONS_EXPLICIT_TABLE = 0x02;
    private static final int DECLARATIVE_FUNCTIONS = 0x03;
    private static final int ACTIVE_EXPRESSIONS_EXPLICIT_TABLE = 0x06;
    private static final int DECLARATIVE_EXPRESSIONS = 0x07;
    private static final int ELEMENT_KIND_FUNCREF = 0x00;
    private static final int FUNCREF = 0x70;
    private static final int NON_NULLABLE_REFERENCE = 0x64;

    private Rewriter() {}

    static byte[] rewrite(ModuleBinary input, InitPlan plan, Snapshot snapshot) throws SnapshotException {
        byte[] bytes = input.bytes();
        Output out = new Output();
        out.add(ModuleBinary.header());
        Section lastKnown = input.sections().stream().filter(s -> !s.isCustom()).reduce((a, b) -> b).orElse(null);
        boolean hasData = input.section(Section.DATA).isPresent();
        boolean elementsChanged = !snapshot.changedTables().isEmpty() || !snapshot.droppedElementSegments().isEmpty()
                || !snapshot.functionsToDeclare().isEmpty();
        boolean elementsToAdd = input.section(Section.ELEMENT).isEmpty()
                && (!snapshot.elementSegments().isEmpty() || !snapshot.functionsToDeclare().isEmpty());
        for (Section section : input.sections()) {
            // An element section made from nothing goes where the binary format puts it: before these.
            if (elementsToAdd && (section.id() == Section.DATA_COUNT || section.id() == Section.CODE)) {
                out.section(Section.ELEMENT, elements(bytes, null, snapshot));
                elementsToAdd = false;
            }
            switch (section.id()) {
                case Section.TABLE -> tables(out, input, section, snapshot.changedTables());
                case Section.ELEMENT -> {
                    if (elementsChanged) {
                        out.section(Section.ELEMENT, elements(bytes, section, snapshot));
                    } else {
                        out.add(bytes, section.start(), section.end() - section.start());
                    }
                }
                case Section.MEMORY -> out.section(Section.MEMORY, memories(bytes, section, snapshot.memoryPages()));
                case Section.GLOBAL -> out.section(Section.GLOBAL, globals(bytes, section, snapshot.globals()));
                case Section.EXPORT -> out.section(Section.EXPORT, exports(bytes, section, plan));
                case Section.START -> { }
                case Section.DATA_COUNT -> out.section(Section.DATA_COUNT, new ByteWriter()
                        .u32(section.payload(bytes).u32() + snapshot.dataSegments().size()).toByteArray());
                case Section.DATA -> data(out, bytes, section, snapshot);
                default -> out.add(bytes, section.start(), section.end() - section.start());
            }
            // A data section made from nothing (even an empty one, as wizer writes) goes right
            // after the last known section, so before the custom sections (`name` first) after it.
            if (section == lastKnown && !hasData) {
                data(out, bytes, null, snapshot);
            }
        }
        return out.toByteArray();
    }

    private static byte[] memories(byte[] bytes, Section section, int[] pages) throws SnapshotException {
        ByteReader in = section.payload(bytes);
        int count = in.u32();
        ByteWriter out = new ByteWriter().u32(count);
        for (int i = 0; i < count; i++) {
            int flags = in.u8();
            boolean memory64 = (flags & 0x04) != 0;
            out.u8(flags);
            if (memory64) {
                in.u64();
            } else {
                in.u32();
            }
            out.unsignedLeb(pages[i]);
            int rest = in.position();
            if ((flags & 0x01) != 0) {
                in.u64();
            }
            if ((flags & 0x08) != 0) {
                in.u32();
            }
            out.bytes(bytes, rest, in.position() - rest);
        }
        return out.toByteArray();
    }

    /** Copied unless a changed table's size differs from its minimum; then only that minimum is re-encoded. */
    private static void tables(Output out, ModuleBinary input, Section section, List<Snapshot.ChangedTable> changed)
            throws SnapshotException {
        byte[] bytes = input.bytes();
        List<TableType> types = TableType.readAll(input);
        Map<Integer, Integer> sizes = new HashMap<>();
        changed.stream().filter(t -> t.size() != types.get(t.index()).min())
                .forEach(t -> sizes.put(t.index(), t.size()));
        if (sizes.isEmpty()) {
            out.add(bytes, section.start(), section.end() - section.start());
            return;
        }
        ByteWriter payload = new ByteWriter(section.end() - section.payloadStart());
        int copied = section.payloadStart();
        for (int t = 0; t < types.size(); t++) {
            TableType type = types.get(t);
            if (sizes.containsKey(t)) {
                payload.bytes(bytes, copied, type.minStart() - copied).unsignedLeb(sizes.get(t));
                copied = type.minEnd();
            }
        }
        payload.bytes(bytes, copied, section.end() - copied);
        out.section(Section.TABLE, payload.toByteArray());
    }

    /**
     * The input's segments in order, each copied unless its contents no longer apply: an active
     * segment of a changed table, and a passive one that was dropped, become declarative segments
     * with the same items. At run time a declarative segment is one that is dropped (so
     * {@code table.init} from it traps unless it copies nothing), and its functions stay declared
     * for {@code ref.func}. Then the snapshot's segments, which rebuild the changed tables, and a
     * declarative one for the functions that mutable globals' initializers no longer declare.
     */
    private static byte[] elements(byte[] bytes, Section section, Snapshot snapshot) throws SnapshotException {
        Set<Integer> changedTables = new HashSet<>();
        snapshot.changedTables().forEach(t -> changedTables.add(t.index()));
        Set<Integer> dropped = new HashSet<>(snapshot.droppedElementSegments());
        ByteReader in = section == null ? null : section.payload(bytes);
        int count = in == null ? 0 : in.u32();
        List<Integer> declare = snapshot.functionsToDeclare();
        ByteWriter out = new ByteWriter().u32(count + snapshot.elementSegments().size() + (declare.isEmpty() ? 0 : 1));
        for (int i = 0; i < count; i++) {
            int start = in.position();
            int flags = in.u32();
            boolean active = (flags & ELEMENT_NOT_ACTIVE) == 0;
            boolean expressions = (flags & ELEMENT_EXPRESSIONS) != 0;
            int table = active && (flags & ELEMENT_EXPLICIT_TABLE) != 0 ? in.u32() : 0;
            if (active) {
                ConstantExpression.skip(in);
            }
            int typeStart = in.position();
            boolean explicitType = !active || (flags & ELEMENT_EXPLICIT_TABLE) != 0;
            if (explicitType && expressions) {
                skipReferenceType(in);
            } else if (explicitType) {
                in.u8();
            }
            int itemsStart = in.position();
            int items = in.u32();
            for (int item = 0; item < items; item++) {
                if (expressions) {
                    ConstantExpression.skip(in);
                } else {
                    in.u32();
                }
            }
            boolean passive = (flags & ~ELEMENT_EXPRESSIONS) == ELEMENT_NOT_ACTIVE;
            if (active ? !changedTables.contains(table) : !(passive && dropped.contains(i))) {
                out.bytes(bytes, start, in.position() - start);
                continue;
            }
            out.u32(expressions ? DECLARATIVE_EXPRESSIONS : DECLARATIVE_FUNCTIONS);
            if (explicitType) {
                out.bytes(bytes, typeStart, itemsStart - typeStart);
            } else {
                out.u8(expressions ? FUNCREF : ELEMENT_KIND_FUNCREF);
            }
            out.bytes(bytes, itemsStart, in.position() - itemsStart);
        }
        for (Snapshot.ElementSegment segment : snapshot.elementSegments()) {
            writeSegment(out, segment);
        }
        if (!declare.isEmpty()) {
            out.u32(DECLARATIVE_FUNCTIONS).u8(ELEMENT_KIND_FUNCREF).u32(declare.size());
            declare.forEach(out::u32);
        }
        return out.toByteArray();
    }

    /** Function indices where they can be (a funcref table, no null), else expressions. */
    private static void writeSegment(ByteWriter out, Snapshot.ElementSegment segment) {
        int[] references = segment.references();
        boolean functions = segment.type().equals(ValType.FuncRef)
                && Arrays.stream(references).noneMatch(r -> r == Value.REF_NULL_VALUE);
        out.u32(functions ? ACTIVE_FUNCTIONS_EXPLICIT_TABLE : ACTIVE_EXPRESSIONS_EXPLICIT_TABLE)
                .u32(segment.tableIndex());
        ConstantExpression.writeI32(out, segment.offset());
        if (functions) {
            out.u8(ELEMENT_KIND_FUNCREF).u32(references.length);
            Arrays.stream(references).forEach(out::u32);
        } else {
            writeReferenceType(out, segment.type());
            out.u32(references.length);
            Arrays.stream(references).forEach(r -> ConstantExpression.writeReference(out, segment.type(), r));
        }
    }

    private static void skipReferenceType(ByteReader in) throws SnapshotException {
        int type = in.u8();
        if (type == ValType.ID.Ref || type == ValType.ID.RefNull) {
            in.skipSignedLeb(5);
        }
    }

    /** An abstract heap type's reference type: the one-byte shorthand when nullable. */
    private static void writeReferenceType(ByteWriter out, ValType type) {
        if (!type.isNullable()) {
            out.u8(NON_NULLABLE_REFERENCE);
        }
        out.signedLeb(type.typeIdx());
    }

    private static byte[] globals(byte[] bytes, Section section, List<Snapshot.GlobalValue> values)
            throws SnapshotException {
        Map<Integer, Snapshot.GlobalValue> byIndex = new HashMap<>();
        values.forEach(v -> byIndex.put(v.index(), v));
        ByteReader in = section.payload(bytes);
        int count = in.u32();
        ByteWriter out = new ByteWriter(section.end() - section.payloadStart()).u32(count);
        for (int i = 0; i < count; i++) {
            int typeStart = in.position();
            int valueType = in.u8();
            if (valueType == ValType.ID.Ref || valueType == ValType.ID.RefNull) {
                in.skipSignedLeb(5);
            }
            in.u8(); // mutability
            out.bytes(bytes, typeStart, in.position() - typeStart);
            int exprStart = in.position();
            ConstantExpression.skip(in);
            Snapshot.GlobalValue value = byIndex.get(i);
            if (value == null) {
                out.bytes(bytes, exprStart, in.position() - exprStart);
            } else {
                ConstantExpression.write(out, value);
            }
        }
        return out.toByteArray();
    }

    private static byte[] exports(byte[] bytes, Section section, InitPlan plan) throws SnapshotException {
        Map<String, String> renamed = new HashMap<>();
        plan.renames().forEach(r -> renamed.put(r.src(), r.dst()));
        ByteReader in = section.payload(bytes);
        int count = in.u32();
        List<byte[]> kept = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = in.name();
            int kindStart = in.position();
            in.u8();
            in.u32();
            // As wizer does, `_initialize` goes even when it is the init function and that is kept.
            boolean dropped = name.equals(InitPlan.REACTOR_INITIALIZE)
                    || (name.equals(plan.initFunction()) && !plan.keepInitFunction())
                    // a rename's destination replaces the export that had that name
                    || (renamed.containsValue(name) && !renamed.containsKey(name));
            if (!dropped) {
                kept.add(new ByteWriter().name(renamed.getOrDefault(name, name))
                        .bytes(bytes, kindStart, in.position() - kindStart).toByteArray());
            }
        }
        ByteWriter out = new ByteWriter(section.end() - section.payloadStart()).u32(kept.size());
        kept.forEach(out::bytes);
        return out.toByteArray();
    }

    /**
     * The input's active segments, and passive ones that were dropped, become empty passive ones, so
     * data indices stay valid and {@code memory.init} from them traps unless it copies nothing; then
     * the snapshot's.
     */
    private static void data(Output out, byte[] bytes, Section section, Snapshot snapshot) throws SnapshotException {
        ByteWriter head = new ByteWriter();
        int count = section == null ? 0 : section.payload(bytes).u32();
        head.u32(count + snapshot.dataSegments().size());
        if (section != null) {
            ByteReader in = section.payload(bytes);
            in.u32();
            for (int i = 0; i < count; i++) {
                int segmentStart = in.position();
                int kind = in.u32();
                if (kind == ACTIVE_EXPLICIT_MEMORY) {
                    in.u32();
                }
                if (kind != PASSIVE) {
                    ConstantExpression.skip(in);
                }
                in.byteVector();
                if (kind == PASSIVE && !snapshot.droppedDataSegments().contains(i)) {
                    head.bytes(bytes, segmentStart, in.position() - segmentStart);
                } else {
                    head.u32(PASSIVE).u32(0);
                }
            }
        }
        Output body = new Output();
        body.add(head.toByteArray());
        for (Snapshot.DataSegment segment : snapshot.dataSegments()) {
            ByteWriter segmentHead = new ByteWriter(16);
            if (segment.memoryIndex() == 0) {
                segmentHead.u32(ACTIVE_MEMORY_0);
            } else {
                segmentHead.u32(ACTIVE_EXPLICIT_MEMORY).u32(segment.memoryIndex());
            }
            ConstantExpression.writeI32(segmentHead, (int) segment.offset());
            segmentHead.u32(segment.length());
            body.add(segmentHead.toByteArray());
            segment.slices(body::add);
        }
        if (body.size > Integer.MAX_VALUE - 64) {
            throw new SnapshotException("the snapshot's data section would be " + body.size + " bytes, over 2 GiB");
        }
        out.add(new ByteWriter(8).u8(Section.DATA).u32(body.size).toByteArray());
        out.add(body);
    }

    /**
     * The output as a list of byte ranges (snapshot data still in the memory's pages), joined once at
     * the end so that large data is copied once.
     */
    private static final class Output {
        private record Piece(byte[] array, int offset, int length) {}

        private final List<Piece> pieces = new ArrayList<>();
        private long size;

        void add(byte[] array) {
            add(array, 0, array.length);
        }

        void add(byte[] array, int offset, int length) {
            pieces.add(new Piece(array, offset, length));
            size += length;
        }

        void add(Output other) {
            pieces.addAll(other.pieces);
            size += other.size;
        }

        void section(int id, byte[] payload) {
            add(new ByteWriter(8).u8(id).u32(payload.length).toByteArray());
            add(payload);
        }

        byte[] toByteArray() throws SnapshotException {
            if (size > Integer.MAX_VALUE - 8) {
                throw new SnapshotException("the output module would be " + size + " bytes, over 2 GiB");
            }
            byte[] result = new byte[(int) size];
            int position = 0;
            for (Piece piece : pieces) {
                System.arraycopy(piece.array(), piece.offset(), result, position, piece.length());
                position += piece.length();
            }
            return result;
        }
    }
}
