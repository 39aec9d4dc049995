import com.dylibso.chicory.runtime.Instance
import com.dylibso.chicory.wasm.Parser
import java.util.jar.JarFile

// The jar ships the pre-initialized module at the path it had under src/main/wasm.
def jar = new JarFile(new File(basedir, 'target/basic-1.0.jar'))
def module = Parser.parse(jar.getInputStream(jar.getEntry('counter.wasm')).bytes)
jar.close()

def exports = (0..<module.exportSection().exportCount()).collect { module.exportSection().getExport(it).name() }
assert exports == ['memory', 'value'] : "the init export is gone, the others stay: $exports"
// 42 in memory and 7 in the global: only the initializer puts them there.
assert Instance.builder(module).build().export('value').apply()[0] == 49

def log = new File(basedir, 'build.log').text
assert log =~ /\[INFO\] src\/main\/wasm\/counter\.wasm -> target\/classes\/counter\.wasm: [\d,]+ -> [\d,]+ bytes, 1 memory page, 1 data segment \(1 bytes\), 1 global, \d+ ms/
