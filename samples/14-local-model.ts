/**
 * A local model run inside this process (llama.cpp through node-llama-cpp): streaming, a
 * structured answer generated under a JSON-schema grammar, and embeddings. No HTTP, no daemon,
 * no download, no native build.
 *
 * With `CHAT_TS_GGUF=/path/to/model.gguf` it runs your model. Without it, it writes a tiny model
 * with random weights into a temp folder (about 0.5 MB, in milliseconds): its text is gibberish
 * by design, but everything around it (streaming, grammar, validation, embeddings) is real.
 */
import 'reflect-metadata';
import './support/run-time-schemas'; // single-file sample: run-time schemas on purpose (an app imports chat-ts.metadata)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, tap } from 'rxjs';
import { IsBoolean, IsIn, IsInt } from 'class-validator';
import { ChatBuilder } from '../lib/chat';
import { Schema } from '../lib/decorators';
import { LlamaCppBuilder } from '../lib/providers/llama-cpp';
import { writeTinyLlama } from '../lib/testing/gguf';

process.env.NODE_LLAMA_CPP_SKIP_DOWNLOAD ??= 'true';

@Schema({ description: 'A product review, classified' })
class Review {
  @IsIn(['positive', 'negative', 'mixed']) sentiment!: 'positive' | 'negative' | 'mixed';
  @IsBoolean() recommended!: boolean;
  @IsInt() @IsIn([1, 2, 3, 4, 5]) stars!: number;
}

/** Random bytes include control characters: print them escaped. */
const printable = (text: string): string =>
  text.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

async function main(): Promise<void> {
  const given = process.env.CHAT_TS_GGUF;
  const dir = given ? undefined : await mkdtemp(join(tmpdir(), 'chat-ts-sample-'));
  const modelPath = given ?? (await writeTinyLlama(join(dir!, 'tiny-random.gguf')));
  console.log(
    given
      ? `Using ${modelPath}.`
      : `No CHAT_TS_GGUF set: generated a tiny llama model with RANDOM weights at ${modelPath}.\n` +
          'Its text is meaningless on purpose; the mechanics are real. Set CHAT_TS_GGUF=/path/to/model.gguf to use a real model.',
  );

  // Loads the model once; every chat built on this provider shares it.
  const local = await new LlamaCppBuilder()
    .withModelPath(modelPath)
    .withContextSize(given ? 4096 : 1024)
    .withLogLevel('error')
    .build();
  try {
    const info = local.loadedModel.info;
    console.log(`Loaded ${info.name}: context ${info.contextSize} tokens, ${info.sequences} sequences, ${info.gpuLayers} GPU layers.`);

    // 1. Streaming: text deltas as tokens are produced.
    const chat = new ChatBuilder().withModel(local).withSystemPrompt('You are concise.').withOptions({ maxTokens: 16, temperature: 0.7, seed: 1 }).build();
    process.stdout.write('Streamed: ');
    let deltas = 0;
    const finish = await lastValueFrom(
      chat.stream('Say hello in five words.').pipe(tap((e) => e.type === 'text-delta' && (deltas++, process.stdout.write(printable(e.delta))))),
    );
    if (finish.type === 'finish') console.log(`\n  ${deltas} deltas, ${finish.usage.inputTokens} prompt + ${finish.usage.outputTokens} generated tokens, finish: ${finish.finishReason.unified}`);

    // 2. Structured output: the schema of a @Schema() class becomes a grammar, so the JSON always parses; the engine validates it.
    const classifier = new ChatBuilder().withModel(local).withStructuredOutput(Review).withOptions({ temperature: 0, maxTokens: 200 }).build();
    const { output } = await classifier.complete('Classify this review: "Great battery, weak screen."');
    console.log(`Structured: ${JSON.stringify(output)} (a validated ${output.constructor.name})`);

    // 3. Embeddings from the same model.
    const { vectors, dimensions } = await chat.embed(['local models run offline', 'local models run offline', 'bananas']);
    const cosine = (a: Float32Array, b: Float32Array): number => {
      let dot = 0;
      let na = 0;
      let nb = 0;
      for (let i = 0; i < a.length; i++) (dot += a[i] * b[i]), (na += a[i] * a[i]), (nb += b[i] * b[i]);
      return dot / Math.sqrt(na * nb);
    };
    console.log(`Embeddings: ${dimensions} dimensions; same text → cosine ${cosine(vectors[0], vectors[1]).toFixed(3)}, other text → ${cosine(vectors[0], vectors[2]).toFixed(3)}`);
    if (!given) console.log('(Random weights: the similarity between different texts means nothing here.)');
  } finally {
    await local.dispose();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
