import java.util.jar.JarFile

// The loop is not followed, the module reached by several paths is built once, and the jar holds it once.
def log = new File(basedir, 'build.log').text
assert log.contains('[WARNING] Not following src/main/wasm/nested/loop: a symbolic link to a directory that contains it')
assert log.count('[INFO] src/main/wasm/b-good.wasm -> target/classes/b-good.wasm: ') == 1
assert !log.contains('also-good.wasm ->')
def jar = new JarFile(new File(basedir, 'target/symlink-loop-1.0.jar'))
assert jar.entries().toList()*.name.findAll { it.endsWith('.wasm') } == ['b-good.wasm']
