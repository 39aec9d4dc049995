;; The initializer fills 64 KiB with a pattern that has runs and gaps, so the snapshot has many data segments.
(module
  (memory (export "memory") 2)
  (global $sum (mut i64) (i64.const 0))
  (func (export "wizer-initialize")
    (local $i i32)
    (loop $fill
      (if (i32.rem_u (local.get $i) (i32.const 7))
        (then (i32.store8 (local.get $i) (i32.mul (local.get $i) (i32.const 31)))))
      (global.set $sum (i64.add (global.get $sum) (i64.extend_i32_u (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 3)))
      (br_if $fill (i32.lt_u (local.get $i) (i32.const 65536)))))
  (func (export "sum") (result i64) (global.get $sum)))
