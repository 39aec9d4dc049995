// The log is the second build's: the packaged module had a byte flipped at offset 90.
def log = new File(basedir, 'build.log').text
assert log =~ /\[ERROR\] src\/main\/wasm\/counter\.wasm: the entry counter\.wasm of target\/verify-goal-1\.0\.jar differs from the snapshot made again at byte offset 90, in the \w[\w ]* section at byte offset \d+/
assert log.contains('wasm-snapshot verification failed: src/main/wasm/counter.wasm: ')
assert !(log =~ /(?m)^\s+at [\w.$]+\(/) : 'no stack trace without -e'
