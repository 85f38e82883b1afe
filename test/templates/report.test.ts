/**
 * The follow-up report (Báo cáo kết quả thực hiện) from its model and its DOCX text: the minutes it follows up, each
 * action with its owner, due date and result, what is left, in the host's format (Party: HD 36, state: Decree 30)
 * and in both languages.
 */
import { describe, expect, it } from 'vitest';
import { buildReport, reportModel } from '#templates/report.ts';
import { fixtureReportInput, inOrder, rawText } from './support.ts';

const flat = (text: string) => text.replace(/\s+/g, ' ');
const text = async (name: string) => flat(await rawText(await buildReport(fixtureReportInput(name))));

describe('the follow-up report', () => {
  it('is numbered BC in a Party body’s way and dated on its day, under the Party’s title', async () => {
    const model = reportModel(fixtureReportInput('seed-report'));
    expect(model.format).toBe('hd36');
    expect(model.kind).toBe('report');
    expect(model.meta.number).toBe('12-BC/BTGTU');
    const t = await text('seed-report');
    inOrder(t, [
      'ĐẢNG CỘNG SẢN VIỆT NAM',
      'Số 12-BC/BTGTU',
      'Quảng Nam, ngày 22 tháng 9 năm 2026',
      'BÁO CÁO',
      'kết quả thực hiện các nội dung thống nhất tại buổi làm việc với Đoàn công tác Ban Chỉ đạo 35 tỉnh Thanh Hóa',
    ]);
  });

  it('says which minutes it follows up, then each action with its owner, due date and result, then what is left', async () => {
    const input = fixtureReportInput('seed-report');
    const t = await text('seed-report');
    inOrder(t, [
      'Thực hiện Biên bản làm việc số 05-BB/BTGTU ngày 24 tháng 8 năm 2026',
      'tính đến ngày 22 tháng 9 năm 2026',
      'I. KẾT QUẢ THỰC HIỆN',
      'Biên bản phân công 03 nhiệm vụ: đã hoàn thành 01; đang thực hiện 02, trong đó quá hạn 01.',
      input.items[0]?.task ?? '',
      '15/09/2026',
      'Đã hoàn thành ngày 11/09/2026',
      input.items[0]?.note ?? '',
      input.items[1]?.task ?? '',
      'Đang thực hiện',
      input.items[2]?.task ?? '',
      'Quá hạn, chưa hoàn thành',
      'II. NHIỆM VỤ TIẾP TỤC THỰC HIỆN',
      '(thời hạn 18/09/2026, đã quá hạn)',
      'tiếp tục được theo dõi, đôn đốc thực hiện đến khi hoàn thành.',
      'Nơi nhận:',
      '- Thường trực Tỉnh ủy (để b/c);',
      '- Ban Tuyên giáo Tỉnh ủy Thanh Hóa;',
      '- Lưu Văn phòng Ban.',
      'TRƯỞNG BAN',
      'Nguyễn Thị Thu Lan',
    ]);
  });

  it('is issued in the state format by a state body, and ends “./.” when every action is done', async () => {
    const model = reportModel(fixtureReportInput('state-report'));
    expect(model.format).toBe('decree30');
    expect(model.meta.number).toBe('03/BC-SNV');
    const t = await text('state-report');
    inOrder(t, [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Số: 03/BC-SNV',
      'Biên bản phân công 02 nhiệm vụ, đã hoàn thành cả 02 nhiệm vụ.',
      'Các nhiệm vụ được phân công tại buổi làm việc đã được thực hiện đầy đủ./.',
      '- Lưu: VT, VP.',
      'GIÁM ĐỐC',
    ]);
    expect(t).not.toContain('II. ');
  });

  it('is written in English for a visit held in English, with the typed content as typed', async () => {
    const t = await text('state-report-en');
    inOrder(t, [
      'No. 03/BC-SNV',
      'REPORT',
      'This is the English rendering',
      'Following up the Minutes No. 09/BB-SNV of 15 October 2026',
      'I. RESULTS',
      'The minutes assigned two actions, and all are done.',
      'Done on 28 October 2026',
      'Every action assigned at the working session has been carried out.',
      'File copy: Records, Office.',
    ]);
  });

  it('gives the same bytes for the same input', async () => {
    const a = await buildReport(fixtureReportInput('seed-report'));
    const b = await buildReport(fixtureReportInput('seed-report'));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});
