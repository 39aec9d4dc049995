import com.dylibso.chicory.runtime.HostFunction
import com.dylibso.chicory.runtime.ImportValues
import com.dylibso.chicory.runtime.Instance
import com.dylibso.chicory.runtime.WasmFunctionHandle
import com.dylibso.chicory.wasm.Parser
import com.dylibso.chicory.wasm.types.ExternalType
import java.nio.charset.StandardCharsets
import java.time.Instant
import java.util.jar.JarFile

def bytes = { String path -> new File(basedir, path).bytes }

// Reproducible: two builds from clean make the same module and the same jar.
assert bytes('target/classes/seer.wasm') == bytes('target-second/classes/seer.wasm') : 'the two builds made different modules'
assert bytes('target/wasi-1.0.jar') == bytes('target-second/wasi-1.0.jar') : 'the two builds made different jars'

// The packaged module, its WASI imports stubbed: they stay imported, but reading the state back calls none.
def instantiate = { byte[] wasm ->
    def module = Parser.parse(wasm)
    def imports = module.importSection().stream().filter { it.importType() == ExternalType.FUNCTION }.map { i ->
        new HostFunction(i.module(), i.name(), module.typeSection().getType(i.typeIndex()),
                { instance, args -> throw new AssertionError("called ${i.module()}.${i.name()}") } as WasmFunctionHandle)
    }.toList()
    Instance.builder(module).withImportValues(ImportValues.builder().withFunctions(imports).build()).withStart(false).build()
}
def packaged = { String directory ->
    def jar = new JarFile(new File(basedir, "${directory}/wasi-1.0.jar"))
    try {
        instantiate(jar.getInputStream(jar.getEntry('seer.wasm')).bytes)
    } finally {
        jar.close()
    }
}
def nanos = { String instant -> def i = Instant.parse(instant); i.epochSecond * 1_000_000_000L + i.nano }
// The virtual clock advances 1 ms at every read (VirtualClock.STEP); the initializer's read is the first.
def step = 1_000_000L

def first = packaged('target')
assert first.export('clock').apply()[0] == nanos('2026-01-01T00:00:00Z') + step : 'the clock starts at project.build.outputTimestamp'
// Seed 0's first 8 bytes, as in the core's tests.
assert first.export('entropy').apply()[0] == 0xE220A8397B1DCDAFL
def pointer = (int) first.export('seen').apply()[0]
def length = (int) first.export('seen_length').apply()[0]
def seen = new String(first.memory().readBytes(pointer, length), StandardCharsets.UTF_8)
assert seen == 'GREETING=hello;WHO=the build;|hello from a mapped directory' : seen

def later = packaged('target-later')
assert later.export('clock').apply()[0] == nanos('2027-06-15T12:30:00Z') + step : 'another outputTimestamp, another clock'
assert later.export('entropy').apply()[0] == 0xE220A8397B1DCDAFL

// The initializer's stdout and stderr are in the build log, line by line, as info and warnings.
def log = new File(basedir, 'build.log').text
def name = 'src/main/wasm/seer.wasm -> target-later/classes/seer.wasm'
assert log.contains("[INFO] ${name}: stdout: the initializer says hello")
assert log.contains("[WARNING] ${name}: stderr: the initializer complains")
