import { createOpenAIClient } from '../../src/node/openaiClient';

/**
 * Runs one turn against the endpoint in argv[2] and prints only `RESULT {kind, message, log}` on stdout,
 * so its parent can check that nothing else (the SDK's console logging) printed the stream's text.
 */
async function main(): Promise<void> {
  const log: string[] = [];
  const client = createOpenAIClient({
    baseURL: process.argv[2],
    idleTimeoutMs: 5000,
    maxRetryWaitMs: 0,
    log: (l) => log.push(l),
  });
  let result: { kind?: string; message?: string } = {};
  try {
    for await (const _ of client.stream({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      signal: new AbortController().signal,
    })) {
      // the deltas are not printed
    }
  } catch (error) {
    result = { kind: (error as { kind?: string }).kind, message: (error as Error).message };
  }
  process.stdout.write(`RESULT ${JSON.stringify({ ...result, log })}\n`);
}

void main();
