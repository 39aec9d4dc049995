;; A module that spends its start-up sieving primes below 1,000,000 into a bitmap.
;; Pre-initialized, it starts with the bitmap already in memory.
(module
  (memory (export "memory") 1)
  (global $limit i32 (i32.const 1000000))
  (global $count (mut i32) (i32.const 0))

  ;; byte i of the bitmap at offset 0 says whether i is composite (1) or not (0)
  (func $sieve
    (local $i i32) (local $j i32)
    (drop (memory.grow (i32.const 15)))
    (i32.store8 (i32.const 0) (i32.const 1))
    (i32.store8 (i32.const 1) (i32.const 1))
    (local.set $i (i32.const 2))
    (block $done
      (loop $outer
        (br_if $done (i32.gt_u (i32.mul (local.get $i) (local.get $i)) (global.get $limit)))
        (if (i32.eqz (i32.load8_u (local.get $i)))
          (then
            (local.set $j (i32.mul (local.get $i) (local.get $i)))
            (block $inner_done
              (loop $inner
                (br_if $inner_done (i32.ge_u (local.get $j) (global.get $limit)))
                (i32.store8 (local.get $j) (i32.const 1))
                (local.set $j (i32.add (local.get $j) (local.get $i)))
                (br $inner)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $outer)))
    (local.set $i (i32.const 0))
    (block $counted
      (loop $count
        (br_if $counted (i32.ge_u (local.get $i) (global.get $limit)))
        (if (i32.eqz (i32.load8_u (local.get $i)))
          (then (global.set $count (i32.add (global.get $count) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $count))))

  (func (export "wizer-initialize") (call $sieve))

  (func (export "is_prime") (param $n i32) (result i32)
    (if (result i32) (i32.ge_u (local.get $n) (global.get $limit))
      (then (i32.const -1))
      (else (i32.eqz (i32.load8_u (local.get $n))))))

  (func (export "prime_count") (result i32) (global.get $count)))
