import * as fs from 'fs';

/**
 * Linux file systems whose folders another machine may write: watching them only hears what this
 * machine writes, so a session written elsewhere would never be seen. (statfs `f_type` magic numbers.)
 */
const NETWORK_FILE_SYSTEMS = new Map<number, string>([
  [0x6969, 'nfs'],
  [0x517b, 'smb'],
  [0xff534d42, 'cifs'],
  [0xfe534d42, 'smb2'],
  [0x01021997, '9p'],
  [0x00c36400, 'ceph'],
  [0x5346414f, 'afs'],
]);

/**
 * Why events may never come for this folder (it is on a network file system), or undefined. Linux
 * tells by the file system type; on Windows a UNC path (`\\server\share`) is a network folder; elsewhere
 * nothing is known (the host's safety pass still finds what was missed).
 */
export function eventlessMount(folder: string, platform: NodeJS.Platform = process.platform): string | undefined {
  if (platform === 'win32') return /^\\\\(?![?.]\\)/.test(folder) ? `${folder} is a network folder` : undefined;
  if (platform !== 'linux') return undefined;
  try {
    const name = NETWORK_FILE_SYSTEMS.get(fs.statfsSync(folder).type);
    return name ? `${folder} is on a network file system (${name})` : undefined;
  } catch {
    return undefined;
  }
}
