import * as fs from 'fs';
import * as path from 'path';
import Module from 'module';
import { median, ms } from './stats';

/**
 * Time to require the extension bundle (dist/extension.js) in a fresh context, against requiring the
 * openai SDK alone (the largest dependency), both with a stub `vscode` module. The real host's
 * activation time is printed by the integration suite ("[metric] activation").
 */
export function benchBundleRequire(): void {
  const bundle = path.resolve(__dirname, '../../../dist/extension.js');
  if (!fs.existsSync(bundle)) {
    console.log('bundle require: dist/extension.js missing (run npm run build first)');
    return;
  }
  const resolver = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = resolver._resolveFilename;
  const stub = path.join(__dirname, 'vscodeStub.js');
  fs.writeFileSync(stub, 'module.exports = new Proxy({}, { get: () => function () { return {}; } });');
  resolver._resolveFilename = (request, ...rest) =>
    request === 'vscode' ? stub : original.call(Module, request, ...rest);
  const timeRequire = (file: string) => {
    const t0 = process.hrtime.bigint();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(file);
    const took = Number(process.hrtime.bigint() - t0) / 1e6;
    for (const key of Object.keys(require.cache)) delete require.cache[key];
    return took;
  };
  const openai = require.resolve('openai');
  const bundleRuns: number[] = [];
  const sdkRuns: number[] = [];
  for (let i = 0; i < 5; i++) {
    bundleRuns.push(timeRequire(bundle));
    sdkRuns.push(timeRequire(openai));
  }
  resolver._resolveFilename = original;
  const b = median(bundleRuns);
  const s = median(sdkRuns);
  console.log(
    `bundle require (${(fs.statSync(bundle).size / 1024).toFixed(0)} KB): median ${ms(b)} | openai SDK alone ${ms(s)} | ratio ${(b / s).toFixed(2)}x`,
  );
}
