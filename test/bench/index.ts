import { benchBundleRequire } from './bundleRequire';
import { benchGaugeUpdate } from './gaugeUpdate';
import { benchTokenizers } from './tokenizers';

/** npm run bench: every figure is a ratio of two things run side by side in this process. */
console.log(`bench on node ${process.version}, ${new Date().toISOString()}`);
benchGaugeUpdate();
benchTokenizers();
benchBundleRequire();
