import * as path from 'node:path';

/**
 * The directory to put on `PYTHONPATH` so `from chat_ts import tool` works when a tool file runs as
 * plain Python (tests, scripts). The same directory holds the host that chat-ts starts.
 *
 * @example
 * // PYTHONPATH="$(node -p "require('chat-ts/python').pythonPath()")" python3 tools/weather.py
 * process.env.PYTHONPATH = pythonPath();
 */
export function pythonPath(): string {
  // lib/python/host under ts-node/jest, dist/python/host once built (the build copies lib/python/host/**).
  return path.join(__dirname, 'host');
}

/** The host's entry script. */
export function pythonHostScript(): string {
  return path.join(pythonPath(), 'chat_ts_host.py');
}
