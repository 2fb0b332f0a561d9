import type { MediaSource } from '../../core/content-part.types';
import type { GeminiPart } from './gemini-wire.types';

const MEDIA_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  pdf: 'application/pdf',
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  html: 'text/html',
  mp3: 'audio/mp3',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  flac: 'audio/flac',
  mp4: 'video/mp4',
  mov: 'video/mov',
  webm: 'video/webm',
};

/** Guesses a media type from a URL's file extension. */
export function guessMediaType(url: string): string | undefined {
  const ext = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(url)?.[1]?.toLowerCase();
  return ext ? MEDIA_TYPES[ext] : undefined;
}

/**
 * An image or file source as a Gemini part: base64 and `data:` URLs become `inlineData`,
 * other URLs (Files API URIs, `gs://`, YouTube, https) become `fileData`.
 */
export function mediaToGeminiPart(source: MediaSource): GeminiPart {
  if (source.kind === 'base64') return { inlineData: { mimeType: source.mediaType, data: source.data } };
  const dataUrl = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s.exec(source.url);
  if (dataUrl) return { inlineData: { mimeType: dataUrl[1], data: dataUrl[2] } };
  const mimeType = source.mediaType ?? guessMediaType(source.url);
  return { fileData: mimeType ? { fileUri: source.url, mimeType } : { fileUri: source.url } };
}
