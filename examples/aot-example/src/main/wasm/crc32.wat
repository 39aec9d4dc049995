;; CRC-32 (the IEEE polynomial, as java.util.zip.CRC32 and zlib compute it) whose lookup table is built at
;; initialization: `wizer-initialize` writes the 256 four-byte entries at address 0. `update` folds `len` bytes at
;; `ptr` into `crc` as zlib's crc32() does (start from 0); it gives wrong results until the table is there.
(module
  (memory (export "memory") 1)
  (func (export "wizer-initialize")
    (local $n i32) (local $c i32) (local $bit i32)
    (loop $entries
      (local.set $c (local.get $n))
      (local.set $bit (i32.const 8))
      (loop $bits
        (local.set $c
          (select
            (i32.xor (i32.const 0xEDB88320) (i32.shr_u (local.get $c) (i32.const 1)))
            (i32.shr_u (local.get $c) (i32.const 1))
            (i32.and (local.get $c) (i32.const 1))))
        (br_if $bits (local.tee $bit (i32.sub (local.get $bit) (i32.const 1)))))
      (i32.store (i32.shl (local.get $n) (i32.const 2)) (local.get $c))
      (br_if $entries (i32.ne (local.tee $n (i32.add (local.get $n) (i32.const 1))) (i32.const 256)))))
  (func (export "update") (param $crc i32) (param $ptr i32) (param $len i32) (result i32)
    (local $c i32) (local $end i32)
    (local.set $c (i32.xor (local.get $crc) (i32.const -1)))
    (local.set $end (i32.add (local.get $ptr) (local.get $len)))
    (block $done
      (loop $bytes
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        (local.set $c
          (i32.xor
            (i32.load (i32.shl
              (i32.and (i32.xor (local.get $c) (i32.load8_u (local.get $ptr))) (i32.const 0xFF))
              (i32.const 2)))
            (i32.shr_u (local.get $c) (i32.const 8))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (br $bytes)))
    (i32.xor (local.get $c) (i32.const -1))))
