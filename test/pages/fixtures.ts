/** Visits, approvals and events for rendering pages, with text a hostile user could type. */

import type { Approval, VisitEvent } from '#domain/ports.ts';
import type { Visit } from '#domain/visit.ts';
import { seedMinutes, seedRequest } from '../support/seed-2024.ts';

export const HOSTILE = '<script>alert("x")</script> "quoted" & \'single\'';

export function visit(over: Partial<Visit> = {}): Visit {
  const request = seedRequest('2026-08-24');
  return {
    id: 'v-2026-0001',
    status: 'AWAITING_APPROVAL',
    version: 3,
    request: {
      ...request,
      title: `Trao đổi ${HOSTILE}`,
      purpose: `Mục đích ${HOSTILE}`,
      members: [
        { name: `Phạm Văn Tuấn ${HOSTILE}`, position: 'Phó Trưởng ban' },
        ...request.members.slice(1),
      ],
    },
    owner: {
      email: 'huong.nt@btgtu.thanhhoa.example',
      name: 'Nguyễn Thị Hương',
      agencyId: 'btgtu-thanh-hoa',
    },
    agencies: {
      host: {
        id: 'btgtu-quang-nam',
        name: 'Ban Tuyên giáo Tỉnh ủy Quảng Nam',
        nameEn: 'Propaganda and Education Commission of the Quang Nam Provincial Party Committee',
        province: 'Quảng Nam',
      },
      visiting: {
        id: 'btgtu-thanh-hoa',
        name: 'Ban Tuyên giáo Tỉnh ủy Thanh Hóa',
        nameEn: 'Propaganda and Education Commission of the Thanh Hoa Provincial Party Committee',
        province: 'Thanh Hóa',
      },
    },
    agendaVersion: 1,
    minutesVersion: 0,
    createdAt: '2026-07-20T02:00:00.000Z',
    updatedAt: '2026-07-20T02:00:00.000Z',
    ...over,
  };
}

export function minutesVisit(): Visit {
  return visit({
    status: 'AWAITING_MINUTES_APPROVAL',
    minutes: { ...seedMinutes('2026-08-24'), conclusions: [`Kết luận ${HOSTILE}`] },
    minutesVersion: 1,
  });
}

export function approval(over: Partial<Approval> = {}): Approval {
  return {
    visitId: 'v-2026-0001',
    id: 'agenda-1-0-approver',
    kind: 'agenda',
    step: 0,
    role: 'approver',
    person: { name: 'Nguyễn Hữu Sáng', position: 'Phó Trưởng ban', email: 'sang.nh@btgtu.quangnam.example' },
    tokenHash: 'h',
    keyId: 'k1',
    nonce: 'n',
    status: 'PENDING',
    taskToken: 'secret-task-token',
    expiresAt: '2026-07-23T10:00:00.000Z',
    reminders: 0,
    documentId: 'agenda-v1',
    createdAt: '2026-07-20T02:01:00.000Z',
    ...over,
  };
}

export function event(seq: number, type: string, actor: string, data?: Record<string, unknown>): VisitEvent {
  return {
    visitId: 'v-2026-0001',
    seq,
    at: `2026-07-20T02:0${seq}:00.000Z`,
    type,
    actor,
    ...(data ? { data } : {}),
    prevHash: '',
    hash: `h${seq}`,
  };
}
