import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError } from '../../../lib/errors';
import { LlamaCppBuilder, LlamaCppModel, ModelFileError } from '../../../lib/providers/llama-cpp';
import { loadNodeLlamaCpp } from '../../../lib/providers/llama-cpp/llama-cpp-module.loader';
import { encodeTinyLlama } from '../../../lib/testing/gguf';
import { writeTinyModel, type TinyModelFile } from './tiny-model.fixture';

const PROVIDER_DIR = join(__dirname, '../../../lib/providers/llama-cpp');

describe('llama-cpp typed errors', () => {
  let file: TinyModelFile;

  beforeAll(async () => {
    file = await writeTinyModel();
  });

  afterAll(() => file.remove());

  const load = (modelPath: string, extra: object = {}): Promise<LlamaCppModel> =>
    LlamaCppModel.load({ modelPath, chatFormat: 'chatML', logLevel: 'disabled', ...extra });

  it('a missing file is a ModelFileError "not-found" naming the path and what to do', async () => {
    const missing = join(file.dir, 'nope.gguf');
    const error = await load(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFileError);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code: 'not-found', path: missing, provider: 'llama-cpp' });
    expect((error as Error).message).toContain(missing);
    expect((error as Error).message).toMatch(/withModelPath/);
  });

  it('a file that is not GGUF is a ModelFileError "not-gguf"', async () => {
    const text = join(file.dir, 'model.safetensors');
    await writeFile(text, 'this is not a model at all');
    await expect(load(text)).rejects.toMatchObject({ name: 'ModelFileError', code: 'not-gguf', path: text });
    const empty = join(file.dir, 'empty.gguf');
    await writeFile(empty, '');
    await expect(load(empty)).rejects.toMatchObject({ code: 'not-gguf' });
  });

  it('a directory is a ModelFileError "not-a-file"', async () => {
    const dir = join(file.dir, 'folder.gguf');
    await mkdir(dir);
    await expect(load(dir)).rejects.toMatchObject({ name: 'ModelFileError', code: 'not-a-file' });
  });

  it('a truncated or corrupt GGUF is a ModelFileError "load-failed" (no crash)', async () => {
    const truncated = join(file.dir, 'truncated.gguf');
    await writeFile(truncated, encodeTinyLlama().subarray(0, 5000));
    await expect(load(truncated)).rejects.toMatchObject({ name: 'ModelFileError', code: 'load-failed' });
    const corrupt = join(file.dir, 'corrupt.gguf');
    const header = Buffer.alloc(8);
    header.write('GGUF', 0, 'ascii');
    header.writeUInt32LE(3, 4);
    await writeFile(corrupt, Buffer.concat([header, Buffer.alloc(64, 0xff)]));
    await expect(load(corrupt)).rejects.toMatchObject({ name: 'ModelFileError', code: 'load-failed' });
  });

  it('node-llama-cpp not installed is a ConfigurationError telling how to install it', async () => {
    const error = await load(file.path, { moduleSpecifier: 'node-llama-cpp-not-installed' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code: 'module-not-found', provider: 'llama-cpp' });
    expect((error as Error).message).toContain('npm i -E node-llama-cpp@3.21.1');
    await expect(loadNodeLlamaCpp('node-llama-cpp-not-installed')).rejects.toMatchObject({ code: 'module-not-found' });
  });

  it('bad numbers are ConfigurationErrors at build()', async () => {
    await expect(new LlamaCppBuilder().withModelPath(file.path).withThreads(0).build()).rejects.toBeInstanceOf(ConfigurationError);
    await expect(new LlamaCppBuilder().withModelPath(file.path).withContextSize(1.5).build()).rejects.toThrow(/contextSize/);
    await expect(new LlamaCppBuilder().withModelPath(file.path).withQueueLimit(-1).build()).rejects.toThrow(/queueLimit/);
  });

  it('an unusable GPU backend is a ConfigurationError that says how to build one, never a download or build', async () => {
    const error = await load(file.path, { gpu: 'metal' }).catch((e: unknown) => e);
    if (error instanceof LlamaCppModel) {
      await error.dispose(); // a machine with Metal: nothing to check
      return;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code: 'backend-unavailable' });
    expect((error as Error).message).toMatch(/never builds or downloads/);
  });

  it('node-llama-cpp is only imported lazily: no provider file imports it at run time', () => {
    const files = readdirSync(PROVIDER_DIR).filter((name) => name.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const name of files) {
      const source = readFileSync(join(PROVIDER_DIR, name), 'utf8');
      const imports = source.match(/^import .* from 'node-llama-cpp';$/gm) ?? [];
      for (const line of imports) expect(`${name}: ${line}`).toMatch(/^[\w.-]+: import type /);
      expect(source).not.toMatch(/require\(['"]node-llama-cpp['"]\)/);
    }
  });
});
