import type { Store } from '../../src/app/store.js';
import type { Principal } from '../../src/auth/index.js';
import { createDealer } from '../../src/dealers/index.js';

export type CsvRow = Record<string, string>;

/** Quotes a cell the way spreadsheets do: only when it holds a delimiter, quote or line break. */
export function quoteCell(value: string, delimiter = ','): string {
  return value.includes(delimiter) || /["\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Builds a CSV file from rows; the header is the given columns, or the keys of the first row. */
export function csvOf(rows: CsvRow[], options: { columns?: string[]; eol?: string; bom?: boolean; delimiter?: string } = {}): string {
  const columns = options.columns ?? Object.keys(rows[0] ?? { customer: '' });
  const delimiter = options.delimiter ?? ',';
  const eol = options.eol ?? '\n';
  const lines = [columns.map((c) => quoteCell(c, delimiter)).join(delimiter), ...rows.map((row) => columns.map((c) => quoteCell(row[c] ?? '', delimiter)).join(delimiter))];
  return `${options.bom ? '\uFEFF' : ''}${lines.join(eol)}${eol}`;
}

/** A fleet file of `count` devices spread over customers and sites, like a mid-size dealer's export. */
export function fleetCsv(count: number, options: { customers?: number; sitesPerCustomer?: number; serialPrefix?: string } = {}): string {
  const customers = options.customers ?? Math.max(1, Math.floor(count / 20));
  const sitesPerCustomer = options.sitesPerCustomer ?? 3;
  const rows: CsvRow[] = [];
  for (let i = 0; i < count; i += 1) {
    const c = i % customers;
    const s = Math.floor(i / customers) % sitesPerCustomer;
    rows.push({
      customer: `Customer ${c}`, customer_ref: `C${c}`, site: `Site ${s}`, address: `${s + 1} High Street`, city: 'Leeds', postcode: `LS${s} 1AA`,
      country: 'GB', serial: `${options.serialPrefix ?? 'SN'}${String(i).padStart(7, '0')}`, model: i % 2 ? 'HP LaserJet M507' : 'Kyocera TASKalfa 3253ci',
    });
  }
  return csvOf(rows);
}

/** A dealer with its admin, and the admin as a Principal. */
export async function dealerWithAdmin(store: Store, name: string, now = new Date('2025-01-06T09:00:00Z')): Promise<{ dealerId: string; principal: Principal }> {
  const email = `admin@${name.toLowerCase().replace(/\W+/g, '-')}.example`;
  const { dealer, admin } = await createDealer(store, { name, adminEmail: email, adminPassword: 'correct horse battery staple' }, now);
  return { dealerId: dealer.id, principal: { kind: 'user', id: admin.id, dealerId: dealer.id, role: 'dealer-admin', customerId: null, email } };
}
