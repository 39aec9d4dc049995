;; The initializer traps.
(module
  (func (export "wizer-initialize") unreachable))
