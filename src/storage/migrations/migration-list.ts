import { migration0001 } from './0001-keys-users-teams.ts';
import { migration0002 } from './0002-spend-ledger.ts';
import { migration0003 } from './0003-proxy-models.ts';
import { migration0004 } from './0004-spend-log-messages.ts';
import type { Migration } from './migration.ts';

/** Every migration, oldest first. Append only: never edit or remove one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004];
