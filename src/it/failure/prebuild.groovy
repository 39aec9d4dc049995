// A stale output of the module that is about to fail: the goal must delete it.
def stale = new File(basedir, 'target/classes/a-trap.wasm')
stale.parentFile.mkdirs()
stale.bytes = [0, 97, 115, 109] as byte[]
true
