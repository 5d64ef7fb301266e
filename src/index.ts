/** ncps for TypeScript: liquid neural networks (LTC, CfC) and Neural Circuit Policy wirings. */
export {};
