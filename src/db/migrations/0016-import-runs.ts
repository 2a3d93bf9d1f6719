import { sql, type Kysely } from 'kysely';

/**
 * CSV imports as runs that other requests can watch (imports/imports.service.ts). An import is written in
 * many short transactions so it never holds the embedded engine's one connection for long; all-or-nothing
 * comes from the journal: each written chunk records the ids it created and the rows it changed as they
 * were, and a failed or interrupted import is undone from it. `lease_until` says the process running it is
 * alive; a run whose lease has passed (its process was killed) is undone by the next process that looks.
 * One real import runs per dealer at a time (the partial unique index), so two never undo each other.
 */
const STATEMENTS = [
  `create table imports (
     id uuid primary key,
     dealer_id uuid not null references dealers(id),
     actor_id uuid,
     dry_run boolean not null,
     status text not null check (status in ('checking', 'applying', 'undoing', 'done', 'failed')),
     rows integer,
     progress_done integer not null default 0,
     progress_total integer not null default 0,
     report jsonb,
     error jsonb,
     lease_owner uuid,
     lease_until timestamptz,
     created_at timestamptz not null,
     finished_at timestamptz)`,
  `create unique index imports_one_running_per_dealer on imports (dealer_id)
     where not dry_run and status in ('checking', 'applying', 'undoing')`,
  `create index imports_unfinished on imports (lease_until) where status in ('checking', 'applying', 'undoing')`,
  `create table import_journal (
     import_id uuid not null references imports(id) on delete cascade,
     seq integer not null,
     entity text not null check (entity in ('customer', 'site', 'device')),
     created_ids uuid[] not null,
     previous jsonb not null,
     primary key (import_id, seq))`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
