// TEMP stub until issue11-tools merges
export function protectedReason(rel: string): string | undefined {
  return /^(\.vscode|\.git|\.github\/workflows)(\/|$)|(^|\/)\.env/i.test(rel) ? 'protected' : undefined;
}
