import { describe, expect, it } from 'vitest';
import { STATUSES } from '#domain/visit.ts';
import { fieldLabel, fieldMessage, fieldMessages } from '#templates/words/fields.ts';
import { STATUS_LABELS } from '#templates/words/statuses.ts';

describe('the words for statuses', () => {
  it('every status has a label in both languages', () => {
    for (const s of STATUSES) {
      expect(STATUS_LABELS[s].vi.length).toBeGreaterThan(0);
      expect(STATUS_LABELS[s].en.length).toBeGreaterThan(0);
    }
  });
});

describe('the words for fields', () => {
  it('a row field is labelled with its 1-based row number', () => {
    expect(fieldLabel('members[1].name')).toEqual({ vi: 'Họ tên thành viên thứ 2', en: 'Name of member 2' });
    expect(fieldLabel('topics[0]')).toEqual({ vi: 'Nội dung thứ 1', en: 'Topic 1' });
  });

  it('a path with no label stands for itself', () => {
    expect(fieldLabel('nested.unknown[3]')).toEqual({ vi: 'nested.unknown[3]', en: 'nested.unknown[3]' });
  });

  it('a refused field reads "Label: reason"', () => {
    const reason = { vi: 'bắt buộc nhập', en: 'is required' };

    expect(fieldMessage('contact.name', reason, 'vi')).toBe('Họ tên người liên hệ: bắt buộc nhập');
    expect(fieldMessage('contact.name', reason, 'en')).toBe('Contact name: is required');
  });

  it('a sentence is said as it is, starting with the label where it says so', () => {
    const before = {
      vi: '{label} phải bằng hoặc sau Từ ngày',
      en: '{label} must be the same day as From or later',
    };
    const about = { vi: 'Không có tỉnh "{label}" trong danh sách', en: '"{label}" is not a known province' };

    expect(fieldMessage('to', { ...before, sentence: true }, 'vi')).toBe(
      'Đến ngày phải bằng hoặc sau Từ ngày',
    );
    expect(fieldMessage('to', { ...before, sentence: true }, 'en')).toBe(
      'To must be the same day as From or later',
    );
    // a value typed as "{label}" stays what was typed
    expect(fieldMessage('province', { ...about, sentence: true }, 'en')).toBe(
      '"{label}" is not a known province',
    );
  });

  it('every refused field of an error, in one language', () => {
    const messages = fieldMessages(
      {
        decision: { vi: 'chỉ được chọn approve, changes', en: 'must be one of approve, changes' },
        comment: {
          vi: 'bắt buộc khi yêu cầu chỉnh sửa hoặc từ chối',
          en: 'required when requesting changes or rejecting',
        },
      },
      'en',
    );

    expect(messages).toEqual({
      decision: 'Decision: must be one of approve, changes',
      comment: 'Comment: required when requesting changes or rejecting',
    });
  });
});
