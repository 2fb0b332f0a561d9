import type { GgufArrayItem, GgufFileContent, GgufMetadataValue, GgufScalarKind, GgufTensor } from './gguf.types';

/** The 4 bytes every GGUF file starts with. */
export const GGUF_MAGIC = 'GGUF';
/** The GGUF version this writer produces. */
export const GGUF_VERSION = 3;

const TYPE_IDS: Record<GgufScalarKind | 'array', number> = {
  uint8: 0,
  int8: 1,
  uint16: 2,
  int16: 3,
  uint32: 4,
  int32: 5,
  float32: 6,
  bool: 7,
  string: 8,
  array: 9,
  uint64: 10,
  int64: 11,
  float64: 12,
};
const GGML_TYPE_F32 = 0;

/** Little-endian byte sink that grows as needed. */
class ByteSink {
  private buffer = Buffer.alloc(1 << 16);
  length = 0;

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const next = Buffer.alloc(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(next, 0, 0, this.length);
    this.buffer = next;
  }

  u8(v: number): void { this.reserve(1); this.buffer.writeUInt8(v, this.length); this.length += 1; }
  i8(v: number): void { this.reserve(1); this.buffer.writeInt8(v, this.length); this.length += 1; }
  u16(v: number): void { this.reserve(2); this.buffer.writeUInt16LE(v, this.length); this.length += 2; }
  i16(v: number): void { this.reserve(2); this.buffer.writeInt16LE(v, this.length); this.length += 2; }
  u32(v: number): void { this.reserve(4); this.buffer.writeUInt32LE(v, this.length); this.length += 4; }
  i32(v: number): void { this.reserve(4); this.buffer.writeInt32LE(v, this.length); this.length += 4; }
  f32(v: number): void { this.reserve(4); this.buffer.writeFloatLE(v, this.length); this.length += 4; }
  f64(v: number): void { this.reserve(8); this.buffer.writeDoubleLE(v, this.length); this.length += 8; }
  u64(v: number | bigint): void { this.reserve(8); this.buffer.writeBigUInt64LE(BigInt(v), this.length); this.length += 8; }
  i64(v: number | bigint): void { this.reserve(8); this.buffer.writeBigInt64LE(BigInt(v), this.length); this.length += 8; }

  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  string(text: string): void {
    const data = Buffer.from(text, 'utf8');
    this.u64(data.length);
    this.bytes(data);
  }

  padTo(alignment: number): void {
    const pad = (alignment - (this.length % alignment)) % alignment;
    this.reserve(pad);
    this.length += pad; // alloc() zero-fills
  }

  toBuffer(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

function writeScalar(sink: ByteSink, kind: GgufScalarKind, value: GgufArrayItem, key: string): void {
  const expect = (type: string): never => {
    throw new TypeError(`GGUF metadata "${key}": ${kind} needs a ${type}, got ${typeof value}`);
  };
  if (kind === 'string') return typeof value === 'string' ? sink.string(value) : expect('string');
  if (kind === 'bool') return typeof value === 'boolean' ? sink.u8(value ? 1 : 0) : expect('boolean');
  if (kind === 'uint64' || kind === 'int64') {
    if (typeof value !== 'number' && typeof value !== 'bigint') return expect('number or bigint');
    return kind === 'uint64' ? sink.u64(value) : sink.i64(value);
  }
  if (typeof value !== 'number') return expect('number');
  const writers: Record<Exclude<GgufScalarKind, 'string' | 'bool' | 'uint64' | 'int64'>, (v: number) => void> = {
    uint8: (v) => sink.u8(v),
    int8: (v) => sink.i8(v),
    uint16: (v) => sink.u16(v),
    int16: (v) => sink.i16(v),
    uint32: (v) => sink.u32(v),
    int32: (v) => sink.i32(v),
    float32: (v) => sink.f32(v),
    float64: (v) => sink.f64(v),
  };
  writers[kind](value);
}

function writeValue(sink: ByteSink, key: string, value: GgufMetadataValue): void {
  sink.u32(TYPE_IDS[value.kind]);
  if (value.kind !== 'array') return writeScalar(sink, value.kind, value.value, key);
  sink.u32(TYPE_IDS[value.itemKind]);
  sink.u64(value.items.length);
  for (const item of value.items) writeScalar(sink, value.itemKind, item, key);
}

function checkTensor(tensor: GgufTensor): void {
  const count = tensor.dimensions.reduce((a, b) => a * b, 1);
  if (tensor.dimensions.length === 0 || tensor.dimensions.length > 4) {
    throw new RangeError(`GGUF tensor "${tensor.name}" must have 1 to 4 dimensions`);
  }
  if (count !== tensor.data.length) {
    throw new RangeError(`GGUF tensor "${tensor.name}" has ${tensor.data.length} values but dimensions [${tensor.dimensions.join(', ')}] need ${count}`);
  }
}

/**
 * Encodes a GGUF v3 file (little-endian, F32 tensors): header, metadata, tensor infos, aligned data.
 * Written from the GGUF specification (ggml `docs/gguf.md`); llama.cpp loads the result.
 *
 * @example
 * const bytes = encodeGguf({ metadata: [['general.architecture', gguf.string('llama')]], tensors: [] });
 */
export function encodeGguf(content: GgufFileContent): Buffer {
  const alignment = content.alignment ?? 32;
  const metadata = [...content.metadata];
  if (alignment !== 32 && !metadata.some(([key]) => key === 'general.alignment')) {
    metadata.push(['general.alignment', { kind: 'uint32', value: alignment }]);
  }
  content.tensors.forEach(checkTensor);

  const sink = new ByteSink();
  sink.bytes(Buffer.from(GGUF_MAGIC, 'ascii'));
  sink.u32(GGUF_VERSION);
  sink.u64(content.tensors.length);
  sink.u64(metadata.length);
  for (const [key, value] of metadata) {
    sink.string(key);
    writeValue(sink, key, value);
  }

  let offset = 0;
  const offsets: number[] = [];
  for (const tensor of content.tensors) {
    offsets.push(offset);
    offset += tensor.data.byteLength;
    offset += (alignment - (offset % alignment)) % alignment;
  }
  content.tensors.forEach((tensor, i) => {
    sink.string(tensor.name);
    sink.u32(tensor.dimensions.length);
    for (const dim of tensor.dimensions) sink.u64(dim);
    sink.u32(GGML_TYPE_F32);
    sink.u64(offsets[i]);
  });

  sink.padTo(alignment);
  for (const tensor of content.tensors) {
    const bytes = new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
    if (isLittleEndian()) sink.bytes(bytes);
    else for (const v of tensor.data) sink.f32(v);
    sink.padTo(alignment);
  }
  return sink.toBuffer();
}

function isLittleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}
