/** The seeded people of the seed visit (infra/local/users.json and functions/domain/agencies.json). */
export const PEOPLE = {
  /** staff of the visiting agency (Thanh Hóa): submits, revises */
  requester: 'huong.nt@btgtu.thanhhoa.example',
  /** the host agency's secretary (Quảng Nam): records the minutes */
  secretary: 'hoa.lt@btgtu.quangnam.example',
  /** host staff who is not a secretary */
  hostStaff: 'ha.ttt@btgtu.quangnam.example',
  /** staff of an unrelated agency */
  outsider: 'binh.hv@snv.nghean.example',
  auditor: 'tam.vtt@btgtu.quangnam.example',
  /** the host chain: step 1 and its deputy, step 2 (also the chair) */
  approver1: 'sang.nh@btgtu.quangnam.example',
  deputy1: 'minh.tv@btgtu.quangnam.example',
  approver2: 'lan.ntt@btgtu.quangnam.example',
  chair: 'lan.ntt@btgtu.quangnam.example',
} as const;

/** A Vietnam calendar date `days` after the instant `now`. */
export function dateAfter(now: string, days: number): string {
  return new Date(Date.parse(now) + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}
