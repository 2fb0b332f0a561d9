import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { pythonHostScript, pythonPath } from '../../lib/python/python-host.path';
import { resolvePythonInterpreter } from '../../lib/python/python-interpreter.resolver';
import { loadPythonTools } from '../../lib/python/load-python-tools';
import { toolContext } from './python-test.helpers';

const run = promisify(execFile);
const samples = path.resolve(__dirname, '../../samples/python');

describe('pythonPath()', () => {
  it('points at the directory holding the chat_ts package and the host script', () => {
    expect(existsSync(path.join(pythonPath(), 'chat_ts', '__init__.py'))).toBe(true);
    expect(pythonHostScript()).toBe(path.join(pythonPath(), 'chat_ts_host.py'));
    expect(existsSync(pythonHostScript())).toBe(true);
  });

  it('lets a tool file run as plain Python with PYTHONPATH set to it', async () => {
    const { stdout } = await run('python3', [path.join(samples, 'weather.py')], { env: { ...process.env, PYTHONPATH: pythonPath() } });
    expect(stdout.split('\n')[0]).toBe("{'city': 'Paris', 'temperature': 18.5, 'unit': 'celsius', 'conditions': 'partly cloudy'}");
  });
});

describe('resolvePythonInterpreter()', () => {
  it('prefers the option, then CHAT_TS_PYTHON, then python3 on PATH', () => {
    expect(resolvePythonInterpreter('/opt/py', { CHAT_TS_PYTHON: '/env/py' })).toMatchObject({ command: '/opt/py', source: 'option' });
    expect(resolvePythonInterpreter(undefined, { CHAT_TS_PYTHON: '/env/py' })).toMatchObject({ command: '/env/py', source: 'CHAT_TS_PYTHON' });
    expect(resolvePythonInterpreter(undefined, {})).toEqual({ command: 'python3', source: 'PATH', description: '"python3" on PATH' });
  });
});

describe('samples/python/weather.py', () => {
  it('is the issue example: schema, camelCase metadata and a call', async () => {
    const tools = await loadPythonTools(samples, { logger: () => undefined });
    try {
      const [weather] = tools.tools;
      expect(weather.name).toBe('get_weather');
      expect(weather.description).toBe('Get the current weather in a city.');
      expect(weather.metadata).toEqual({ requiresApproval: false, costTier: 1 });
      expect(weather.parameters).toEqual({
        type: 'object',
        properties: {
          city: { type: 'string', description: 'The city to look up.' },
          unit: { type: 'string', enum: ['celsius', 'fahrenheit'], description: 'Temperature unit.', default: 'celsius' },
        },
        required: ['city'],
        additionalProperties: false,
      });
      await expect(weather.execute({ city: 'Tokyo', unit: 'fahrenheit' }, toolContext())).resolves.toEqual({
        city: 'Tokyo',
        temperature: 71.6,
        unit: 'fahrenheit',
        conditions: 'partly cloudy',
      });
    } finally {
      await tools.dispose();
    }
  });
});
