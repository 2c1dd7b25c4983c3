/**
 * Entry point of the integration suite inside the extension host (bundled to dist/test/suite/index.js
 * by scripts/build.mjs; `vscode` and `mocha` stay external). Specs are bundled too, so they cannot be
 * found on disk: each phase lists its spec modules below. A new spec file = one `require` line here.
 *
 * Contract with scripts/test-integration.mjs (env of the extension host):
 *   ASM_TEST_PHASE   main | crash | recover | restricted (default main)
 *   ASM_TEST_RESULT  file this writes when mocha ends: {"phase","passed","failed","failures":[titles]}
 *   ASM_TEST_MARKER  crash phase only: the spec writes this file, then SIGKILLs its own host; the
 *                    harness ends the phase when the file appears (run-ext-tests.mjs --untilFile)
 * The recover phase runs in a fresh VS Code on the same workspace and user data dir as main and crash;
 * restricted runs after it with workspace trust on (that folder was never trusted).
 */
import * as fs from 'fs';
import Mocha from 'mocha';

const phases: Record<string, () => void> = {
  main: () => {
    require('./main/smoke.test');
    require('./main/scoutSession.test');
    require('./main/otherAgents.test');
    require('./main/keyOrigin.test');
    require('./main/otherWindow.test');
    require('./main/agentSessions.test');
    require('./main/budgetGuards.test');
    require('./main/exhaustControl.test');
    require('./main/subSessions.test');
    require('./main/compaction.test');
  },
  crash: () => {
    require('./crash/killDuringTool.test');
    require('./crash/killDuringStream.test');
  },
  recover: () => {
    require('./recover/reloadRoundTrip.test');
    require('./recover/agentRecovery.test');
  },
  restricted: () => {
    require('./restricted/restrictedMode.test');
  },
};

export function run(): Promise<void> {
  const phase = process.env.ASM_TEST_PHASE || 'main';
  const load = phases[phase];
  if (!load) return Promise.reject(new Error(`unknown ASM_TEST_PHASE "${phase}"`));
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  // the bdd globals (describe, it, before, ...) must exist before the spec modules are evaluated
  mocha.suite.emit('pre-require', globalThis, `${phase}.test`, mocha);
  load();
  return new Promise((resolve, reject) => {
    const failures: string[] = [];
    const runner = mocha.run((failed) => {
      const stats = runner.stats ?? { passes: 0, failures: failed };
      const result = { phase, passed: stats.passes, failed: stats.failures, failures };
      if (process.env.ASM_TEST_RESULT) fs.writeFileSync(process.env.ASM_TEST_RESULT, JSON.stringify(result));
      console.log(`[suite] phase ${phase}: ${result.passed} passed, ${result.failed} failed`);
      if (failed > 0) reject(new Error(`${failed} integration tests failed in phase ${phase}`));
      else resolve();
    });
    runner.on('fail', (test) => failures.push(test.fullTitle()));
  });
}
