/** Visits, approvals and archive entries for the adapter tests. */
import { randomUUID } from 'node:crypto';
import type { Approval, ArchiveEntry } from '#domain/ports.ts';
import type { Visit } from '#domain/visit.ts';
import { seedRequest } from '#infra/local/seed-visit.ts';

export function aVisit(overrides: Partial<Visit> = {}): Visit {
  const createdAt = overrides.createdAt ?? new Date().toISOString();
  return {
    id: randomUUID(),
    status: 'SUBMITTED',
    version: 1,
    request: seedRequest('2030-08-24'),
    owner: {
      email: 'huong.nt@btgtu.thanhhoa.example',
      name: 'Nguyễn Thị Hương',
      agencyId: 'btgtu-thanh-hoa',
    },
    agendaVersion: 0,
    minutesVersion: 0,
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  };
}

export function anApproval(visitId: string, overrides: Partial<Approval> = {}): Approval {
  return {
    visitId,
    id: randomUUID(),
    kind: 'agenda',
    step: 0,
    role: 'approver',
    person: { name: 'Nguyễn Hữu Sáng', position: 'Phó Trưởng ban', email: 'sang.nh@btgtu.quangnam.example' },
    tokenHash: 'a'.repeat(64),
    keyId: 'k1',
    nonce: 'n'.repeat(22),
    status: 'PENDING',
    taskToken: `task-${randomUUID()}`,
    expiresAt: '2030-08-20T00:00:00.000Z',
    reminders: 0,
    createdAt: '2030-08-01T00:00:00.000Z',
    ...overrides,
  };
}

export function anArchiveEntry(overrides: Partial<ArchiveEntry> = {}): ArchiveEntry {
  return {
    visitId: randomUUID(),
    title: 'Trao đổi kinh nghiệm thực hiện Nghị quyết 35',
    hostAgencyId: 'btgtu-quang-nam',
    hostAgency: 'Ban Tuyên giáo Tỉnh ủy Quảng Nam',
    hostProvince: 'Quảng Nam',
    visitingAgencyId: 'btgtu-thanh-hoa',
    visitingAgency: 'Ban Tuyên giáo Tỉnh ủy Thanh Hóa',
    visitingProvince: 'Thanh Hóa',
    date: '2026-08-24',
    archivedAt: '2026-09-01T03:00:00.000Z',
    sha256: 'b'.repeat(64),
    ...overrides,
  };
}
