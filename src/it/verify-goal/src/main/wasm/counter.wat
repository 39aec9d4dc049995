;; `value` returns 49 only if `wizer-initialize` ran: it stores 42 in memory and sets the global to 7.
(module
  (memory (export "memory") 1)
  (global $g (mut i32) (i32.const 0))
  (func (export "wizer-initialize")
    (i32.store (i32.const 1024) (i32.const 42))
    (global.set $g (i32.const 7)))
  (func (export "value") (result i32)
    (i32.add (i32.load (i32.const 1024)) (global.get $g))))
