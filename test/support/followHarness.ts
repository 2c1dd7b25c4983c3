import * as fs from 'fs';
import type { SessionSummary } from '../../src/shared/sessionSummary';
import type { FollowPass, LiveFollowOptions } from '../../src/node/transcripts/liveFollow';
import { LiveFollow } from '../../src/node/transcripts/liveFollow';
import type { IndexScope } from '../../src/node/transcripts/transcriptIndex';
import { TranscriptIndex } from '../../src/node/transcripts/transcriptIndex';
import type { TranscriptRoots } from '../../src/node/transcripts/roots';
import type { Layout } from './transcriptLayout';
import { emptyLayout } from './transcriptLayout';

const settings = { contextWindows: {}, prices: {}, warningPercent: 70, errorPercent: 90 };

/** A real index and its live follow over a temp layout, with what they said and every pass counted. */
export interface Followed {
  layout: Layout;
  index: TranscriptIndex;
  follow: LiveFollow;
  said: string[];
  problems: unknown[];
  passes: FollowPass[];
  /** The host's pass: a full update, then the follow watches what it found. */
  pass(): void;
  /**
   * The host's pass, then the discovery the follow runs after starting watchers (they may have missed
   * what came just before them): after it, only events bring news.
   */
  ready(): Promise<void>;
  /** Resolves at the next pass of this kind the follow runs itself. */
  nextPass(kind: FollowPass): Promise<void>;
  dispose(): void;
}

export function followLayout(
  options: Partial<Omit<LiveFollowOptions, 'index' | 'roots'>> & {
    roots?: (l: Layout) => TranscriptRoots;
    scope?: IndexScope;
  } = {},
): Followed {
  const layout = emptyLayout();
  const roots = () => options.roots?.(layout) ?? { claude: [layout.claudeConfig], codex: [layout.codexHome] };
  const said: string[] = [];
  const problems: unknown[] = [];
  const passes: FollowPass[] = [];
  const waiting = new Set<(p: FollowPass) => void>();
  const nextPass = (kind: FollowPass) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${kind} pass came`)), 10_000);
      const w = (p: FollowPass) => {
        if (p !== kind) return;
        waiting.delete(w);
        clearTimeout(timer);
        resolve();
      };
      waiting.add(w);
    });
  const pass = () => {
    index.update(true);
    follow.discovered();
  };
  const index = new TranscriptIndex({
    roots,
    scope: () => options.scope ?? { mode: 'all', folders: [] },
    settings: () => settings,
    log: (m) => problems.push(m),
  });
  const follow = new LiveFollow({
    say: (m) => said.push(m),
    problem: (e) => problems.push(e),
    eventless: () => undefined,
    ...options,
    index,
    roots,
    onPass: (p) => {
      passes.push(p);
      for (const w of [...waiting]) w(p);
    },
  });
  return {
    layout,
    index,
    follow,
    said,
    problems,
    passes,
    pass,
    ready: () => {
      const settled = nextPass('discovery');
      pass();
      return settled;
    },
    nextPass,
    dispose: () => {
      follow.dispose();
      fs.rmSync(layout.dir, { recursive: true, force: true });
    },
  };
}

/**
 * Resolves with the first summary `check` accepts, checked now and on every change the index reports
 * (the timer only turns a hang into a failure: nothing here waits for time).
 */
export function summaryWhen(
  index: TranscriptIndex,
  check: (all: SessionSummary[]) => SessionSummary | boolean | undefined,
  what: string,
  timeoutMs = 10_000,
): Promise<SessionSummary | boolean> {
  return new Promise((resolve, reject) => {
    const probe = () => {
      const found = check(index.summaries());
      if (!found) return;
      stop();
      resolve(found);
    };
    const unsubscribe = index.onDidChange(probe);
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`timed out waiting for ${what}; sessions: ${index.summaries().map((s) => s.gaugeText)}`));
    }, timeoutMs);
    const stop = () => {
      unsubscribe();
      clearTimeout(timer);
    };
    probe();
  });
}

export const dayAgo = (file: string): void => {
  const then = new Date(Date.now() - 24 * 3600_000);
  fs.utimesSync(file, then, then);
};
