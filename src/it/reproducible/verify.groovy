import java.security.MessageDigest

def bytes = { String path -> new File(basedir, path).bytes }
def sha256 = { byte[] data -> MessageDigest.getInstance('SHA-256').digest(data).encodeHex().toString() }

def module = bytes('target/classes/nested/table.wasm')
assert module == bytes('target-second/classes/nested/table.wasm') : 'the two builds made different modules'
assert bytes('target/reproducible-1.0.jar') == bytes('target-second/reproducible-1.0.jar') : 'the two builds made different jars'

// Pinned: any change of the output bytes shows here. wizer 11.0.3 makes the same bytes from this input.
assert sha256(module) == 'a244b80f6d2ee49c46341720d3c577584c2657a1dcc1868561a5e720a77891f5' : "the module's SHA-256 is now ${sha256(module)}"
