import { open, stat } from 'node:fs/promises';
import { ModelFileError } from '../../errors/model-file.error';

const GGUF_MAGIC = Buffer.from('GGUF', 'ascii');

/**
 * Checks that `path` is a readable GGUF file before node-llama-cpp sees it, so a wrong path or
 * file is a `ModelFileError` saying what to do rather than a native crash or a vague message.
 */
export async function checkModelFile(path: string): Promise<void> {
  const fail = (problem: ModelFileError['code'], message: string, cause?: unknown): never => {
    throw new ModelFileError(message, { provider: 'llama-cpp', problem, path, cause });
  };
  const info = await stat(path).catch((error: unknown) =>
    fail('not-found', `Model file not found: ${path}. Download a GGUF model (e.g. from Hugging Face) and pass its path to withModelPath().`, error),
  );
  if (!info.isFile()) fail('not-a-file', `Model path is not a file: ${path}. Pass the path of a .gguf file to withModelPath().`);
  const magic = Buffer.alloc(4);
  let read = 0;
  try {
    const handle = await open(path, 'r');
    try {
      ({ bytesRead: read } = await handle.read(magic, 0, 4, 0));
    } finally {
      await handle.close();
    }
  } catch (error) {
    fail('unreadable', `Model file cannot be read: ${path} (${(error as { code?: string }).code ?? 'read error'}).`, error);
  }
  if (read < 4 || !magic.equals(GGUF_MAGIC)) {
    fail('not-gguf', `Not a GGUF model file: ${path}. llama.cpp loads only GGUF files; convert other formats with llama.cpp's convert_hf_to_gguf.py or download a .gguf build of the model.`);
  }
}
