/**
 * Decide task: turns a decision or a timeout into the visit's next status and the workflow's next step; issues the
 * approved agenda and the signed-off minutes as signed PDF/A copies.
 */
import { appClock } from '#adapters/clock.ts';
import { directory } from '#adapters/dynamodb-directory.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { requirePublicUrl } from '#adapters/env.ts';
import { documentStore } from '#adapters/s3-document-store.ts';
import { mailer } from '#adapters/ses-mailer.ts';
import { sealPdf, signerFor } from '#adapters/signers.ts';
import { task } from '#commons/task.ts';
import type { CallbackResult } from '#domain/lifecycle.ts';
import type { Wait } from '#domain/policy.ts';
import { decide } from '#domain/steps/decide.ts';
import { noticeComposer } from '#templates/mail.ts';
import { renderIssuedPdf } from '#templates/pdf/issued.ts';

const compose = noticeComposer(requirePublicUrl());

export const handler = task(
  'Decide',
  (input: { visitId: string; wait: Wait; decision?: CallbackResult; timeout?: unknown }) =>
    decide(
      {
        store: visitStore(),
        directory: directory(),
        clock: appClock,
        mailer: mailer(),
        compose,
        documents: documentStore(),
        signerFor: signerFor(),
        renderPdf: renderIssuedPdf,
        sealPdf,
      },
      input,
    ),
);
