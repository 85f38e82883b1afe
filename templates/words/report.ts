/**
 * The words of the follow-up report (Báo cáo kết quả thực hiện) in Vietnamese and English, the same in both
 * formats: how it opens (the minutes it follows up), the tally, the table's columns and results, and what is left.
 */
import type { Language } from '#domain/visit.ts';
import { pad2 } from './dates.ts';
import { inWords } from './documents.ts';

export interface ReportWords {
  /** the summary under the type name (a format may change its first letter) */
  summary: (delegation: string) => string;
  /** "Thực hiện Biên bản làm việc số … ngày …" */
  opening: (p: {
    minutesNumber: string;
    minutesDate: string;
    host: string;
    delegation: string;
    title: string;
    asOf: string;
  }) => string;
  parts: { results: string; pending: string };
  tally: (total: number, done: number, open: number, overdue: number) => string;
  colResult: string;
  doneOn: (date: string) => string;
  open: string;
  overdue: string;
  /** the line before the list of what is left */
  pendingIntro: string;
  /** an item left, with its due date */
  pendingItem: (task: string, due: string, overdue: boolean) => string;
  /** the sentence that ends the body */
  followUp: string;
  allDone: string;
}

export const REPORT_WORDS: Record<Language, ReportWords> = {
  vi: {
    summary: (d) => `Kết quả thực hiện các nội dung thống nhất tại buổi làm việc với ${d}`,
    opening: (p) =>
      `Thực hiện Biên bản làm việc${p.minutesNumber ? ` số ${p.minutesNumber}` : ''} ${p.minutesDate} giữa ${p.host} và ${p.delegation} về nội dung: ${p.title}; ${p.host} báo cáo kết quả thực hiện các nhiệm vụ được phân công, tính đến ${p.asOf}, như sau:`,
    parts: { results: 'KẾT QUẢ THỰC HIỆN', pending: 'NHIỆM VỤ TIẾP TỤC THỰC HIỆN' },
    tally: (total, done, open, overdue) =>
      open === 0
        ? `Biên bản phân công ${pad2(total)} nhiệm vụ, đã hoàn thành cả ${pad2(done)} nhiệm vụ`
        : `Biên bản phân công ${pad2(total)} nhiệm vụ: đã hoàn thành ${pad2(done)}; đang thực hiện ${pad2(open)}${
            overdue ? `, trong đó quá hạn ${pad2(overdue)}` : ''
          }`,
    colResult: 'Kết quả',
    doneOn: (date) => `Đã hoàn thành ngày ${date}`,
    open: 'Đang thực hiện',
    overdue: 'Quá hạn, chưa hoàn thành',
    pendingIntro: 'Các nhiệm vụ chưa hoàn thành:',
    pendingItem: (task, due, overdue) => `${task} (thời hạn ${due}${overdue ? ', đã quá hạn' : ''})`,
    followUp: 'Các nhiệm vụ chưa hoàn thành tiếp tục được theo dõi, đôn đốc thực hiện đến khi hoàn thành',
    allDone: 'Các nhiệm vụ được phân công tại buổi làm việc đã được thực hiện đầy đủ',
  },
  en: {
    summary: (d) => `Follow-up of the working session with the ${d}`,
    opening: (p) =>
      `Following up the Minutes${p.minutesNumber ? ` No. ${p.minutesNumber}` : ''} of ${p.minutesDate} of the working session between the ${p.host} and the ${p.delegation} on: ${p.title}, the ${p.host} reports what became of the actions they assigned, as of ${p.asOf}:`,
    parts: { results: 'RESULTS', pending: 'ACTIONS STILL OPEN' },
    tally: (total, done, open, overdue) =>
      open === 0
        ? `The minutes assigned ${inWords(total)} action${total === 1 ? '' : 's'}, and ${total === 1 ? 'it is' : 'all are'} done`
        : `The minutes assigned ${inWords(total)} action${total === 1 ? '' : 's'}: ${inWords(done)} done, ${inWords(open)} open${
            overdue ? `, of which ${inWords(overdue)} overdue` : ''
          }`,
    colResult: 'Result',
    doneOn: (date) => `Done on ${date}`,
    open: 'Open',
    overdue: 'Overdue, not done',
    pendingIntro: 'Actions not yet done:',
    pendingItem: (task, due, overdue) => `${task} (due ${due}${overdue ? ', overdue' : ''})`,
    followUp: 'The actions not yet done are followed up until they are',
    allDone: 'Every action assigned at the working session has been carried out',
  },
};
