import { writeFile } from 'node:fs/promises';
import { chatMlByteVocabulary, CHATML_TEMPLATE, GgufTokenType } from './chatml-vocabulary';
import { gguf, type GgufFileContent, type GgufMetadataValue, type GgufTensor } from './gguf.types';
import { encodeGguf } from './gguf.writer';
import { SeededRandom } from './seeded-random';

/** Shape and seed of a generated llama-architecture model. */
export interface TinyLlamaOptions {
  /** Seed of the random weights (default 42): the same seed gives the same file. */
  readonly seed?: number;
  /** Embedding size (default 64). */
  readonly embeddingLength?: number;
  /** Transformer blocks (default 2). */
  readonly blockCount?: number;
  /** Attention heads (default 4); must divide `embeddingLength`. */
  readonly headCount?: number;
  /** Feed-forward size (default 128). */
  readonly feedForwardLength?: number;
  /** Trained context length written in the metadata (default 2048). */
  readonly contextLength?: number;
  /** `general.name` (default `chat-ts tiny random llama`). */
  readonly name?: string;
  /** Jinja chat template (default ChatML). */
  readonly chatTemplate?: string;
  /**
   * Make the model unable to end on its own (default false): control tokens such as `</s>` and
   * `<|im_end|>` get a strongly negative logit, so generation runs until `maxTokens`, a stop
   * sequence, a grammar end or an abort. Useful for tests of abort, queues and timeouts.
   */
  readonly neverEnds?: boolean;
}

/**
 * Wires one residual dimension to a constant that no block reads or writes, and gives control
 * tokens a large negative weight on it: their logits are always far below every other token's.
 */
function suppressControlTokens(tensors: GgufTensor[], nEmbd: number, controlIds: readonly number[], nVocab: number): void {
  const find = (name: string): Float32Array => tensors.find((t) => t.name === name)!.data;
  const embeddings = find('token_embd.weight');
  for (let token = 0; token < nVocab; token++) embeddings[token * nEmbd] = 8;
  const output = find('output.weight');
  for (let token = 0; token < nVocab; token++) output[token * nEmbd] = 0;
  for (const token of controlIds) output[token * nEmbd] = -16;
  for (const tensor of tensors) {
    if (/^blk\.\d+\.(attn_norm|ffn_norm)\.weight$/.test(tensor.name)) tensor.data[0] = 0;
    if (/^blk\.\d+\.(attn_output|ffn_down)\.weight$/.test(tensor.name)) tensor.data.fill(0, 0, tensor.dimensions[0]);
  }
}

/**
 * The content of a tiny llama model with seeded random weights (embedding 64, 2 blocks, 4 heads,
 * feed-forward 128 by default, F32 tensors) and a byte-fallback SPM vocabulary with ChatML tokens.
 * It loads and runs in llama.cpp, but writes random text: use it to test mechanics, never content.
 */
