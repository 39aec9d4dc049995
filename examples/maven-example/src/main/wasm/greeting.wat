;; A module that builds a greeting at initialization: `wizer-initialize` writes "Hello from build time!" into
;; memory and records its length; `greeting` returns the length and `memory` holds the text at address 1024.
(module
  (memory (export "memory") 1)
  (data $text "Hello from build time!")
  (global $length (mut i32) (i32.const 0))
  (func (export "wizer-initialize")
    (memory.init $text (i32.const 1024) (i32.const 0) (i32.const 22))
    (global.set $length (i32.const 22)))
  (func (export "greeting") (result i32) (global.get $length)))
