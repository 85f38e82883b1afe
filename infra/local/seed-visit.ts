/**
 * The seed visit (the working delegation of Thanh Hóa's Ban Chỉ đạo 35, led by the deputy head of the Ban Tuyên
 * giáo, visiting Quảng Nam, as the press reported it), as a request and as its minutes. Each person's position is
 * written one way throughout, as the host agency's data writes it. Dates are parameters so the same visit can be
 * played at any time; `SEED_DATE` is the real one.
 */
import type { MinutesRecord, VisitRequest } from '#domain/visit.ts';

export const SEED_DATE = '2026-08-24';

export function seedRequest(startDate = SEED_DATE, endDate = startDate): VisitRequest {
  return {
    hostAgencyId: 'btgtu-quang-nam',
    visitingAgencyId: 'btgtu-thanh-hoa',
    delegationOf: 'Ban Chỉ đạo 35 tỉnh Thanh Hóa',
    title: 'Trao đổi kinh nghiệm thực hiện Nghị quyết 35 của Bộ Chính trị',
    purpose:
      'Trao đổi kinh nghiệm thực hiện Nghị quyết 35 của Bộ Chính trị (khóa XII) về “Tăng cường bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch trong tình hình mới”; học hỏi cách tổ chức, hoạt động của Ban Chỉ đạo 35 tỉnh.',
    startDate,
    endDate,
    place: 'Hội trường Ban Tuyên giáo Tỉnh ủy Quảng Nam',
    language: 'vi',
    members: [
      {
        name: 'Phạm Văn Tuấn',
        position: 'Phó Trưởng ban Tuyên giáo Tỉnh ủy, thành viên Ban Chỉ đạo 35 tỉnh Thanh Hóa',
      },
      { name: 'Lê Văn Hải', position: 'Trưởng phòng Lý luận chính trị, Ban Tuyên giáo Tỉnh ủy Thanh Hóa' },
      { name: 'Nguyễn Thị Hương', position: 'Chuyên viên Ban Tuyên giáo Tỉnh ủy Thanh Hóa' },
    ],
    topics: [
      'Kinh nghiệm hoạt động của Ban Chỉ đạo 35 tỉnh',
      'Mối quan hệ giữa các thành viên trong Ban Chỉ đạo 35 tỉnh',
      'Hoạt động của nhóm chuyên gia, cộng tác viên',
      'Sự phối hợp và hiệu quả hoạt động của Ban Chỉ đạo 35 cấp huyện',
    ],
    agenda: [],
    contact: { name: 'Nguyễn Thị Hương', email: 'huong.nt@btgtu.thanhhoa.example', phone: '0237 3852 123' },
  };
}

export function seedMinutes(date = SEED_DATE): MinutesRecord {
  return {
    startedAt: `${date}T08:00:00+07:00`,
    endedAt: `${date}T11:00:00+07:00`,
    place: 'Hội trường Ban Tuyên giáo Tỉnh ủy Quảng Nam',
    chair: {
      name: 'Nguyễn Thị Thu Lan',
      position: 'Trưởng ban Tuyên giáo Tỉnh ủy, Phó Trưởng ban Chỉ đạo 35 tỉnh Quảng Nam',
      email: 'lan.ntt@btgtu.quangnam.example',
    },
    secretary: { name: 'Lê Thị Hoa', position: 'Chuyên viên Văn phòng Ban Tuyên giáo Tỉnh ủy Quảng Nam' },
    attendees: [
      {
        name: 'Nguyễn Thị Thu Lan',
        position: 'Trưởng ban Tuyên giáo Tỉnh ủy, Phó Trưởng ban Chỉ đạo 35 tỉnh Quảng Nam',
        side: 'host',
      },
      { name: 'Nguyễn Hữu Sáng', position: 'Phó Trưởng ban Tuyên giáo Tỉnh ủy Quảng Nam', side: 'host' },
      {
        name: 'Lê Thị Hoa',
        position: 'Chuyên viên Văn phòng Ban Tuyên giáo Tỉnh ủy Quảng Nam',
        side: 'host',
      },
      {
        name: 'Phạm Văn Tuấn',
        position: 'Phó Trưởng ban Tuyên giáo Tỉnh ủy, thành viên Ban Chỉ đạo 35 tỉnh Thanh Hóa',
        side: 'visiting',
      },
      {
        name: 'Lê Văn Hải',
        position: 'Trưởng phòng Lý luận chính trị, Ban Tuyên giáo Tỉnh ủy Thanh Hóa',
        side: 'visiting',
      },
      {
        name: 'Nguyễn Thị Hương',
        position: 'Chuyên viên Ban Tuyên giáo Tỉnh ủy Thanh Hóa',
        side: 'visiting',
      },
    ],
    items: [
      {
        heading: 'Phát biểu của đồng chí Nguyễn Thị Thu Lan',
        content:
          'Công tác bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch theo tinh thần Nghị quyết 35 của Bộ Chính trị là nhiệm vụ chính trị vô cùng hệ trọng, vừa cấp bách, vừa thường xuyên và lâu dài. Cuộc làm việc là dịp để hai địa phương học hỏi, trao đổi kinh nghiệm, cách làm hay trong công tác tổ chức, hoạt động của Ban Chỉ đạo 35.',
      },
      {
        heading: 'Đề nghị của đồng chí Phạm Văn Tuấn',
        content:
          'Đề nghị Ban Tuyên giáo Tỉnh ủy Quảng Nam, cơ quan thường trực Ban Chỉ đạo 35 tỉnh, chia sẻ kinh nghiệm hoạt động của Ban Chỉ đạo 35 tỉnh; mối quan hệ giữa các thành viên; hoạt động của nhóm chuyên gia, cộng tác viên và sự phối hợp của Ban Chỉ đạo 35 cấp huyện.',
      },
      {
        heading: 'Trao đổi của đồng chí Nguyễn Hữu Sáng',
        content:
          'Ngay sau khi ra đời, Ban Chỉ đạo 35 tỉnh đã xây dựng lực lượng từ tỉnh đến cấp huyện bảo đảm cơ cấu thành phần, số lượng; thiết lập kênh thông tin giữa cơ quan thường trực với các cơ quan thành viên; biên soạn chuyên đề “Nâng cao nhận thức của cán bộ, đảng viên trong việc bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch trên không gian mạng”.',
      },
      {
        heading: 'Tặng quà lưu niệm',
        content:
          'Lãnh đạo Ban Tuyên giáo Tỉnh ủy Thanh Hóa tặng quà lưu niệm Ban Tuyên giáo Tỉnh ủy Quảng Nam.',
      },
    ],
    conclusions: [
      'Hai bên thống nhất tiếp tục chia sẻ thông tin, cách làm hay trong công tác tham mưu triển khai Nghị quyết 35.',
      'Vận dụng kinh nghiệm trao đổi vào hoạt động của Ban Chỉ đạo 35 ở mỗi địa phương trong thời gian đến.',
    ],
    actions: [
      {
        task: 'Gửi tài liệu chuyên đề về nâng cao nhận thức trên không gian mạng cho Ban Tuyên giáo Tỉnh ủy Thanh Hóa',
        owner: 'Văn phòng Ban Tuyên giáo Tỉnh ủy Quảng Nam',
        due: '2026-09-15',
      },
    ],
  };
}

/** The people of the seed visit, as seeded in infra/local/users.json and domain/agencies.json. */
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
