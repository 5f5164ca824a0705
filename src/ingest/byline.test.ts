import { describe, expect, it } from 'vitest';
import { BYLINE_LINE, parseByline, splitCaptionCredit } from './byline.js';

describe('parseByline', () => {
  it.each([
    ['BY KIM JU-YEON, YONHAP [kim.juyeon2@joongang.co.kr]', null, [{ name: 'Kim Ju-yeon', role: 'reporter', organization: 'Yonhap', email: 'kim.juyeon2@joongang.co.kr' }]],
    ['By Jane Doe and John Roe, Associated Press', null, [{ name: 'Jane Doe', role: 'reporter', organization: 'AP', email: null }, { name: 'John Roe', role: 'reporter', organization: 'AP', email: null }]],
    ['Von Christian Hollmann, dpa', null, [{ name: 'Christian Hollmann', role: 'reporter', organization: 'dpa', email: null }]],
    ['김주연 기자', '연합뉴스', [{ name: '김주연', role: 'reporter', organization: 'Yonhap', email: null }]],
    ['홍길동 특파원', 'Yonhap', [{ name: '홍길동', role: 'correspondent', organization: 'Yonhap', email: null }]],
    ['NTB', null, [{ name: 'NTB', role: 'reporter', organization: 'NTB', email: null }]],
    ['Photo by Lee Jin-man', 'AP', [{ name: 'Lee Jin-man', role: 'photographer', organization: 'AP', email: null }]],
    ['', 'AP', []],
  ] as const)('%s', (byline, organization, expected) => {
    expect(parseByline(byline, organization)).toEqual(expected);
  });
});

describe('byline paragraphs and caption credits', () => {
  it('recognises a pasted byline paragraph but not a sentence', () => {
    expect(BYLINE_LINE.test('BY KIM JU-YEON, YONHAP [kim.juyeon2@joongang.co.kr]')).toBe(true);
    expect(BYLINE_LINE.test('By the end of the day, the market had closed.')).toBe(false);
  });
  it('splits " [YONHAP]" off a caption', () => {
    expect(splitCaptionCredit('A soldier at a camp on Oct. 28. [YONHAP]')).toEqual({ caption: 'A soldier at a camp on Oct. 28.', credit: 'YONHAP' });
    expect(splitCaptionCredit('No credit here (see above)')).toEqual({ caption: 'No credit here (see above)', credit: null });
  });
});
