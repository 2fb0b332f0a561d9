import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ProviderEmulator } from '../../lib/testing';
import { AppModule } from '../../samples/nest/app.module';
import { configureApp } from '../../samples/nest/app.setup';
import { emulatedProvider, RecordingLogger } from './nest-test.helpers';

/** Debian's Chromium; `CHROMIUM_PATH` points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Page-side script (the specs compile without the DOM library, hence a string): records the text of
 * the last assistant answer at every DOM change in `window.answers` — what a reader saw, update by update.
 */
const RECORD_ANSWERS = `(() => {
  const seen = (window.answers = []);
  new MutationObserver(() => {
    const texts = document.querySelectorAll('.assistant p.text');
    if (texts.length > 0) seen.push(texts[texts.length - 1].textContent);
  }).observe(document.getElementById('messages'), { childList: true, subtree: true, characterData: true });
})()`;
const IDLE = `document.body.dataset.status === 'ready' && document.querySelector('.assistant') !== null`;
const ERROR_SHOWN = `document.getElementById('error').textContent !== ''`;

/**
 * The sample app's chat page (`GET /ui`, a plain script reading the UI message stream of
 * `POST /api/ui-chat`), driven in real headless Chromium from Debian's `chromium` package.
 */
describe('samples/nest chat page in headless Chromium', () => {
  let emulator: ProviderEmulator;
  let app: INestApplication;
  let url: string;
  let profile: string;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing (${CHROMIUM}): install it with \`apt-get update && apt-get install -y chromium\` (as .ci/run does)`);
    emulator = await ProviderEmulator.start();
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.register({ provider: () => emulatedProvider(emulator), retry: false })] })
      .setLogger(new RecordingLogger())
      .compile();
    app = configureApp(moduleRef.createNestApplication());
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    profile = mkdtempSync(join(tmpdir(), 'chat-ts-chromium-'));
    browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await app?.close();
    await emulator?.close();
  });
  beforeEach(async () => {
    emulator.reset();
    page = await browser.newPage();
    await page.goto(`${url}/ui`);
    await page.evaluate(RECORD_ANSWERS);
  });
  afterEach(() => page?.close());

  async function ask(question: string, user = 'alice'): Promise<void> {
    await page.selectOption('#user', user);
    await page.fill('#prompt', question);
    await page.click('#send');
  }
  const idle = () => page.waitForFunction(IDLE);

  it('the answer appears token by token, after the tool call and its result', async () => {
    const answer = 'Your order A-1001, a mechanical keyboard, has shipped and should arrive soon.';
    emulator.script([{ toolCalls: [{ id: 'f1', name: 'find_order', arguments: { orderId: 'A-1001' } }] }, { text: answer, chunkDelayMs: 40 }]);
    await ask('Where is my order A-1001?');
    await page.waitForSelector(`.assistant p.text >> text="${answer}"`);
    await idle();

    const tool = page.locator('.assistant .tool');
    await expect(tool.getAttribute('data-state')).resolves.toBe('output-available');
    const toolText = await tool.textContent();
    expect(toolText).toContain('find_order({"orderId":"A-1001"})');
    expect(toolText).toContain('"item":"mechanical keyboard"');
    expect(await page.textContent('#error')).toBe('');

    const answers = (await page.evaluate('window.answers')) as string[];
    const distinct = [...new Set(answers.filter((text) => text !== ''))];
    expect(distinct.at(-1)).toBe(answer);
    // Word by word from the emulator, 40 ms apart: the page showed several partial answers, each growing the last.
    expect(distinct.length).toBeGreaterThan(3);
    distinct.forEach((text, i) => i > 0 && expect(text.startsWith(distinct[i - 1])).toBe(true));
  });

  it('a refund waits for approval; Approve on the page resumes the turn, the tool runs and the answer follows', async () => {
    emulator.script([{ toolCalls: [{ id: 'r1', name: 'refund_order', arguments: { orderId: 'A-1002', amount: 20 } }] }, { text: 'Refunded 20 euros on A-1002.' }]);
    await ask('Refund 20 euros on A-1002', 'bob');
    await page.waitForSelector('.tool[data-state="approval-requested"] button.approve');
    await idle();
    expect(emulator.requests()).toHaveLength(1);
    await page.click('.tool button.approve');
    await page.waitForSelector('.assistant p.text >> text="Refunded 20 euros on A-1002."');
    await idle();
    const toolText = await page.textContent('.tool[data-state="output-available"]');
    expect(toolText).toContain('refund_order({"orderId":"A-1002","amount":20})');
    expect(toolText).toContain('"refunded":20');
    expect(toolText).toContain('"by":"bob"');
    expect(await page.locator('.assistant').count()).toBe(1);
  });

  it('a failing model request shows the error on the page', async () => {
    emulator.script([{ error: { status: 400, message: 'The prompt is too odd' } }]);
    await ask('Hello?');
    await page.waitForFunction(ERROR_SHOWN);
    expect(await page.textContent('#error')).toMatch(/prompt is too odd|invalid/i);
  });
});
