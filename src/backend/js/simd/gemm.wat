;; The matrix product of the js kernels in WebAssembly SIMD (f64x2), assembled into gemmWasm.ts
;; by scripts/build-wasm.mjs. Each output sums its products in order and then adds bias and the
;; old value, exactly as the scalar loops of cfcGemm.ts do, so both give the same bits: the two
;; lanes of a vector are two outputs, never two halves of one sum, and there are no fused
;; multiply-adds in WebAssembly's f64x2. All pointers are byte offsets into the exported memory.
(module
  (memory (export "memory") 1)

  ;; out = W [n, k] (rows `ldw` apart) in panels of 4 rows: panel p holds, for q < k, the four
  ;; values W[4p..4p+3, q] side by side; rows past n are zero.
  (func (export "pack") (param $w i32) (param $n i32) (param $k i32) (param $ldw i32) (param $out i32)
    (local $j i32) (local $q i32) (local $src i32) (local $dst i32) (local $n4 i32)
    (local.set $n4 (i32.and (i32.add (local.get $n) (i32.const 3)) (i32.const -4)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_s (local.get $j) (local.get $n4)))
        ;; first value of row j in its panel: panel (j >> 2), lane (j & 3)
        (local.set $dst
          (i32.add (local.get $out)
            (i32.shl
              (i32.add (i32.mul (i32.shr_u (local.get $j) (i32.const 2)) (i32.shl (local.get $k) (i32.const 2)))
                       (i32.and (local.get $j) (i32.const 3)))
              (i32.const 3))))
        (local.set $src (i32.add (local.get $w) (i32.shl (i32.mul (local.get $j) (local.get $ldw)) (i32.const 3))))
        (local.set $q (i32.const 0))
        (block $rowdone
          (loop $cols
            (br_if $rowdone (i32.ge_s (local.get $q) (local.get $k)))
            (f64.store (local.get $dst)
              (select (f64.load (local.get $src)) (f64.const 0) (i32.lt_s (local.get $j) (local.get $n))))
            (local.set $src (i32.add (local.get $src) (i32.const 8)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $cols)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $rows))))

  ;; Stores s (+ bias[pb]) (+ old value) at pc. flags: 1 = add bias, 2 = accumulate.
  (func $finish (param $s v128) (param $pc i32) (param $pb i32) (param $flags i32)
    (if (i32.and (local.get $flags) (i32.const 1))
      (then (local.set $s (f64x2.add (local.get $s) (v128.load (local.get $pb))))))
    (if (i32.and (local.get $flags) (i32.const 2))
      (then (local.set $s (f64x2.add (v128.load (local.get $pc)) (local.get $s)))))
    (v128.store (local.get $pc) (local.get $s)))

  ;; C[i, j] = (accumulate ? C[i, j] : 0) + (Σ_q A[i, q] W[j, q] + bias[j]) for i < m and j < n
  ;; rounded up to a multiple of 4 (C's rows, `ldc` apart, and bias must have room for them).
  ;; A is [m, k] with rows `lda` apart; W comes packed by `pack`. Tiles of 4 rows x 4 outputs
  ;; share every load; the last m mod 4 rows go one at a time.
  (func (export "gemm") (param $a i32) (param $m i32) (param $k i32) (param $lda i32)
        (param $wp i32) (param $n i32) (param $c i32) (param $ldc i32) (param $bias i32)
        (param $flags i32)
    (local $i i32) (local $j i32) (local $q i32) (local $pa i32) (local $pw i32) (local $pc i32)
    (local $pb i32) (local $ldab i32) (local $ldcb i32) (local $tile i32)
    (local $w0 v128) (local $w1 v128) (local $x v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)
    (local.set $ldab (i32.shl (local.get $lda) (i32.const 3)))
    (local.set $ldcb (i32.shl (local.get $ldc) (i32.const 3)))
    (block $rowsdone
      (loop $rows
        (br_if $rowsdone (i32.ge_s (local.get $i) (local.get $m)))
        ;; $tile: 4 rows at once while they last, then 1
        (local.set $tile (select (i32.const 4) (i32.const 1)
          (i32.le_s (i32.add (local.get $i) (i32.const 4)) (local.get $m))))
        (local.set $j (i32.const 0))
        (local.set $pw (local.get $wp))
        (local.set $pb (local.get $bias))
        (block $colsdone
          (loop $cols
            (br_if $colsdone (i32.ge_s (local.get $j) (local.get $n)))
            (local.set $s00 (v128.const i64x2 0 0)) (local.set $s01 (v128.const i64x2 0 0))
            (local.set $s10 (v128.const i64x2 0 0)) (local.set $s11 (v128.const i64x2 0 0))
            (local.set $s20 (v128.const i64x2 0 0)) (local.set $s21 (v128.const i64x2 0 0))
            (local.set $s30 (v128.const i64x2 0 0)) (local.set $s31 (v128.const i64x2 0 0))
            (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ldab))))
            (local.set $q (local.get $k))
            (if (i32.eq (local.get $tile) (i32.const 4))
              (then
                (block $kdone
                  (loop $k4
                    (br_if $kdone (i32.eqz (local.get $q)))
                    (local.set $w0 (v128.load (local.get $pw)))
                    (local.set $w1 (v128.load offset=16 (local.get $pw)))
                    (local.set $x (f64x2.splat (f64.load (local.get $pa))))
                    (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $x) (local.get $w0))))
                    (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $x) (local.get $w1))))
                    (local.set $x (f64x2.splat (f64.load (i32.add (local.get $pa) (local.get $ldab)))))
                    (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $x) (local.get $w0))))
                    (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $x) (local.get $w1))))
                    (local.set $x (f64x2.splat (f64.load (i32.add (local.get $pa) (i32.shl (local.get $ldab) (i32.const 1))))))
                    (local.set $s20 (f64x2.add (local.get $s20) (f64x2.mul (local.get $x) (local.get $w0))))
                    (local.set $s21 (f64x2.add (local.get $s21) (f64x2.mul (local.get $x) (local.get $w1))))
                    (local.set $x (f64x2.splat (f64.load (i32.add (local.get $pa) (i32.mul (local.get $ldab) (i32.const 3))))))
                    (local.set $s30 (f64x2.add (local.get $s30) (f64x2.mul (local.get $x) (local.get $w0))))
                    (local.set $s31 (f64x2.add (local.get $s31) (f64x2.mul (local.get $x) (local.get $w1))))
                    (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
                    (local.set $pw (i32.add (local.get $pw) (i32.const 32)))
                    (local.set $q (i32.sub (local.get $q) (i32.const 1)))
                    (br $k4))))
              (else
                (block $kdone1
                  (loop $k1
                    (br_if $kdone1 (i32.eqz (local.get $q)))
                    (local.set $x (f64x2.splat (f64.load (local.get $pa))))
                    (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $x) (v128.load (local.get $pw)))))
                    (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $x) (v128.load offset=16 (local.get $pw)))))
                    (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
                    (local.set $pw (i32.add (local.get $pw) (i32.const 32)))
                    (local.set $q (i32.sub (local.get $q) (i32.const 1)))
                    (br $k1)))))
            (local.set $pc (i32.add (local.get $c)
              (i32.shl (i32.add (i32.mul (local.get $i) (local.get $ldc)) (local.get $j)) (i32.const 3))))
            (call $finish (local.get $s00) (local.get $pc) (local.get $pb) (local.get $flags))
            (call $finish (local.get $s01) (i32.add (local.get $pc) (i32.const 16))
              (i32.add (local.get $pb) (i32.const 16)) (local.get $flags))
            (if (i32.eq (local.get $tile) (i32.const 4))
              (then
                (local.set $pc (i32.add (local.get $pc) (local.get $ldcb)))
                (call $finish (local.get $s10) (local.get $pc) (local.get $pb) (local.get $flags))
                (call $finish (local.get $s11) (i32.add (local.get $pc) (i32.const 16))
                  (i32.add (local.get $pb) (i32.const 16)) (local.get $flags))
                (local.set $pc (i32.add (local.get $pc) (local.get $ldcb)))
                (call $finish (local.get $s20) (local.get $pc) (local.get $pb) (local.get $flags))
                (call $finish (local.get $s21) (i32.add (local.get $pc) (i32.const 16))
                  (i32.add (local.get $pb) (i32.const 16)) (local.get $flags))
                (local.set $pc (i32.add (local.get $pc) (local.get $ldcb)))
                (call $finish (local.get $s30) (local.get $pc) (local.get $pb) (local.get $flags))
                (call $finish (local.get $s31) (i32.add (local.get $pc) (i32.const 16))
                  (i32.add (local.get $pb) (i32.const 16)) (local.get $flags))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
            (br $cols)))
        (local.set $i (i32.add (local.get $i) (local.get $tile)))
        (br $rows))))

  ;; y[j] = Σ_q x[q] W[j, q] (+ bias[j]) (+ old y[j]) for j < 16·blocks: one row against W
  ;; packed by `pack`, sixteen outputs (four panels, eight running sums) per pass over x, which
  ;; keeps more sums in flight than a 4x4 tile of one row could. flags as for `gemm`.
  (func (export "gemv") (param $x i32) (param $k i32) (param $wp i32) (param $blocks i32)
        (param $y i32) (param $bias i32) (param $flags i32)
    (local $q i32) (local $px i32) (local $pw i32) (local $kb i32) (local $xv v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $s4 v128) (local $s5 v128) (local $s6 v128) (local $s7 v128)
    ;; bytes between two panels
    (local.set $kb (i32.shl (local.get $k) (i32.const 5)))
    (local.set $pw (local.get $wp))
    (block $done
      (loop $blocks
        (br_if $done (i32.eqz (local.get $blocks)))
        (local.set $s0 (v128.const i64x2 0 0)) (local.set $s1 (v128.const i64x2 0 0))
        (local.set $s2 (v128.const i64x2 0 0)) (local.set $s3 (v128.const i64x2 0 0))
        (local.set $s4 (v128.const i64x2 0 0)) (local.set $s5 (v128.const i64x2 0 0))
        (local.set $s6 (v128.const i64x2 0 0)) (local.set $s7 (v128.const i64x2 0 0))
        (local.set $px (local.get $x))
        (local.set $q (local.get $k))
        (block $kdone
          (loop $kl
            (br_if $kdone (i32.eqz (local.get $q)))
            (local.set $xv (f64x2.splat (f64.load (local.get $px))))
            (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $xv) (v128.load (local.get $pw)))))
            (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $xv) (v128.load offset=16 (local.get $pw)))))
            (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $xv)
              (v128.load (i32.add (local.get $pw) (local.get $kb))))))
            (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $xv)
              (v128.load offset=16 (i32.add (local.get $pw) (local.get $kb))))))
            (local.set $s4 (f64x2.add (local.get $s4) (f64x2.mul (local.get $xv)
              (v128.load (i32.add (local.get $pw) (i32.shl (local.get $kb) (i32.const 1)))))))
            (local.set $s5 (f64x2.add (local.get $s5) (f64x2.mul (local.get $xv)
              (v128.load offset=16 (i32.add (local.get $pw) (i32.shl (local.get $kb) (i32.const 1)))))))
            (local.set $s6 (f64x2.add (local.get $s6) (f64x2.mul (local.get $xv)
              (v128.load (i32.add (local.get $pw) (i32.mul (local.get $kb) (i32.const 3)))))))
            (local.set $s7 (f64x2.add (local.get $s7) (f64x2.mul (local.get $xv)
              (v128.load offset=16 (i32.add (local.get $pw) (i32.mul (local.get $kb) (i32.const 3)))))))
            (local.set $px (i32.add (local.get $px) (i32.const 8)))
            (local.set $pw (i32.add (local.get $pw) (i32.const 32)))
            (local.set $q (i32.sub (local.get $q) (i32.const 1)))
            (br $kl)))
        (call $finish (local.get $s0) (local.get $y) (local.get $bias) (local.get $flags))
        (call $finish (local.get $s1) (i32.add (local.get $y) (i32.const 16))
          (i32.add (local.get $bias) (i32.const 16)) (local.get $flags))
        (call $finish (local.get $s2) (i32.add (local.get $y) (i32.const 32))
          (i32.add (local.get $bias) (i32.const 32)) (local.get $flags))
        (call $finish (local.get $s3) (i32.add (local.get $y) (i32.const 48))
          (i32.add (local.get $bias) (i32.const 48)) (local.get $flags))
        (call $finish (local.get $s4) (i32.add (local.get $y) (i32.const 64))
          (i32.add (local.get $bias) (i32.const 64)) (local.get $flags))
        (call $finish (local.get $s5) (i32.add (local.get $y) (i32.const 80))
          (i32.add (local.get $bias) (i32.const 80)) (local.get $flags))
        (call $finish (local.get $s6) (i32.add (local.get $y) (i32.const 96))
          (i32.add (local.get $bias) (i32.const 96)) (local.get $flags))
        (call $finish (local.get $s7) (i32.add (local.get $y) (i32.const 112))
          (i32.add (local.get $bias) (i32.const 112)) (local.get $flags))
        ;; $pw walked the block's first panel; step over the other three
        (local.set $pw (i32.add (local.get $pw) (i32.mul (local.get $kb) (i32.const 3))))
        (local.set $y (i32.add (local.get $y) (i32.const 128)))
        (local.set $bias (i32.add (local.get $bias) (i32.const 128)))
        (local.set $blocks (i32.sub (local.get $blocks) (i32.const 1)))
        (br $blocks))))
)
