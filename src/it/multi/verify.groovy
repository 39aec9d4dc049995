import com.dylibso.chicory.runtime.Instance
import com.dylibso.chicory.wasm.Parser

def exports = { module -> (0..<module.exportSection().exportCount()).collect { module.exportSection().getExport(it).name() } }
def parse = { String path -> Parser.parse(new File(basedir, path)) }

// alpha: two modules, each with its own init function; the second with a rename and its own output path.
def first = parse('alpha/target/classes/first.wasm')
assert exports(first) == ['value']
assert Instance.builder(first).build().export('value').apply()[0] == 1

def second = parse('alpha/target/classes/renamed/second.wasm')
assert exports(second) == ['memory', 'run']
assert Instance.builder(second).build().export('run').apply()[0] == 2
assert !new File(basedir, 'alpha/target/classes/second.wasm').exists()

// beta: the defaults.
def counter = parse('beta/target/classes/counter.wasm')
assert Instance.builder(counter).build().export('value').apply()[0] == 49

def log = new File(basedir, 'build.log').text
assert log.contains('thread count of 4')
assert log.contains('[INFO] src/main/wasm/first.wasm -> target/classes/first.wasm: ')
assert log.contains('[INFO] src/main/wasm/second.wasm -> target/classes/renamed/second.wasm: ')
assert log.contains('[INFO] src/main/wasm/counter.wasm -> target/classes/counter.wasm: ')
