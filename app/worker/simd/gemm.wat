;; f64x2 matrix product kernel for ml/tensor's block kernel (tensor.Blocks;
;; install_js.go calls it). Every output is one sum from +0 over p in order,
;; f64x2.mul then f64x2.add (no fused multiply-add), so the bits are those
;; of Go's scalar kernels.
(module
  (import "go" "mem" (memory 1))
  ;; epi is the epilogue of one f64x2 of outputs: + the bias pair b if
  ;; flags&1, then ReLU if flags&2 (v kept where v > 0 or v is NaN, else +0).
  (func $epi (param $v v128) (param $b v128) (param $flags i32) (result v128)
    local.get $flags
    i32.const 1
    i32.and
    if
      local.get $v
      local.get $b
      f64x2.add
      local.set $v
    end
    local.get $flags
    i32.const 2
    i32.and
    if
      local.get $v
      local.get $v
      f64.const 0
      f64x2.splat
      f64x2.gt
      local.get $v
      local.get $v
      f64x2.ne
      v128.or
      v128.and
      local.set $v
    end
    local.get $v)
  ;; gemm reads twelve i32 at $args:
  ;;   c ldc a astep apanel b ldb k panels blocks bias flags
  ;; (strides in bytes) and sets the 4×4 blocks C[4q..4q+3][4j..4j+3],
  ;; q < panels, j < blocks, to epi(Σ_p A(i, p)·B(p, j)), the sum from +0 in
  ;; order p = 0..k-1, with
  ;;   C(4q+r, j) at c + (4q+r)·ldc + 8j
  ;;   A(4q+r, p) at a + q·apanel + p·astep + 8r
  ;;   B(p, j)    at b + p·ldb + 8j
  ;;   bias(j)    at bias + 8j (read if flags&1)
  (func $gemm (export "gemm") (param $args i32)
    (local $c i32) (local $ldc i32) (local $a i32) (local $astep i32) (local $apanel i32)
    (local $b i32) (local $ldb i32) (local $k i32) (local $panels i32) (local $blocks i32)
    (local $q i32) (local $j i32) (local $p i32) (local $pa i32) (local $pb i32) (local $pc i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $x v128)
    (local $bias i32) (local $flags i32) (local $x_addr i32)
    local.get $args
    i32.load offset=0
    local.set $c
    local.get $args
    i32.load offset=4
    local.set $ldc
    local.get $args
    i32.load offset=8
    local.set $a
    local.get $args
    i32.load offset=12
    local.set $astep
    local.get $args
    i32.load offset=16
    local.set $apanel
    local.get $args
    i32.load offset=20
    local.set $b
    local.get $args
    i32.load offset=24
    local.set $ldb
    local.get $args
    i32.load offset=28
    local.set $k
    local.get $args
    i32.load offset=32
    local.set $panels
    local.get $args
    i32.load offset=36
    local.set $blocks
    local.get $args
    i32.load offset=40
    local.set $bias
    local.get $args
    i32.load offset=44
    local.set $flags
    block $done
      local.get $panels
      i32.eqz
      br_if $done
      local.get $blocks
      i32.eqz
      br_if $done
      local.get $k
      i32.eqz
      br_if $done
      i32.const 0
      local.set $q
      loop $rows
        i32.const 0
        local.set $j
        loop $cols
          f64.const 0
          f64x2.splat
          local.tee $c00
          local.tee $c01
          local.tee $c10
          local.tee $c11
          local.tee $c20
          local.tee $c21
          local.tee $c30
          local.set $c31
          ;; pa = a + q·apanel, pb = b + 32j
          local.get $a
          local.get $q
          local.get $apanel
          i32.mul
          i32.add
          local.set $pa
          local.get $b
          local.get $j
          i32.const 5
          i32.shl
          i32.add
          local.set $pb
          local.get $k
          local.set $p
          loop $inner
            local.get $pb
            v128.load offset=0 align=8
            local.set $b0
            local.get $pb
            v128.load offset=16 align=8
            local.set $b1
            local.get $pa
            v128.load64_splat offset=0
            local.tee $x
            local.get $b0
            f64x2.mul
            local.get $c00
            f64x2.add
            local.set $c00
            local.get $x
            local.get $b1
            f64x2.mul
            local.get $c01
            f64x2.add
            local.set $c01
            local.get $pa
            v128.load64_splat offset=8
            local.tee $x
            local.get $b0
            f64x2.mul
            local.get $c10
            f64x2.add
            local.set $c10
            local.get $x
            local.get $b1
            f64x2.mul
            local.get $c11
            f64x2.add
            local.set $c11
            local.get $pa
            v128.load64_splat offset=16
            local.tee $x
            local.get $b0
            f64x2.mul
            local.get $c20
            f64x2.add
            local.set $c20
            local.get $x
            local.get $b1
            f64x2.mul
            local.get $c21
            f64x2.add
            local.set $c21
            local.get $pa
            v128.load64_splat offset=24
            local.tee $x
            local.get $b0
            f64x2.mul
            local.get $c30
            f64x2.add
            local.set $c30
            local.get $x
            local.get $b1
            f64x2.mul
            local.get $c31
            f64x2.add
            local.set $c31
            local.get $pa
            local.get $astep
            i32.add
            local.set $pa
            local.get $pb
            local.get $ldb
            i32.add
            local.set $pb
            local.get $p
            i32.const 1
            i32.sub
            local.tee $p
            br_if $inner
          end
          ;; the bias of columns 4j..4j+3 in b0, b1
          local.get $flags
          i32.const 1
          i32.and
          if
            local.get $bias
            local.get $j
            i32.const 5
            i32.shl
            i32.add
            local.tee $x_addr
            v128.load offset=0 align=8
            local.set $b0
            local.get $x_addr
            v128.load offset=16 align=8
            local.set $b1
          end
          ;; pc = c + 4q·ldc + 32j
          local.get $c
          local.get $q
          i32.const 2
          i32.shl
          local.get $ldc
          i32.mul
          i32.add
          local.get $j
          i32.const 5
          i32.shl
          i32.add
          local.tee $pc
          local.get $c00
          local.get $b0
          local.get $flags
          call $epi
          v128.store offset=0 align=8
          local.get $pc
          local.get $c01
          local.get $b1
          local.get $flags
          call $epi
          v128.store offset=16 align=8
          local.get $pc
          local.get $ldc
          i32.add
          local.tee $pc
          local.get $c10
          local.get $b0
          local.get $flags
          call $epi
          v128.store offset=0 align=8
          local.get $pc
          local.get $c11
          local.get $b1
          local.get $flags
          call $epi
          v128.store offset=16 align=8
          local.get $pc
          local.get $ldc
          i32.add
          local.tee $pc
          local.get $c20
          local.get $b0
          local.get $flags
          call $epi
          v128.store offset=0 align=8
          local.get $pc
          local.get $c21
          local.get $b1
          local.get $flags
          call $epi
          v128.store offset=16 align=8
          local.get $pc
          local.get $ldc
          i32.add
          local.tee $pc
          local.get $c30
          local.get $b0
          local.get $flags
          call $epi
          v128.store offset=0 align=8
          local.get $pc
          local.get $c31
          local.get $b1
          local.get $flags
          call $epi
          v128.store offset=16 align=8
          local.get $j
          i32.const 1
          i32.add
          local.tee $j
          local.get $blocks
          i32.lt_u
          br_if $cols
        end
        local.get $q
        i32.const 1
        i32.add
        local.tee $q
        local.get $panels
        i32.lt_u
        br_if $rows
      end
    end)
)
