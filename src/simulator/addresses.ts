/** The loopback address of the `n`-th printer (0-based) counting up from `first`, skipping .0 and .255. */
export function printerAddress(first: string, n: number): string {
  const parts = first.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255) || parts[0] !== 127) {
    throw new RangeError(`${first} is not a loopback IPv4 address (127.x.y.z).`);
  }
  // Count in a space of 254 usable last octets per /24.
  const start = parts[1]! * 65_536 + parts[2]! * 256 + Math.max(1, Math.min(254, parts[3]!));
  const base = Math.floor(start / 256) * 254 + ((start % 256) - 1) + n;
  const net = Math.floor(base / 254);
  const host = (base % 254) + 1;
  if (net >= 65_536) throw new RangeError(`Too many printers to count up from ${first} within 127.0.0.0/8.`);
  return `127.${Math.floor(net / 256)}.${net % 256}.${host}`;
}
