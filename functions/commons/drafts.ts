/**
 * A form's draft kept in the DraftStore: a person's request (owned by their address) or a visit's minutes (owned
 * by the visit); kept when the person asks (Lưu nháp), forgotten once the form is sent (forms.ts, submitForm).
 */
import { appClock } from '#adapters/clock.ts';
import { draftStore } from '#adapters/dynamodb-draft-store.ts';
import type { Draft } from '#domain/ports.ts';
import type { FormDraft } from './forms.ts';
import type { Identity } from './identity.ts';

export function storedDraft(kind: Draft['kind'], owner: string, user: Pick<Identity, 'email'>): FormDraft {
  const store = draftStore();
  return {
    save: (values) =>
      store.putDraft({ kind, owner, values, savedAt: appClock.now().toISOString(), savedBy: user.email }),
    discard: () => store.deleteDraft(kind, owner),
  };
}
