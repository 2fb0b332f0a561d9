/**
 * Embeddings through one API on two providers: the same sentences are embedded by OpenAI and by
 * Gemini, and the cosine similarities of every pair are printed side by side.
 * Each provider is the real API when its key is set (OPENAI_API_KEY, GEMINI_API_KEY), the built-in
 * provider emulator otherwise; offline, vectors are deterministic hashes of the text, so the
 * similarities show the plumbing, not meaning.
 */
import { ChatBuilder, type EmbeddingResponse } from '../lib';
import { GeminiBuilder } from '../lib/providers/gemini';
import { OpenAIBuilder } from '../lib/providers/openai';
import { realOrEmulated } from './support/real-or-emulated';

const SENTENCES = [
  'The cat sat on the mat.',
  'A kitten was resting on the rug.',
  'Stock markets fell sharply today.',
  'Shares dropped on Wall Street this morning.',
];

/** Cosine similarity of two vectors: 1 same direction, 0 unrelated. */
function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

async function main(): Promise<void> {
  const openai = await realOrEmulated({
    label: 'OpenAI',
    envKeys: ['OPENAI_API_KEY'],
    real: () => new OpenAIBuilder().withModel('gpt-5-mini').withEmbeddings('text-embedding-3-small').build(),
    emulated: (emulator) =>
      new OpenAIBuilder().withCustomUrl(emulator.url('/v1')).withApiKey('sk-emulated-0000').withModel('gpt-5-mini').withEmbeddings('text-embedding-3-small').build(),
  });
  const gemini = await realOrEmulated({
    label: 'Gemini',
    envKeys: ['GEMINI_API_KEY'],
    real: () => new GeminiBuilder().withModel('gemini-2.5-flash').withEmbeddings('gemini-embedding-001').build(),
    emulated: (emulator) => new GeminiBuilder().withModel('gemini-2.5-flash').withApiKey('AIzaSy-emulated-0000').withBaseUrl(emulator.url('/v1beta')).withEmbeddings('gemini-embedding-001').build(),
  });

  try {
    // One type for every provider: Float32Array vectors in input order, dimensions, model, usage.
    // OpenAI shortens vectors with `dimensions` and sends them base64-encoded (decoded without a copy);
    // Gemini takes `dimensions` (outputDimensionality) and a task type.
    const results: [string, EmbeddingResponse][] = [
      ['openai', await new ChatBuilder().withModel(openai.provider).build().embed(SENTENCES, { dimensions: 256, encoding: 'base64' })],
      ['gemini', await new ChatBuilder().withModel(gemini.provider).build().embed(SENTENCES, { dimensions: 256, taskType: 'semantic-similarity' })],
    ];
    for (const [name, r] of results) {
      const tokens = r.usage.inputTokens > 0 ? `${r.usage.inputTokens} input tokens` : 'no token count reported';
      console.log(`${name}: ${r.vectors.length} vectors of ${r.dimensions} dimensions from ${r.model} (${tokens})`);
    }

    console.log('\ncosine similarity        openai  gemini');
    for (let i = 0; i < SENTENCES.length; i++) {
      for (let j = i + 1; j < SENTENCES.length; j++) {
        const scores = results.map(([, r]) => cosine(r.vectors[i], r.vectors[j]).toFixed(3).padStart(6));
        console.log(`  sentence ${i + 1} ~ sentence ${j + 1}    ${scores.join('  ')}`);
      }
    }
    SENTENCES.forEach((s, i) => console.log(`  ${i + 1}. ${s}`));
  } finally {
    await openai.close();
    await gemini.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
