import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNodeLlamaCpp } from '../../../lib/providers/llama-cpp/llama-cpp-module.loader';
import {
  chatMlByteVocabulary,
  encodeGguf,
  encodeTinyLlama,
  gguf,
  SeededRandom,
  tinyLlamaContent,
  GgufTokenType,
  writeTinyLlama,
} from '../../../lib/testing/gguf';

process.env.NODE_LLAMA_CPP_SKIP_DOWNLOAD = 'true';

/** A minimal independent reader of the fixed GGUF header fields. */
function header(bytes: Buffer): { magic: string; version: number; tensors: bigint; kv: bigint; firstKey: string } {
  const keyLength = Number(bytes.readBigUInt64LE(24));
  return {
    magic: bytes.subarray(0, 4).toString('ascii'),
    version: bytes.readUInt32LE(4),
    tensors: bytes.readBigUInt64LE(8),
    kv: bytes.readBigUInt64LE(16),
    firstKey: bytes.subarray(32, 32 + keyLength).toString('utf8'),
  };
}

describe('encodeGguf', () => {
  it('writes a GGUF v3 header, typed metadata and aligned F32 tensors', () => {
    const bytes = encodeGguf({
      metadata: [
        ['general.architecture', gguf.string('llama')],
        ['x.count', gguf.uint32(7)],
      ],
      tensors: [
        { name: 'a', dimensions: [3], data: Float32Array.from([1, 2, 3]) },
        { name: 'b', dimensions: [2, 2], data: Float32Array.from([4, 5, 6, 7]) },
      ],
    });
    expect(header(bytes)).toEqual({ magic: 'GGUF', version: 3, tensors: 2n, kv: 2n, firstKey: 'general.architecture' });
    // tensor data starts 32-aligned: find [1,2,3] then [4..7] at the next 32-byte boundary
    const data = Buffer.from(Float32Array.from([1, 2, 3]).buffer);
    const start = bytes.indexOf(data);
    expect(start % 32).toBe(0);
    expect(bytes.readFloatLE(start + 32)).toBe(4);
    expect(bytes.length % 32).toBe(0);
  });

  it('refuses tensors whose data does not match their dimensions, and mistyped values', () => {
    expect(() => encodeGguf({ metadata: [], tensors: [{ name: 't', dimensions: [2, 2], data: new Float32Array(3) }] })).toThrow(/need 4/);
    expect(() => encodeGguf({ metadata: [['k', gguf.array('uint32', ['x'])]], tensors: [] })).toThrow(/"k": uint32 needs a number/);
  });

  it('writes general.alignment when a non-default alignment is used', () => {
    const bytes = encodeGguf({ metadata: [], tensors: [{ name: 't', dimensions: [1], data: new Float32Array(1) }], alignment: 64 });
    expect(bytes.includes(Buffer.from('general.alignment'))).toBe(true);
    expect(bytes.length % 64).toBe(0);
  });
});

describe('tiny llama model', () => {
  it('is about half a megabyte, made in milliseconds, reproducible per seed', () => {
    const started = process.hrtime.bigint();
    const a = encodeTinyLlama();
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    expect(a.length).toBeGreaterThan(400_000);
    expect(a.length).toBeLessThan(600_000);
    expect(elapsedMs).toBeLessThan(2000);
    expect(encodeTinyLlama().equals(a)).toBe(true);
    expect(encodeTinyLlama({ seed: 43 }).equals(a)).toBe(false);
  });

  it('has the byte-fallback ChatML vocabulary', () => {
    const vocab = chatMlByteVocabulary();
    expect(vocab.tokens.slice(0, 3)).toEqual(['<unk>', '<s>', '</s>']);
    expect(vocab.tokens.slice(3, 259)).toEqual(Array.from({ length: 256 }, (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`));
    expect(vocab.types.slice(3, 259).every((t) => t === GgufTokenType.byte)).toBe(true);
    expect(vocab.tokens.slice(-2)).toEqual(['<|im_start|>', '<|im_end|>']);
    expect(vocab.eotId).toBe(vocab.tokens.indexOf('<|im_end|>'));
  });

  it('neverEnds changes only the wiring that keeps end tokens unreachable', () => {
    const plain = tinyLlamaContent();
    const endless = tinyLlamaContent({ neverEnds: true });
    expect(endless.tensors.map((t) => t.name)).toEqual(plain.tensors.map((t) => t.name));
    const output = endless.tensors.find((t) => t.name === 'output.weight')!;
    expect(output.data[2 * 64]).toBeLessThan(0); // </s>
  });

  it('is read back by node-llama-cpp’s own GGUF parser with the expected metadata and tensors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chat-ts-gguf-'));
    try {
      const path = await writeTinyLlama(join(dir, 'tiny.gguf'), { contextLength: 4096 });
      const { readGgufFileInfo } = await loadNodeLlamaCpp();
      const info = await readGgufFileInfo(path, { sourceType: 'filesystem', logWarnings: false });
      expect(info.version).toBe(3);
      expect(info.metadata.general.architecture).toBe('llama');
      expect(info.architectureMetadata).toMatchObject({
        context_length: 4096,
        embedding_length: 64,
        block_count: 2,
        feed_forward_length: 128,
        attention: { head_count: 4, head_count_kv: 4 },
      });
      expect(info.metadata.tokenizer.ggml.model).toBe('llama');
      expect(info.metadata.tokenizer.ggml.tokens).toHaveLength(262);
      expect(info.metadata.tokenizer.chat_template).toContain('<|im_start|>');
      const tensors = info.fullTensorInfo ?? [];
      expect(tensors).toHaveLength(3 + 2 * 9);
      const embd = tensors.find((t) => t.name === 'token_embd.weight')!;
      expect(embd.dimensions.map(Number)).toEqual([64, 262]);
      expect(tensors.every((t) => Number(t.offset) % 32 === 0 && t.ggmlType === 0)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('SeededRandom', () => {
  it('repeats per seed and stays in range', () => {
    const a = new SeededRandom(1).uniform(1000, 0.5);
    expect(Array.from(new SeededRandom(1).uniform(1000, 0.5))).toEqual(Array.from(a));
    expect(Array.from(a).every((v) => v >= -0.5 && v < 0.5)).toBe(true);
    expect(new Set(a).size).toBeGreaterThan(990);
  });
});
