/** Scalar value kinds of GGUF metadata (the `gguf_type` enum, by name). */
export type GgufScalarKind =
  | 'uint8'
  | 'int8'
  | 'uint16'
  | 'int16'
  | 'uint32'
  | 'int32'
  | 'float32'
  | 'bool'
  | 'string'
  | 'uint64'
  | 'int64'
  | 'float64';

/** Numeric kinds that fit a JavaScript number exactly. */
export type GgufNumberKind = 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64';

/** One item of a GGUF metadata array. */
export type GgufArrayItem = number | bigint | boolean | string;

/** A typed GGUF metadata value. Build them with {@link gguf} helpers. */
export type GgufMetadataValue =
  | { readonly kind: GgufNumberKind; readonly value: number }
  | { readonly kind: 'uint64' | 'int64'; readonly value: number | bigint }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'array'; readonly itemKind: GgufScalarKind; readonly items: readonly GgufArrayItem[] };

/** A 32-bit float tensor. `dimensions` are in GGML order: the first is the fastest-moving (row length). */
export interface GgufTensor {
  readonly name: string;
  readonly dimensions: readonly number[];
  readonly data: Float32Array;
}

/** Everything a GGUF v3 file holds: ordered metadata and tensors. */
export interface GgufFileContent {
  readonly metadata: ReadonlyArray<readonly [key: string, value: GgufMetadataValue]>;
  readonly tensors: readonly GgufTensor[];
  /** Tensor data alignment in bytes; written as `general.alignment` when not 32. Default 32. */
  readonly alignment?: number;
}

/**
 * Builders of typed GGUF metadata values.
 *
 * @example
 * const metadata = [['general.architecture', gguf.string('llama')], ['llama.block_count', gguf.uint32(2)]] as const;
 */
export const gguf = {
  uint8: (value: number): GgufMetadataValue => ({ kind: 'uint8', value }),
  int32: (value: number): GgufMetadataValue => ({ kind: 'int32', value }),
  uint32: (value: number): GgufMetadataValue => ({ kind: 'uint32', value }),
  uint64: (value: number | bigint): GgufMetadataValue => ({ kind: 'uint64', value }),
  float32: (value: number): GgufMetadataValue => ({ kind: 'float32', value }),
  bool: (value: boolean): GgufMetadataValue => ({ kind: 'bool', value }),
  string: (value: string): GgufMetadataValue => ({ kind: 'string', value }),
  array: (itemKind: GgufScalarKind, items: readonly GgufArrayItem[]): GgufMetadataValue => ({ kind: 'array', itemKind, items }),
} as const;
