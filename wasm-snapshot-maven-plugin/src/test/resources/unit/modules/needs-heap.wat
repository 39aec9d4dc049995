;; The initializer grows memory by 8,000 pages (500 MiB) and writes a byte into each: more than a small heap holds.
(module
  (memory (export "memory") 1)
  (func (export "wizer-initialize") (local $page i32)
    (drop (memory.grow (i32.const 8000)))
    (loop $each
      (i32.store8 (i32.mul (local.get $page) (i32.const 65536)) (i32.const 1))
      (local.set $page (i32.add (local.get $page) (i32.const 1)))
      (br_if $each (i32.lt_u (local.get $page) (i32.const 8001))))))
