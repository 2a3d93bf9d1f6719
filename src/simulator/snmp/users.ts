/** SNMPv3 users a simulated printer accepts, and their keys localized per printer engine. */
import { localizeKey, passwordToKey } from './usm.js';

export type SecurityLevel = 'noAuthNoPriv' | 'authNoPriv' | 'authPriv';

/** A v3 user as configured: HMAC-SHA-96 authentication and AES-128 privacy are the supported pair. */
export interface SnmpUserConfig {
  name: string;
  /** The lowest security level the user may use; requests below it get authorizationError. */
  level: SecurityLevel;
  /** Required for authNoPriv and authPriv; net-snmp's tools insist on at least 8 characters. */
  authPassword?: string;
  /** Required for authPriv. */
  privPassword?: string;
}

/** A user with keys localized to one engine (RFC 3414 §2.6). */
export interface LocalizedUser {
  name: string;
  level: number;
  authKey: Buffer | null;
  privKey: Buffer | null;
}

/** Security levels ranked, so "at least authNoPriv" is a comparison. */
export const LEVEL_RANK: Record<SecurityLevel, number> = { noAuthNoPriv: 0, authNoPriv: 1, authPriv: 2 };

/** Looks a user up by the msgUserName octets for the engine a request was addressed to. */
export type UserDirectory = (engineId: Buffer, userName: Buffer) => LocalizedUser | undefined;

/**
 * Builds the user directory: master keys are derived once at start (a megabyte of SHA-1 each),
 * localized keys lazily per printer engine, so 2,000 printers cost nothing until asked.
 */
export function createUserDirectory(users: readonly SnmpUserConfig[]): UserDirectory {
  const masters = new Map<string, { config: SnmpUserConfig; auth: Buffer | null; priv: Buffer | null }>();
  for (const config of users) {
    const problem = userConfigProblem(config);
    if (problem) throw new Error(`SNMPv3 user "${config.name}": ${problem}`);
    masters.set(config.name, {
      config,
      auth: config.authPassword === undefined ? null : passwordToKey(config.authPassword),
      priv: config.privPassword === undefined ? null : passwordToKey(config.privPassword),
    });
  }
  const localized = new Map<string, LocalizedUser>();
  return (engineId, userName) => {
    const name = userName.toString('utf8');
    const master = masters.get(name);
    if (!master) return undefined;
    const key = `${engineId.toString('hex')}/${name}`;
    let user = localized.get(key);
    if (!user) {
      user = {
        name,
        level: LEVEL_RANK[master.config.level],
        authKey: master.auth && localizeKey(master.auth, engineId),
        privKey: master.priv && localizeKey(master.priv, engineId),
      };
      localized.set(key, user);
    }
    return user;
  };
}

/** Why a user configuration cannot work, or null when it can. */
function userConfigProblem(config: SnmpUserConfig): string | null {
  const rank = LEVEL_RANK[config.level];
  if (rank === undefined) return `unknown security level "${config.level}"`;
  if (rank >= 1 && (config.authPassword ?? '').length < 8) return 'authNoPriv and authPriv need an auth password of at least 8 characters';
  if (rank >= 2 && (config.privPassword ?? '').length < 8) return 'authPriv needs a privacy password of at least 8 characters';
  if (config.privPassword !== undefined && config.authPassword === undefined) return 'privacy without authentication is not allowed in USM';
  return null;
}
