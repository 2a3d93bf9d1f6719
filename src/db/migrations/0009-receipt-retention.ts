import { sql, type Kysely } from 'kysely';

/**
 * Upload receipts are pruned once older than the retention (TONERLOOP_RECEIPT_RETENTION_DAYS): a
 * block-range index on when they arrived finds them without a scan and costs uploads next to nothing,
 * since receipts are appended in arrival order.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index readings_by_received on readings using brin (received_at)`.execute(db);
}
