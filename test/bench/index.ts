import { benchBundleRequire } from './bundleRequire';
import { benchExhaustControl } from './exhaustControl';
import { benchFollowLatency } from './followLatency';
import { benchGaugeUpdate } from './gaugeUpdate';
import { benchGuardChecks } from './guardChecks';
import { benchRunnerOverhead } from './runnerOverhead';
import { benchTokenizers } from './tokenizers';
import { benchTranscriptDocument } from './transcriptDocument';
import { benchTranscriptIngest } from './transcriptIngest';

/** npm run bench: every figure is a ratio of two things run side by side in this process. */
async function main(): Promise<void> {
  console.log(`bench on node ${process.version}, ${new Date().toISOString()}`);
  benchGaugeUpdate();
  benchTokenizers();
  benchBundleRequire();
  await benchTranscriptIngest();
  await benchTranscriptDocument();
  await benchFollowLatency();
  await benchRunnerOverhead();
  await benchGuardChecks();
  await benchExhaustControl();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
