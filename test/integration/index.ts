/**
 * Entry point of the integration suite inside the extension host (bundled to dist/test/suite/index.js).
 * The phase comes from ASM_TEST_PHASE (main | crash | recover); the counts go to the file named by
 * ASM_TEST_RESULT so the harness can add them up across hosts and phases.
 */
import * as fs from 'fs';
import Mocha from 'mocha';

const phases: Record<string, () => void> = {
  main: () => {
    require('./main/smoke.test');
    require('./main/scoutSession.test');
  },
  crash: () => {
    require('./crash/killDuringStream.test');
  },
  recover: () => {
    require('./recover/reloadRoundTrip.test');
  },
};

export function run(): Promise<void> {
  const phase = process.env.ASM_TEST_PHASE ?? 'main';
  const load = phases[phase];
  if (!load) return Promise.reject(new Error(`unknown ASM_TEST_PHASE "${phase}"`));
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, `${phase}.test`, mocha);
  load();
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats ?? { passes: 0, failures };
      const result = { phase, passed: stats.passes, failed: stats.failures };
      if (process.env.ASM_TEST_RESULT) fs.writeFileSync(process.env.ASM_TEST_RESULT, JSON.stringify(result));
      console.log(`[suite] phase ${phase}: ${result.passed} passed, ${result.failed} failed`);
      if (failures > 0) reject(new Error(`${failures} integration tests failed in phase ${phase}`));
      else resolve();
    });
  });
}
