/**
 * The drafts of forms not sent yet, on DynamoDB (the emulator, over the real SDK): a person's request draft and a
 * visit's minutes draft, each replaced whole by the next save, forgotten when deleted, and one too large refused.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDraftStore, MAX_DRAFT_BYTES } from '#adapters/dynamodb-draft-store.ts';
import type { DraftStore } from '#domain/ports.ts';
import { useEmulators } from '../support/emulators.ts';

const env = useEmulators();
let store: DraftStore;

beforeAll(() => {
  store = createDraftStore(env.doc, env.tableName);
});

const at = '2026-08-20T03:00:00.000Z';

describe('drafts', () => {
  it('a request draft is the person’s, whatever the case of the address, and the next save replaces it', async () => {
    const email = `${randomUUID().slice(0, 8)}@x.example`;
    const values = { title: 'Trao đổi', members: [{ name: 'Phạm Văn Tuấn', position: '' }] };
    expect(await store.putDraft({ kind: 'request', owner: email, values, savedAt: at, savedBy: email })).toBe(
      true,
    );
    expect(await store.getDraft('request', email.toUpperCase())).toEqual({
      kind: 'request',
      owner: email.toUpperCase(),
      values,
      savedAt: at,
      savedBy: email,
    });

    await store.putDraft({
      kind: 'request',
      owner: email,
      values: { title: 'Khác' },
      savedAt: at,
      savedBy: email,
    });
    expect((await store.getDraft('request', email))?.values).toEqual({ title: 'Khác' });
    expect(await store.getDraft('minutes', email)).toBeUndefined();
  });

  it('a minutes draft is the visit’s, and is forgotten once deleted', async () => {
    const visitId = `20260820-${randomUUID().slice(0, 10)}`;
    const values = { place: 'Hội trường' };
    await store.putDraft({ kind: 'minutes', owner: visitId, values, savedAt: at, savedBy: 'a@x.example' });
    expect((await store.getDraft('minutes', visitId))?.values).toEqual(values);

    await store.deleteDraft('minutes', visitId);
    expect(await store.getDraft('minutes', visitId)).toBeUndefined();
  });

  it('a draft larger than the limit is not kept', async () => {
    const email = `${randomUUID().slice(0, 8)}@x.example`;
    const values = { purpose: 'x'.repeat(MAX_DRAFT_BYTES + 1) };
    expect(await store.putDraft({ kind: 'request', owner: email, values, savedAt: at, savedBy: email })).toBe(
      false,
    );
    expect(await store.getDraft('request', email)).toBeUndefined();
  });
});
