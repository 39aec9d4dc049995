package io.github.wasmsnapshot.core;

import static com.dylibso.chicory.runtime.ConstantEvaluators.computeConstantValue;
import static com.dylibso.chicory.wasm.types.Value.REF_NULL_VALUE;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.types.ActiveElement;
import com.dylibso.chicory.wasm.types.Element;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the defined tables whose final size or entries differ from what instantiating the input
 * gives (its minimum size filled with the table's initial value, then its active element segments),
 * and cuts each into segments of the entries that differ from its initial value. Function
 * references are indices into the module's function space; externref tables must hold only null.
 */
final class TableScanner {
    record Changes(List<Snapshot.ChangedTable> tables, List<Snapshot.ElementSegment> segments) {}

    private TableScanner() {}

    static Changes scan(ParsedModule parsed, Instance instance) throws SnapshotException {
        List<TableType> types = TableType.readAll(parsed.binary());
        Element[] elements = parsed.module().elementSection().elements();
        List<Snapshot.ChangedTable> tables = new ArrayList<>();
        List<Snapshot.ElementSegment> segments = new ArrayList<>();
        for (int t = 0; t < types.size(); t++) {
            // imported tables are refused, so defined table t is table t of the instance
            TableInstance table = instance.table(t);
            int initial = (int) computeConstantValue(instance,
                    parsed.module().tableSection().getTable(t).initialize())[0];
            int[] entries = new int[table.size()];
            Arrays.setAll(entries, table::ref);
            if (Arrays.equals(entries, instantiated(instance, elements, t, types.get(t).min(), initial))) {
                continue;
            }
            checkEncodable(t, table.elementType(), entries);
            tables.add(new Snapshot.ChangedTable(t, entries.length));
            for (int start = 0; start < entries.length; start++) {
                if (entries[start] != initial) {
                    int end = start + 1;
                    while (end < entries.length && entries[end] != initial) {
                        end++;
                    }
                    segments.add(new Snapshot.ElementSegment(t, table.elementType(), start,
                            Arrays.copyOfRange(entries, start, end)));
                    start = end;
                }
            }
        }
        return new Changes(tables, segments);
    }

    /**
     * Table {@code t} as the input's instantiation leaves it. Offsets and items are constant
     * expressions over immutable globals and function indices, so they evaluate now as they did then.
     */
    private static int[] instantiated(Instance instance, Element[] elements, int t, long min, int initial) {
        int[] entries = new int[(int) min];
        Arrays.fill(entries, initial);
        for (Element element : elements) {
            if (element instanceof ActiveElement active && active.tableIndex() == t) {
                int offset = (int) computeConstantValue(instance, active.offset())[0];
                for (int i = 0; i < active.elementCount(); i++) {
                    entries[offset + i] = (int) computeConstantValue(instance, active.initializers().get(i))[0];
                }
            }
        }
        return entries;
    }

    private static void checkEncodable(int t, ValType type, int[] entries) throws SnapshotException {
        if (type.typeIdx() == ValType.TypeIdxCode.FUNC.code()) {
            return;
        }
        if (type.typeIdx() != ValType.TypeIdxCode.EXTERN.code()) {
            throw new SnapshotException("table " + t + " of type " + ModuleChecker.referenceTypeName(type)
                    + " was changed during initialization: only funcref and externref tables can be snapshotted");
        }
        for (int i = 0; i < entries.length; i++) {
            if (entries[i] != REF_NULL_VALUE) {
                throw new SnapshotException("table " + t + " (externref) is not null at index " + i
                        + " after initialization: only null externrefs can be snapshotted");
            }
        }
    }
}
