import java.security.MessageDigest

def bytes = { String path -> new File(basedir, path).bytes }
def sha256 = { byte[] data -> MessageDigest.getInstance('SHA-256').digest(data).encodeHex().toString() }

def module = bytes('target/classes/nested/table.wasm')
assert module == bytes('target-second/classes/nested/table.wasm') : 'the two builds made different modules'
assert bytes('target/reproducible-1.0.jar') == bytes('target-second/reproducible-1.0.jar') : 'the two builds made different jars'

// Pinned: any change of the output bytes shows here. wizer 11.0.3 makes the same bytes from this input.
assert sha256(module) == 'a244b80f6d2ee49c46341720d3c577584c2657a1dcc1868561a5e720a77891f5' : "the module's SHA-256 is now ${sha256(module)}"

// The provenance report: the same bytes from both builds, no time, no absolute path, and installed beside the jar.
// (The second build's output path names its other build directory, and only that differs.)
def report = bytes('target/wasm-snapshot/default.json')
def text = new String(report, 'UTF-8')
def second = bytes('target-second/wasm-snapshot/default.json')
assert new String(second, 'UTF-8').replace('"target-second/', '"target/') == text : 'the two builds made different reports'
assert text.contains('"input": {"path": "src/main/wasm/nested/table.wasm", "sha256": "')
assert text.contains('"output": {"path": "target/classes/nested/table.wasm", "sha256": "' + sha256(module) + '"}')
assert !text.contains(basedir.path) : 'no absolute path'
def installed = new File(localRepositoryPath, 'io/github/wasmsnapshot/it/reproducible/1.0/reproducible-1.0-wasm-snapshot-report.json')
assert installed.bytes == second : 'install publishes the report'
