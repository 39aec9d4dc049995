import java.nio.file.Files

// A link back to the directory that holds it, and a second path to the same module.
def wasm = new File(basedir, 'src/main/wasm').toPath()
Files.createDirectories(wasm.resolve('nested'))
Files.createSymbolicLink(wasm.resolve('nested/loop'), wasm)
Files.createSymbolicLink(wasm.resolve('also-good.wasm'), wasm.resolve('b-good.wasm'))
true
