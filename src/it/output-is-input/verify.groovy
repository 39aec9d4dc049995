import java.security.MessageDigest

def log = new File(basedir, 'build.log').text
def sources = new File(basedir, 'src/main/wasm').listFiles().findAll { it.name.endsWith('.wasm') }.sort()
assert new File(basedir, 'sources.sha256').text == sources.collect {
    MessageDigest.getInstance('SHA-256').digest(it.bytes).encodeHex().toString() + ' ' + it.name
}.join('\n') : 'no source was written, renamed or deleted'
assert !log.contains('[INFO] src/main/wasm/b-good.wasm ->') : 'refused before any module ran'
assert log.contains('wasm-snapshot: the output of src/main/wasm/a-trap.wasm, src/main/wasm/a-trap.wasm, is the input src/main/wasm/a-trap.wasm: refusing to write over a source; choose another output')
