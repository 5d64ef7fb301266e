# The ncps_native addon (C++17, plain N-API: node_api.h ships with Node's headers). Built by scripts/build-native.mjs
# at install time into build/Release/ncps_native.node.
#
# Flags: -O3 and -fno-math-errno (lets sqrt compile to one instruction) but never
# -ffast-math, which would reorder sums and break NaN checks, so the results would drift
# from the js kernels and the golden values. -ffp-contract=off keeps a * b + c as two
# rounded operations, as JavaScript computes it. Only the matrix product, whose summation
# order is its own anyway, may fuse multiply-adds. No -march: the AVX2 and AVX-512 products are
# compiled separately and chosen at run time, so one binary runs on every x86-64 CPU.
{
  "variables": {
    "ncps_cflags": ["-O3", "-fno-math-errno", "-std=c++17", "-Wall", "-Wextra"],
  },
  "target_defaults": {
    "cflags!": ["-O2", "-O3", "-Os", "-fno-exceptions"],
    "cflags_cc!": ["-fno-exceptions", "-std=gnu++1y", "-std=gnu++14", "-std=gnu++17"],
    "cflags_cc": ["<@(ncps_cflags)"],
    "xcode_settings": {
      "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
      "GCC_OPTIMIZATION_LEVEL": "3",
      "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
      "OTHER_CPLUSPLUSFLAGS": ["-fno-math-errno"],
    },
    "msvs_settings": {
      "VCCLCompilerTool": {
        "AdditionalOptions": ["/std:c++17", "/O2", "/fp:precise"],
        "ExceptionHandling": 1,
      },
    },
    "conditions": [
      ["target_arch=='x64'", {"defines": ["NCPS_HAVE_AVX2"]}],
    ],
  },
  "targets": [
    {
      "target_name": "ncps_gemm_generic",
      "type": "static_library",
      "sources": ["native/gemm_generic.cc"],
      "cflags_cc": ["-ffp-contract=fast", "-fPIC"],
      "xcode_settings": {"OTHER_CPLUSPLUSFLAGS": ["-ffp-contract=fast"]},
    },
    {
      "target_name": "ncps_native",
      "sources": [
        "native/addon.cc",
        "native/args.cc",
        "native/bind_elementwise.cc",
        "native/bind_fused.cc",
        "native/bind_linear.cc",
        "native/bind_shaped.cc",
        "native/broadcast.cc",
        "native/conv2d.cc",
        "native/elementwise.cc",
        "native/erf.cc",
        "native/fused_cfc.cc",
        "native/fused_cfc_bind.cc",
        "native/fused_cfc_lstm.cc",
        "native/fused_cfc_math.cc",
        "native/fused_cfc_step.cc",
        "native/fused_ltc.cc",
        "native/fused_ltc_bind.cc",
        "native/fused_ltc_kernels.cc",
        "native/gemm.cc",
        "native/pool.cc",
        "native/reduce.cc",
        "native/strided.cc",
      ],
      "dependencies": [
        "ncps_gemm_generic",
      ],
      "cflags_cc": ["-ffp-contract=off"],
      "xcode_settings": {"OTHER_CPLUSPLUSFLAGS": ["-ffp-contract=off"]},
      "conditions": [
        ["target_arch=='x64'", {"dependencies": ["ncps_gemm_avx2", "ncps_gemm_avx512"]}],
        ["OS=='linux'", {"libraries": ["-pthread"], "cflags_cc": ["-pthread"]}],
      ],
    },
  ],
  "conditions": [
    ["target_arch=='x64'", {
      "targets": [
        {
          "target_name": "ncps_gemm_avx2",
          "type": "static_library",
          "sources": ["native/gemm_avx2.cc"],
          "cflags_cc": ["-mavx2", "-mfma", "-ffp-contract=fast", "-fPIC"],
          "xcode_settings": {"OTHER_CPLUSPLUSFLAGS": ["-mavx2", "-mfma", "-ffp-contract=fast"]},
          "msvs_settings": {"VCCLCompilerTool": {"AdditionalOptions": ["/arch:AVX2"]}},
        },
        {
          "target_name": "ncps_gemm_avx512",
          "type": "static_library",
          "sources": ["native/gemm_avx512.cc"],
          "cflags_cc": [
            "-mavx512f", "-mavx512dq", "-mavx2", "-mfma", "-ffp-contract=fast", "-fPIC",
          ],
          "xcode_settings": {
            "OTHER_CPLUSPLUSFLAGS": [
              "-mavx512f", "-mavx512dq", "-mavx2", "-mfma", "-ffp-contract=fast",
            ],
          },
          "msvs_settings": {"VCCLCompilerTool": {"AdditionalOptions": ["/arch:AVX512"]}},
        },
      ],
    }],
  ],
}
