import com.dylibso.chicory.wasm.Parser

def lines = new File(basedir, 'build.log').readLines()
def ours = lines.findAll { it.startsWith('[INFO] src/main/wasm/counter.wasm -> ') || it.contains('Skipping wasm-snapshot') }
assert ours.size() == 4 : ours.join('\n')
assert ours[0] =~ / bytes, 1 memory page, /
assert ours[1].endsWith('target/classes/counter.wasm: up to date')
assert ours[2] =~ / bytes, 1 memory page, / : 'a changed option reprocesses the module'
assert ours[3] == '[INFO] Skipping wasm-snapshot (wasm-snapshot.skip)'

// The output of build 3 is still there: it keeps the init export.
def module = Parser.parse(new File(basedir, 'target/classes/counter.wasm'))
assert (0..<module.exportSection().exportCount()).collect { module.exportSection().getExport(it).name() }.contains('wizer-initialize')
