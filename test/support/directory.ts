/** The seed directory on a test's table: the agencies with the index, and the users (the admins listed). */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDirectory } from '#adapters/dynamodb-directory.ts';
import { SEED_USERS, seedAgencies } from '#domain/directory/seed.ts';
import type { DirectoryStore } from '#domain/ports.ts';

export async function seedTestDirectory(
  doc: DynamoDBDocumentClient,
  tableName: string,
): Promise<DirectoryStore> {
  const directory = createDirectory(doc, tableName);
  await seedAgencies(directory);
  const at = '2026-01-01T00:00:00.000Z';
  for (const u of SEED_USERS) {
    await directory.createUser({ ...u, disabled: false, createdAt: at, updatedAt: at });
    if (u.roles.includes('admin')) await directory.addAdmin(u.agencyId, u.email);
  }
  return directory;
}

/** A seed user as the directory has them. */
export function seedUser(email: string) {
  const user = SEED_USERS.find((u) => u.email === email);
  if (!user) throw new Error(`no seed user ${email}`);
  return user;
}