export function tinyLlamaContent(options: TinyLlamaOptions = {}): GgufFileContent {
  const nEmbd = options.embeddingLength ?? 64;
  const nBlocks = options.blockCount ?? 2;
  const nHead = options.headCount ?? 4;
  const nFf = options.feedForwardLength ?? 128;
  if (nEmbd % nHead !== 0) throw new RangeError(`headCount ${nHead} must divide embeddingLength ${nEmbd}`);
  const vocab = chatMlByteVocabulary();
  const nVocab = vocab.tokens.length;
  const random = new SeededRandom(options.seed ?? 42);

  const ones = (n: number): Float32Array => new Float32Array(n).fill(1);
  const matrix = (name: string, cols: number, rows: number, scale = Math.sqrt(3 / cols)): GgufTensor => ({
    name,
    dimensions: [cols, rows],
    data: random.uniform(cols * rows, scale),
  });
  const tensors: GgufTensor[] = [
    matrix('token_embd.weight', nEmbd, nVocab, 1),
    { name: 'output_norm.weight', dimensions: [nEmbd], data: ones(nEmbd) },
    matrix('output.weight', nEmbd, nVocab, 4 * Math.sqrt(3 / nEmbd)),
  ];
  for (let b = 0; b < nBlocks; b++) {
    tensors.push(
      { name: `blk.${b}.attn_norm.weight`, dimensions: [nEmbd], data: ones(nEmbd) },
      matrix(`blk.${b}.attn_q.weight`, nEmbd, nEmbd),
      matrix(`blk.${b}.attn_k.weight`, nEmbd, nEmbd),
      matrix(`blk.${b}.attn_v.weight`, nEmbd, nEmbd),
      matrix(`blk.${b}.attn_output.weight`, nEmbd, nEmbd),
      { name: `blk.${b}.ffn_norm.weight`, dimensions: [nEmbd], data: ones(nEmbd) },
      matrix(`blk.${b}.ffn_gate.weight`, nEmbd, nFf),
      matrix(`blk.${b}.ffn_up.weight`, nEmbd, nFf),
      matrix(`blk.${b}.ffn_down.weight`, nFf, nEmbd),
    );
  }

  if (options.neverEnds) {
    const controlIds = vocab.types.flatMap((type, id) => (type === GgufTokenType.control || type === GgufTokenType.unknown ? [id] : []));
    suppressControlTokens(tensors, nEmbd, controlIds, nVocab);
  }

  const metadata: Array<[string, GgufMetadataValue]> = [
    ['general.architecture', gguf.string('llama')],
    ['general.name', gguf.string(options.name ?? 'chat-ts tiny random llama')],
    ['general.file_type', gguf.uint32(0)],
    ['llama.context_length', gguf.uint32(options.contextLength ?? 2048)],
    ['llama.embedding_length', gguf.uint32(nEmbd)],
    ['llama.block_count', gguf.uint32(nBlocks)],
    ['llama.feed_forward_length', gguf.uint32(nFf)],
    ['llama.attention.head_count', gguf.uint32(nHead)],
    ['llama.attention.head_count_kv', gguf.uint32(nHead)],
    ['llama.attention.layer_norm_rms_epsilon', gguf.float32(1e-5)],
    ['llama.rope.dimension_count', gguf.uint32(nEmbd / nHead)],
    ['llama.rope.freq_base', gguf.float32(10000)],
    ['llama.vocab_size', gguf.uint32(nVocab)],
    ['tokenizer.ggml.model', gguf.string('llama')],
    ['tokenizer.ggml.tokens', gguf.array('string', vocab.tokens)],
    ['tokenizer.ggml.scores', gguf.array('float32', vocab.scores)],
    ['tokenizer.ggml.token_type', gguf.array('int32', vocab.types)],
    ['tokenizer.ggml.unknown_token_id', gguf.uint32(vocab.unknownId)],
    ['tokenizer.ggml.bos_token_id', gguf.uint32(vocab.bosId)],
    ['tokenizer.ggml.eos_token_id', gguf.uint32(vocab.eosId)],
    ['tokenizer.ggml.eot_token_id', gguf.uint32(vocab.eotId)],
    ['tokenizer.ggml.add_bos_token', gguf.bool(true)],
    ['tokenizer.ggml.add_eos_token', gguf.bool(false)],
    ['tokenizer.chat_template', gguf.string(options.chatTemplate ?? CHATML_TEMPLATE)],
  ];
  return { metadata, tensors };
}

/** The bytes of {@link tinyLlamaContent} as a GGUF v3 file (about 0.5 MB with the defaults). */
export function encodeTinyLlama(options: TinyLlamaOptions = {}): Buffer {
  return encodeGguf(tinyLlamaContent(options));
}

/**
 * Writes a tiny random llama GGUF model to `filePath` and returns the path.
 *
 * @example
 * const modelPath = await writeTinyLlama(path.join(os.tmpdir(), 'tiny.gguf'));
 * const provider = await new LlamaCppBuilder().withModelPath(modelPath).build();
 */
export async function writeTinyLlama(filePath: string, options: TinyLlamaOptions = {}): Promise<string> {
  await writeFile(filePath, encodeTinyLlama(options));
  return filePath;
}
