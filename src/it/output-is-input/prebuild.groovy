import java.security.MessageDigest

// The sources as they are before the build, to check that the build touches none of them.
def sources = new File(basedir, 'src/main/wasm').listFiles().findAll { it.name.endsWith('.wasm') }.sort()
new File(basedir, 'sources.sha256').text = sources.collect {
    MessageDigest.getInstance('SHA-256').digest(it.bytes).encodeHex().toString() + ' ' + it.name
}.join('\n')
true
