import { sql, type Kysely } from 'kysely';

/**
 * Every orderable part number a supply's description names: a kit sold per mains voltage names one per
 * voltage ("Fuser Kit HP 110V-C1N54A, 220V-C1N58A"), and stock is matched on any of them. Existing rows
 * take their one part number.
 */
const STATEMENTS = [
  `alter table supplies add column part_numbers text[] not null default '{}'`,
  `update supplies set part_numbers = array[part_number] where part_number is not null`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
