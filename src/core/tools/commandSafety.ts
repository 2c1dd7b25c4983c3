/**
 * Which commands must never run without asking. `run_command` gets an argv, never a shell string, so a
 * shell character in it is literal; but a model that writes one usually expected a shell, and a program
 * that runs a string (`sh -c`, `node -e`) turns any argv back into a shell. Both always ask.
 */

/** Characters a shell would act on, in the order the reason lists them. */
const SHELL_CHARS = [';', '&', '|', '>', '<', '$', '(', ')', '`'];
/** Control characters, named because they do not print. */
const NAMED_CHARS: [string, string][] = [
  ['\n', 'a newline'],
  ['\r', 'a carriage return'],
  ['\0', 'a NUL character'],
];

/** Programs that only run the next one (`env FOO=1 sh -c …`, `sudo bash -c …`); their options are skipped. */
const WRAPPERS = new Set(['env', 'sudo', 'doas', 'nohup', 'nice', 'time', 'timeout', 'command', 'exec', 'xargs']);
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'csh', 'tcsh']);
/** Interpreters and the flags after which they run their argument as code. */
const EVAL_FLAGS: Record<string, string[]> = {
  node: ['-e', '--eval', '-p', '--print', '-pe'],
  bun: ['-e', '--eval', '-p', '--print'],
  deno: ['eval'],
  perl: ['-e', '-E'],
  ruby: ['-e'],
  php: ['-r'],
  lua: ['-e'],
  osascript: ['-e'],
  npx: ['-c', '--call'],
};

/**
 * Why `argv` must never be auto-approved, or undefined: it holds shell characters (named in the reason,
 * e.g. `contains shell characters: ; |`, `contains a newline`) or it runs a string as code (`sh -c`).
 */
export function shellMetaReason(argv: string[]): string | undefined {
  const reasons = [charsReason(argv), shellStringReason(argv)].filter((r): r is string => r !== undefined);
  return reasons.length ? reasons.join('; ') : undefined;
}

/** The key of "allow this exact command for this session": the argv itself, exactly. */
export function commandKey(argv: string[]): string {
  return `command:${JSON.stringify(argv)}`;
}

function charsReason(argv: string[]): string | undefined {
  const text = argv.join(' ');
  const found = SHELL_CHARS.filter((c) => text.includes(c));
  const parts = found.length ? [`shell character${found.length > 1 ? 's' : ''}: ${found.join(' ')}`] : [];
  for (const [c, name] of NAMED_CHARS) if (text.includes(c)) parts.push(name);
  return parts.length ? `contains ${parts.join(' and ')}` : undefined;
}

/** `runs a shell string (sh -c)` when the program (past any wrapper) runs its argument as code. */
function shellStringReason(argv: string[]): string | undefined {
  let i = 0;
  while (i < argv.length && WRAPPERS.has(programName(argv[i]))) {
    i++;
    while (i < argv.length && isWrapperOption(argv[i])) i++;
  }
  if (i >= argv.length) return undefined;
  const program = programName(argv[i]);
  const flag = argv.slice(i + 1).find((arg) => runsString(program, arg));
  if (program === 'eval') return 'runs a shell string (eval)';
  return flag === undefined ? undefined : `runs a shell string (${program} ${flag})`;
}

/** `/usr/bin/Bash.exe` → `bash`. */
function programName(arg: string): string {
  const base = arg.split(/[\\/]/).pop() ?? arg;
  return base.toLowerCase().replace(/\.(exe|cmd|bat|com)$/, '');
}

/** An option, an assignment (`FOO=1`) or a count or duration (`nice -n 5`, `timeout 10s`) of a wrapper. */
function isWrapperOption(arg: string): boolean {
  return arg.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(arg) || /^\d+(\.\d+)?[smhd]?$/.test(arg);
}

function runsString(program: string, arg: string): boolean {
  const lower = arg.toLowerCase();
  if (SHELLS.has(program)) return /^-[a-z]*c[a-z]*$/i.test(arg); // -c, -lc, -ec
  if (program === 'cmd') return lower === '/c' || lower === '/k';
  if (program === 'powershell' || program === 'pwsh') {
    const name = lower.replace(/^[-/]+/, '');
    return (
      lower !== name &&
      name.length > 0 &&
      ('command'.startsWith(name) || 'encodedcommand'.startsWith(name) || name === 'ec')
    );
  }
  if (/^python[\d.]*$/.test(program) || program === 'py') return /^-[a-z]*c$/i.test(arg); // -c, -Bc
  return EVAL_FLAGS[program]?.includes(arg) ?? false;
}
