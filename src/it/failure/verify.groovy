import com.dylibso.chicory.runtime.Instance
import com.dylibso.chicory.wasm.Parser

def log = new File(basedir, 'build.log').text
def reason = 'src/main/wasm/a-trap.wasm: the init function `wizer-initialize` trapped: Trapped on unreachable instruction'
assert log.contains("[ERROR] ${reason}")
assert log.contains("wasm-snapshot failed: ${reason}")
assert !(log =~ /(?m)^\s+at [\w.$]+\(/) : 'no stack trace without -e'

assert !new File(basedir, 'target/classes/a-trap.wasm').exists() : 'the failed module has no output'

// The module after the failed one was still processed.
assert log.contains('[INFO] src/main/wasm/b-good.wasm -> target/classes/b-good.wasm: ')
def good = Parser.parse(new File(basedir, 'target/classes/b-good.wasm'))
assert Instance.builder(good).build().export('value').apply()[0] == 49
