package io.github.wasmsnapshot.core;

import static io.github.wasmsnapshot.testing.Fixtures.initializedAtRuntime;
import static io.github.wasmsnapshot.testing.Fixtures.instantiate;
import static io.github.wasmsnapshot.testing.Fixtures.load;
import static io.github.wasmsnapshot.testing.Fixtures.outcome;
import static io.github.wasmsnapshot.testing.Fixtures.parse;
import static io.github.wasmsnapshot.testing.Fixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dylibso.chicory.wasm.types.DeclarativeElement;
import com.dylibso.chicory.wasm.types.OpCode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Mutable funcref and externref globals hold their final values as {@code ref.func N} or {@code ref.null}. */
class ReferenceGlobalsTest {
    private static byte[] input;
    private static byte[] output;

    @BeforeAll
    static void snapshotTheFixture() throws Exception {
        input = load("funcref-globals");
        output = snapshot(input);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "call_set | 20",
        "call_untouched | 30",
        "cleared_is_null | 1",
        "host_is_null | 1",
        "call_a | 10"})
    void answersAsTheOriginalDoesAfterInitialization(String calls, String expected) {
        assertEquals(expected, outcome(initializedAtRuntime(input, "wizer-initialize"), calls), "original");
        assertEquals(expected, outcome(instantiate(output), calls), "output");
    }

    @Test
    void theInitializersAreRefFuncOrRefNull() {
        var globals = parse(output).globalSection().globals();

        assertEquals(OpCode.REF_FUNC, globals[0].initInstructions().get(0).opcode());
        assertEquals(1, globals[0].initInstructions().get(0).operand(0), "$b");
        assertEquals(OpCode.REF_NULL, globals[1].initInstructions().get(0).opcode());
        assertEquals(2, globals[2].initInstructions().get(0).operand(0), "$c");
        assertEquals(OpCode.REF_NULL, globals[3].initInstructions().get(0).opcode());
    }

    /** $cleared's ref.func $a was what declared $a for call_a's ref.func $a: a declarative segment does now. */
    @Test
    void aFunctionOnlyAReplacedInitializerDeclaredIsDeclaredAgain() {
        var elements = parse(output).elementSection().elements();

        assertEquals(2, elements.length);
        DeclarativeElement declared = (DeclarativeElement) elements[1];
        assertEquals(List.of(0L), declared.initializers().stream().map(i -> i.get(0).operand(0)).toList());
    }
}
