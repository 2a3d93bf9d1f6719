// The part of net-snmp's API TonerLoop uses (the package ships no type declarations).
declare module 'net-snmp' {
  import type { Buffer } from 'node:buffer';

  export const Version1: 0;
  export const Version2c: 1;
  export const Version3: 3;
  export type Version = 0 | 1 | 3;

  export const SecurityLevel: { noAuthNoPriv: 1; authNoPriv: 2; authPriv: 3 };
  export const AuthProtocols: { none: '1'; md5: '2'; sha: '3'; sha224?: string; sha256?: string; sha384?: string; sha512?: string };
  export const PrivProtocols: { none: '1'; des: '2'; aes: '4'; aes256b?: string; aes256r?: string };

  export const ObjectType: {
    Boolean: 1; Integer: 2; OctetString: 4; Null: 5; OID: 6; IpAddress: 64; Counter: 65; Counter32: 65; Gauge: 66; Gauge32: 66;
    Unsigned32: 66; TimeTicks: 67; Opaque: 68; Counter64: 70; NoSuchObject: 128; NoSuchInstance: 129; EndOfMibView: 130;
  };

  export interface Varbind {
    oid: string;
    type: number;
    value: number | string | Buffer | bigint | null;
  }

  export interface SessionOptions {
    port?: number;
    retries?: number;
    timeout?: number;
    backoff?: number;
    transport?: 'udp4' | 'udp6';
    version?: Version;
    idBitsSize?: 16 | 32;
    reportOidMismatchErrors?: boolean;
  }

  export interface User {
    name: string;
    level: number;
    authProtocol?: string;
    authKey?: string;
    privProtocol?: string;
    privKey?: string;
  }

  export interface Session {
    get(oids: string[], callback: (error: Error | null, varbinds: Varbind[]) => void): void;
    getBulk(oids: string[], nonRepeaters: number, maxRepetitions: number, callback: (error: Error | null, varbinds: Varbind[]) => void): void;
    subtree(oid: string, maxRepetitions: number, feed: (varbinds: Varbind[]) => boolean | void, done: (error: Error | null) => void): void;
    close(): void;
    on(event: 'error', listener: (error: Error) => void): this;
  }

  export function createSession(target: string, community: string, options?: SessionOptions): Session;
  export function createV3Session(target: string, user: User, options?: SessionOptions): Session;
  export function isVarbindError(varbind: Varbind): boolean;
  export function varbindError(varbind: Varbind): string;

  export class RequestTimedOutError extends Error {}
}
