import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** The server tests use: `DECREE_PG_URL`, else the local one (an admin URL: tests create databases with it). */
export const PG_ADMIN_URL =
  process.env.DECREE_PG_URL !== undefined && process.env.DECREE_PG_URL !== ''
    ? process.env.DECREE_PG_URL
    : 'postgres://postgres@127.0.0.1:5432/postgres';

/** Under CI (or DECREE_REQUIRE_PG=1) a server that does not answer fails the run instead of skipping. */
const required = process.env.CI === 'true' || process.env.DECREE_REQUIRE_PG === '1';

const redacted = (url: string): string => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');

/**
 * Whether a PostgreSQL server answers at `PG_ADMIN_URL`. When none does, prints one line saying so
 * (and how to point the suite at one) and returns false, or throws under CI.
 */
export const postgresAvailable = async (suite: string): Promise<boolean> => {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (e) {
    const why = `no PostgreSQL server answers at ${redacted(PG_ADMIN_URL)} (${(e as Error).message})`;
    if (required) throw new Error(`${suite}: ${why}; CI requires one`);
    console.info(
      `${suite}: skipped: ${why}; set DECREE_PG_URL=postgres://user@host:5432/postgres (a role that may create databases) to run it`,
    );
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
};

/** A database created for this run, and how to drop it. */
export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  readonly drop: () => Promise<void>;
}

const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
};

/** Creates a fresh, empty database `decree_test_<random>` on the test server. */
export const createTestDatabase = async (): Promise<TestDatabase> => {
  const name = `decree_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () =>
      admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
};

/** Creates a fresh schema in `url`'s database, for one store of its own. */
export const createTestSchema = async (url: string): Promise<string> => {
  const name = `c_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${name}`);
  } finally {
    await client.end();
  }
  return name;
};
