;; Initialized by `init-first`; `value` returns 1 only if it ran.
(module
  (global $g (mut i32) (i32.const 0))
  (func (export "init-first") (global.set $g (i32.const 1)))
  (func (export "value") (result i32) (global.get $g)))
