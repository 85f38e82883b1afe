import { describe, expect, it } from 'vitest';
import { seedAgency } from '#domain/directory/seed.ts';
import type { NoticeContext, NoticeKind } from '#domain/ports.ts';
import type { Visit } from '#domain/visit.ts';
import { composeNotice, noticeComposer } from '#templates/mail.ts';
import { seedMinutes, seedRequest } from '../support/seed-2024.ts';

const HOSTILE = '<script>alert("x")</script> & "quoted"';
const host = seedAgency('btgtu-quang-nam')!;
const visiting = seedAgency('btgtu-thanh-hoa')!;

function visit(language: 'vi' | 'en', title = seedRequest().title): Visit {
  return {
    id: 'v-1',
    status: 'AWAITING_APPROVAL',
    version: 1,
    request: { ...seedRequest('2026-08-24', '2026-08-25'), title, language },
    owner: { email: 'huong.nt@btgtu.thanhhoa.example', name: 'Nguyễn Thị Hương', agencyId: visiting.id },
    minutes: seedMinutes('2026-08-24'),
    agendaVersion: 1,
    minutesVersion: 1,
    createdAt: '2026-07-20T02:00:00Z',
    updatedAt: '2026-07-20T02:00:00Z',
  };
}

function ctx(language: 'vi' | 'en', extra: Partial<NoticeContext> = {}): NoticeContext {
  return {
    visit: visit(language),
    host,
    visiting,
    recipient: host.approvalChain[0]!.approver,
    link: 'https://visits.example/approve/abc.def',
    deadline: '2026-07-23T10:00:00Z',
    documentNumber: '05/CTr-BTGTU',
    ...extra,
  };
}

const KINDS: NoticeKind[] = [
  'approvalRequest',
  'approvalReminder',
  'escalation',
  'revisionRequest',
  'revisionReminder',
  'approved',
  'rejected',
  'expired',
  'minutesRequest',
  'minutesReminder',
  'minutesChanges',
  'minutesSignoff',
  'minutesSignoffReminder',
  'archived',
  'failed',
];

describe('every notice', () => {
  it.each(KINDS)(
    '%s names the visit, both agencies, the head of delegation and the dates, in Vietnamese',
    (kind) => {
      const mail = composeNotice(kind, ctx('vi'));
      expect(mail.subject).toContain(seedRequest().title);
      expect(mail.text).toContain('Kính gửi đồng chí Nguyễn Hữu Sáng,');
      for (const s of [
        'Ban Tuyên giáo Tỉnh ủy Quảng Nam',
        'Ban Tuyên giáo Tỉnh ủy Thanh Hóa',
        'Trưởng đoàn: Phạm Văn Tuấn',
        '24/08/2026 – 25/08/2026',
        'Hội trường Ban Tuyên giáo Tỉnh ủy Quảng Nam',
      ]) {
        expect(mail.text).toContain(s);
        expect(mail.html).toContain(s.replace('Trưởng đoàn: ', ''));
      }
      expect(mail.html).toMatch(/^<!doctype html><html lang="vi">/);
    },
  );

  it.each(KINDS)('%s is written in English for an English visit', (kind) => {
    const mail = composeNotice(kind, ctx('en'));
    expect(mail.text).toContain('Dear Nguyễn Hữu Sáng,');
    expect(mail.text).toContain(visiting.nameEn);
    expect(mail.text).toContain('Head of delegation: Phạm Văn Tuấn');
    expect(mail.text).not.toMatch(/Kính gửi|Cơ quan/);
    expect(mail.html).toMatch(/<html lang="en">/);
  });

  it.each(KINDS)('%s escapes what people typed in its HTML', (kind) => {
    const c = ctx('vi', { comment: HOSTILE });
    c.visit = visit('vi', HOSTILE);
    const mail = composeNotice(kind, c);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quoted&quot;');
  });
});

