import com.dylibso.chicory.runtime.Instance
import com.dylibso.chicory.wasm.Parser

def log = new File(basedir, 'build.log').text
// The one line names the module and says which setting to raise.
assert log =~ /(?m)^\[ERROR\] src\/main\/wasm\/a-big\.wasm: ran out of Java heap .*MAVEN_OPTS=-Xmx4g for Maven$/
assert !(log =~ /(?m)^\s+at [\w.$]+\(/) : 'no stack trace without -e'
assert !new File(basedir, 'target/classes/a-big.wasm').exists() : 'the failed module has no output'

// The other module was still processed, and its fingerprint saved.
assert log.contains('[INFO] src/main/wasm/b-good.wasm -> target/classes/b-good.wasm: ')
def good = Parser.parse(new File(basedir, 'target/classes/b-good.wasm'))
assert Instance.builder(good).build().export('value').apply()[0] == 49
def fingerprints = new File(basedir, "target/wasm-snapshot/default.state").readLines()
assert fingerprints.size() == 1 && fingerprints[0].contains("/target/classes/b-good.wasm\t") : fingerprints
