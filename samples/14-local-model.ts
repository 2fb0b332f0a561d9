/**
 * A local model run inside this process (llama.cpp through node-llama-cpp): streaming, a
 * structured answer generated under a JSON-schema grammar, and embeddings. No HTTP, no daemon,
 * no download, no native build.
 *
 * With `CHAT_TS_GGUF=/path/to/model.gguf` it runs your model. Without it, it writes a tiny model
 * with random weights into a temp folder (about 0.5 MB, in milliseconds): its text is gibberish
 * by design, but everything around it (streaming, grammar, embeddings) is real.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, tap } from 'rxjs';
import type { JsonValue, Message, OutputSpec } from '../lib/core';
import { LlamaCppBuilder } from '../lib/providers/llama-cpp';
import { writeTinyLlama } from '../lib/testing/gguf';

process.env.NODE_LLAMA_CPP_SKIP_DOWNLOAD ??= 'true';

interface Review {
  sentiment: 'positive' | 'negative' | 'mixed';
  recommended: boolean;
  stars: number;
}

/** A hand-made structured-output spec (the engine builds these from `@Schema()` classes). */
const reviewSpec: OutputSpec<Review> = {
  name: 'Review',
  schema: {
    type: 'object',
    properties: {
      sentiment: { type: 'string', enum: ['positive', 'negative', 'mixed'] },
      recommended: { type: 'boolean' },
      stars: { type: 'integer', enum: [1, 2, 3, 4, 5] },
    },
    required: ['sentiment', 'recommended', 'stars'],
  },
  async parse(value: JsonValue) {
    const v = value as Partial<Review> | null;
    const ok =
      typeof v === 'object' && v !== null && ['positive', 'negative', 'mixed'].includes(v.sentiment as string) && typeof v.recommended === 'boolean' && Number.isInteger(v.stars);
    return ok ? { ok: true, value: v as Review } : { ok: false, message: 'not a Review', errors: [] };
  },
};

const user = (text: string): Message => ({ role: 'user', parts: [{ type: 'text', text }] });
/** Random bytes include control characters: print them escaped. */
const show = (text: string, random: boolean): string =>
  random ? text.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;

async function main(): Promise<void> {
  const given = process.env.CHAT_TS_GGUF;
  const dir = given ? undefined : await mkdtemp(join(tmpdir(), 'chat-ts-sample-'));
  const modelPath = given ?? (await writeTinyLlama(join(dir!, 'tiny-random.gguf')));
  const random = !given;
  console.log(
    random
      ? `No CHAT_TS_GGUF set: generated a tiny llama model with RANDOM weights at ${modelPath}.\nIts text is meaningless on purpose; the mechanics are real. Set CHAT_TS_GGUF=/path/to/model.gguf to use a real model.`
      : `Using ${modelPath}.`,
  );

  const provider = await new LlamaCppBuilder()
    .withModelPath(modelPath)
    .withContextSize(random ? 1024 : 4096)
    .withLogLevel('error')
    .build();
  try {
    const info = provider.loadedModel.info;
    console.log(`Loaded ${info.name}: context ${info.contextSize} tokens, ${info.sequences} sequences, ${info.gpuLayers} GPU layers.`);

    // 1. Streaming: text deltas as tokens are produced.
    process.stdout.write('Streamed: ');
    let deltas = 0;
    const last = await lastValueFrom(
      provider
        .stream({ system: 'You are concise.', messages: [user('Say hello in five words.')], options: { maxTokens: 16, temperature: 0.7, seed: 1 } })
        .pipe(tap((event) => event.type === 'text-delta' && (deltas++, process.stdout.write(show(event.delta, random))))),
    );
    if (last.type === 'step-finish') {
      const { usage, finishReason } = last.response;
      console.log(`\n  ${deltas} deltas, ${usage.inputTokens} prompt + ${usage.outputTokens} generated tokens, finish: ${finishReason.unified}`);
    }

    // 2. Structured output: a grammar built from the JSON schema, so the JSON always parses.
    const answer = await provider.complete({
      messages: [user('Review: "Great battery, weak screen." Classify it.')],
      responseFormat: { name: reviewSpec.name, schema: reviewSpec.schema },
      options: { temperature: 0, maxTokens: 200 },
    });
    const json = answer.parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
    if (answer.finishReason.unified === 'length') {
      console.log(`Structured: cut at maxTokens before the JSON closed (the engine would retry): ${json}`);
    } else {
      const checked = await reviewSpec.parse(JSON.parse(json) as JsonValue);
      console.log(`Structured: ${json.replace(/\s+/g, ' ')} → ${checked.ok ? 'valid Review' : checked.message}`);
    }

    // 3. Embeddings from the same model.
    const { vectors, dimensions } = await provider.embed({ texts: ['local models run offline', 'local models run offline', 'bananas'] });
    const cosine = (a: Float32Array, b: Float32Array): number => {
      let dot = 0;
      let na = 0;
      let nb = 0;
      for (let i = 0; i < a.length; i++) (dot += a[i] * b[i]), (na += a[i] * a[i]), (nb += b[i] * b[i]);
      return dot / Math.sqrt(na * nb);
    };
    console.log(`Embeddings: ${dimensions} dimensions; same text → cosine ${cosine(vectors[0], vectors[1]).toFixed(3)}, other text → ${cosine(vectors[0], vectors[2]).toFixed(3)}`);
    if (random) console.log('(Random weights: the similarity between different texts means nothing here.)');
  } finally {
    await provider.dispose();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