describe('what each notice asks', () => {
  it('an approval request carries the link, the deadline in Vietnam time and the document number', () => {
    const mail = composeNotice('approvalRequest', ctx('vi'));
    expect(mail.subject).toMatch(/^Đề nghị phê duyệt chương trình làm việc: /);
    expect(mail.text).toContain('Xem và phê duyệt: https://visits.example/approve/abc.def');
    expect(mail.text).toContain('Đề nghị xử lý trước 17:00 ngày 23/07/2026.');
    expect(mail.text).toContain('Văn bản số 05/CTr-BTGTU.');
    expect(mail.html).toContain('href="https://visits.example/approve/abc.def"');
  });

  it('a reminder and an escalation say so', () => {
    expect(composeNotice('approvalReminder', ctx('vi')).subject).toMatch(/^\[Nhắc việc\] /);
    expect(composeNotice('approvalReminder', ctx('en')).subject).toMatch(/^\[Reminder\] /);
    expect(composeNotice('escalation', ctx('vi')).text).toContain('chuyển đồng chí xem xét thay');
  });

  it('a decision names who decided and the reason', () => {
    const rejected = composeNotice(
      'rejected',
      ctx('vi', { by: 'lan.ntt@btgtu.quangnam.example', comment: 'Trùng lịch công tác' }),
    );
    expect(rejected.subject).toMatch(/từ chối/);
    expect(rejected.text).toContain('Người từ chối: Nguyễn Thị Thu Lan (Trưởng ban).');
    expect(rejected.text).toContain('Ý kiến: Trùng lịch công tác');
    const approved = composeNotice('approved', ctx('en', { by: 'lan.ntt@btgtu.quangnam.example' }));
    expect(approved.text).toContain('Final approval by Nguyễn Thị Thu Lan (Trưởng ban).');
  });

  it('a revision request quotes the approver’s comment and links the revision form', () => {
    const mail = composeNotice(
      'revisionRequest',
      ctx('vi', { comment: 'Bổ sung danh sách', link: 'https://visits.example/visits/v-1/revise/t' }),
    );
    expect(mail.subject).toMatch(/chỉnh sửa/);
    expect(mail.text).toContain('Ý kiến: Bổ sung danh sách');
    expect(mail.text).toContain('Chỉnh sửa đề nghị: https://visits.example/visits/v-1/revise/t');
  });

  it('the minutes notices go to the secretary and the chair with their words', () => {
    expect(composeNotice('minutesRequest', ctx('vi')).text).toContain('(cần đăng nhập)');
    expect(composeNotice('minutesChanges', ctx('vi')).subject).toMatch(/chỉnh sửa biên bản/);
    const signoff = composeNotice('minutesSignoff', ctx('vi'));
    expect(signoff.subject).toMatch(/^Đề nghị chủ tọa duyệt biên bản: /);
    expect(signoff.subject).not.toMatch(/phê duyệt/);
    expect(composeNotice('archived', ctx('vi')).text).toContain('Chủ tọa: Nguyễn Thị Thu Lan.');
  });

  it('a notice without a link carries none', () => {
    const mail = composeNotice('expired', ctx('vi', { link: undefined }));
    expect(mail.text).not.toContain('https://');
    expect(mail.subject).toMatch(/quá hạn/);
  });

  it('greets every recipient by name', () => {
    const [first, second] = [host.approvalChain[0]!.approver, host.secretary];
    const vi = composeNotice('approved', ctx('vi', { recipient: first, recipients: [first, second] }));
    expect(vi.text.split('\n')[0]).toBe(`Kính gửi các đồng chí ${first.name}, ${second.name},`);
    const en = composeNotice('approved', ctx('en', { recipient: first, recipients: [first, second] }));
    expect(en.text.split('\n')[0]).toBe(`Dear ${first.name}, ${second.name},`);
  });

  it('a notice that asks nothing links to the visit’s page; one with a link of its own keeps it', () => {
    const compose = noticeComposer('https://visits.example/');
    const approved = compose('approved', ctx('vi', { link: undefined }));
    expect(approved.text).toContain('Xem hồ sơ chuyến công tác: https://visits.example/visits/');
    expect(approved.html).toContain('href="https://visits.example/visits/');
    expect(compose('approvalRequest', ctx('vi')).text).toContain('https://visits.example/approve/abc.def');
  });

  it('wraps the address beneath the button, so the mail fits a phone', () => {
    const html = composeNotice('approvalRequest', ctx('vi')).html ?? '';
    expect(html).toContain('<meta name="viewport"');
    expect(html).toContain('word-break:break-all');
  });
});

describe('the follow-up of an action item', () => {
  const action = (turn: NonNullable<NoticeContext['action']>['turn'], extra = {}) =>
    ctx('vi', {
      link: 'https://visits.example/actions/abc.def',
      action: { task: `Gửi tài liệu ${HOSTILE}`, owner: 'Văn phòng Ban', due: '2026-09-15', turn, ...extra },
    });

  it('gives the owner the task, the due date and the link, and says opening it changes nothing', () => {
    const mail = composeNotice('actionAssigned', action('assigned'));
    expect(mail.subject).toMatch(/^Nhiệm vụ được phân công: Gửi tài liệu/);
    for (const s of [
      'Thời hạn: 15/09/2026',
      'Đơn vị, người thực hiện: Văn phòng Ban',
      'mở liên kết không làm thay đổi gì',
    ])
      expect(mail.text).toContain(s);
    expect(mail.text).toContain('Báo cáo kết quả thực hiện: https://visits.example/actions/abc.def');
    expect(mail.html).not.toContain('<script>');
  });

  it('reminds before and on the due date, then says how many weeks overdue, in either language', () => {
    expect(composeNotice('actionReminder', action('before')).subject).toMatch(
      /^\[Nhắc việc\] Nhiệm vụ đến hạn ngày 15\/09\/2026: /,
    );
    expect(composeNotice('actionReminder', action('due')).text).toContain('đến hạn hôm nay');
    expect(composeNotice('actionReminder', action('overdue', { overdueWeeks: 3 })).text).toContain(
      'quá hạn 3 tuần',
    );
    const en = composeNotice('actionReminder', {
      ...ctx('en', { link: 'https://visits.example/actions/abc.def' }),
      action: { task: 'Send it', owner: 'Office', due: '2026-09-15', turn: 'overdue', overdueWeeks: 2 },
    });
    expect(en.subject).toBe('[Reminder] Overdue action: Send it');
    expect(en.text).toContain('2 weeks overdue');
    expect(en.text).toContain('Report it done: https://visits.example/actions/abc.def');
  });

  it('tells the owner of a reopened item why', () => {
    const mail = composeNotice('actionReopened', action('reopened', { reopenNote: 'Còn thiếu bản điện tử' }));
    expect(mail.subject).toMatch(/^Nhiệm vụ được mở lại: /);
    expect(mail.text).toContain('Lý do: Còn thiếu bản điện tử');
  });

  it('shortens a long task in the subject line', () => {
    const mail = composeNotice('actionAssigned', {
      ...action('assigned'),
      action: { task: 'x'.repeat(300), owner: 'o', due: '2026-09-15', turn: 'assigned' },
    });
    expect(mail.subject.length).toBeLessThan(120);
    expect(mail.subject).toMatch(/…$/);
  });
});
