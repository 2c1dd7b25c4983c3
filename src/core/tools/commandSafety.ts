// TEMP stub until issue11-tools merges
export function shellMetaReason(argv: string[]): string | undefined {
  return argv.some((a) => /[;&|><$()`\n\r\0]/.test(a)) ? 'shell characters' : undefined;
}
export function commandKey(argv: string[]): string {
  return JSON.stringify(argv);
}
