package io.github.wasmsnapshot.core;

import com.dylibso.chicory.wasm.types.ValType;
import io.github.wasmsnapshot.core.binary.ByteReader;
import io.github.wasmsnapshot.core.binary.ByteWriter;
import io.github.wasmsnapshot.core.binary.ModuleBinary;
import io.github.wasmsnapshot.core.binary.Section;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 5: write the output module. Memory, global, export, data and data count sections are
 * re-encoded with the snapshot; the start section is dropped; every other section is copied byte
 * for byte in its original order.
 */
final class Rewriter {
    private static final int PASSIVE = 0x01;
    private static final int ACTIVE_MEMORY_0 = 0x00;
    private static final int ACTIVE_EXPLICIT_MEMORY = 0x02;

    private Rewriter() {}

    static byte[] rewrite(ModuleBinary input, InitPlan plan, Snapshot snapshot) throws SnapshotException {
        byte[] bytes = input.bytes();
        Output out = new Output();
        out.add(ModuleBinary.header());
        Section lastKnown = input.sections().stream().filter(s -> !s.isCustom()).reduce((a, b) -> b).orElse(null);
        boolean hasData = input.section(Section.DATA).isPresent();
        for (Section section : input.sections()) {
            switch (section.id()) {
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

    /** The input's active segments become empty passive ones, so data indices stay valid; then the snapshot's. */
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
                if (kind == PASSIVE) {
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
